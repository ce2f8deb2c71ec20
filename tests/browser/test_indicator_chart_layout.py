"""An indicator's chart in a real browser, at desktop and phone width: the y-axis unit (亿元) and the legend's
entries do not overlap (the chart is drawn as SVG, so their text boxes can be read from the page)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import screenshot, sign_in

pytestmark = pytest.mark.browser

SIZES = {
    "phone": {"width": 390, "height": 844},
    "narrow-desktop": {"width": 1200, "height": 800},
    "laptop": {"width": 1024, "height": 768},
    "desktop": {"width": 1366, "height": 768},
}


def _boxes(page) -> dict:
    """The unit's text box and the legend entries' text boxes."""
    return page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById("indicator-chart"));
            const option = chart.getOption();
            const legend = option.legend[0].data.map(entry => (typeof entry === "string" ? entry : entry.name));
            const box = t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
            const texts = [...document.querySelectorAll("#indicator-chart text")];
            return {
                unit: texts.filter(t => t.textContent === option.yAxis[0].name).map(box),
                legend: texts.filter(t => legend.includes(t.textContent)).map(box),
            };
        }"""
    )


def _overlap(unit, entry) -> bool:
    """Whether the unit touches a legend entry: its text, the symbol drawn left of it, and a few pixels around."""
    entry = [entry[0] - 30, entry[1] - 5, entry[2] + 5, entry[3] + 5]
    return unit[0] < entry[2] and entry[0] < unit[2] and unit[1] < entry[3] and entry[1] < unit[3]


@pytest.mark.parametrize("size", list(SIZES))
def test_the_unit_and_the_legend_do_not_overlap(page, live_site, size):
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_site.username, live_site.password, then="/indicators")
    page.get_by_role("link", name="信息产业销售收入", exact=True).first.click()
    page.locator("#indicator-chart svg").wait_for()  # drawn: the page's scripts have run
    page.get_by_test_id("indicator-chart").scroll_into_view_if_needed()
    boxes = _boxes(page)
    assert len(boxes["unit"]) == 1 and len(boxes["legend"]) >= 3, boxes
    (unit,) = boxes["unit"]
    assert not any(_overlap(unit, entry) for entry in boxes["legend"]), boxes
    screenshot(page, f"indicator-chart-layout-{size}")
