"""The office phases an indicator's target by year in a real browser, at phone and desktop width: opens the
indicator, asks for the straight-line proposal, edits one year, saves; the chart then draws the yearly targets as a
dashed line (read back from ECharts' option) and the page fits the screen. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest

from tests.browser.helpers import screenshot, sign_in

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
# 信息产业销售收入: baseline 1927.75 (2010), target > 4500 (2015): the line steps by 514.45.
PROPOSAL = {"2011": "2442.2", "2012": "2956.65", "2013": "3471.1", "2014": "3985.55"}
EDITED = {"phone": "3500", "desktop": "3600"}
SHOWN = {"phone": "3,500", "desktop": "3,600"}  # the page separates thousands


def _chart_series(page) -> dict:
    return page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('indicator-chart'));
            const option = chart.getOption();
            return {years: option.xAxis[0].data,
                    series: option.series.map(
                        s => ({name: s.name, data: s.data, type: s.lineStyle && s.lineStyle.type}))};
        }"""
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_the_office_proposes_edits_and_saves_yearly_targets(page, live_site, size):
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_site.username, live_site.password, then="/indicators")
    page.get_by_role("link", name="信息产业销售收入", exact=True).first.click()
    page.get_by_test_id("edit-targets").click()
    page.get_by_test_id("propose").click()
    page.get_by_test_id("proposed").wait_for()
    form = page.get_by_test_id("targets-form")
    for year, value in PROPOSAL.items():
        assert form.locator(f'input[name="target_{year}"]').input_value() == value
    form.locator('input[name="target_2013"]').fill(EDITED[size])
    screenshot(page, f"indicator-targets-form-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    with page.expect_navigation():
        page.get_by_test_id("save-targets").click()
    assert page.get_by_text("已保存年度目标。").is_visible()
    rows = page.get_by_test_id("year-targets")
    assert rows.locator('tr[data-year="2013"] [data-col="target"]').inner_text().strip() == SHOWN[size]
    assert rows.locator('tr[data-year="2015"] [data-col="target"]').inner_text().startswith("4,500")
    chart = _chart_series(page)
    line = next(series for series in chart["series"] if series["name"] == "年度目标")
    by_year = dict(zip(chart["years"], line["data"], strict=True))
    assert line["type"] == "dashed"
    assert by_year["2011"] == 2442.2 and by_year["2013"] == float(EDITED[size]) and by_year["2014"] == 3985.55
    page.get_by_test_id("indicator-chart").scroll_into_view_if_needed()
    screenshot(page, f"indicator-targets-detail-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    page.goto("/indicators")
    screenshot(page, f"indicator-targets-register-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
