"""The timeline in a real browser on the seeded plan: one bar per live dated item, folding a section hides its
descendants' bars, a department filter keeps its items only, a click on a bar opens the item, the image button is
there, nothing breaks the page's CSP or comes from elsewhere, and a phone's width does not scroll sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.helpers import screenshot, sign_in
from tracker.extensions import db
from tracker.plan.models import Plan, WorkItem

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
CHART = "#timeline-chart"


def _dated(plan_title: str, *where) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(WorkItem)
        .join(Plan, Plan.id == WorkItem.plan_id)
        .where(
            Plan.title == plan_title,
            WorkItem.live,
            WorkItem.start_date.is_not(None),
            WorkItem.due_date.is_not(None),
            *where,
        )
    )


@pytest.fixture
def violations(page) -> list[str]:
    found: list[str] = []
    page.add_init_script(
        """window.__violations = [];
        document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective));"""
    )

    def note(message) -> None:
        if "Refused to" in message.text or "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", note)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def _open(page, url: str) -> int:
    page.goto(url)
    chart = page.locator(CHART)
    expect(chart).to_have_attribute("data-drawn-bars", re.compile(r"^[1-9]\d*$"))
    return int(chart.get_attribute("data-drawn-bars"))


def _option(page) -> dict:
    return page.evaluate(
        """() => {
            const option = echarts.getInstanceByDom(document.getElementById("timeline-chart")).getOption();
            return {bars: option.series[0].data, rows: option.yAxis[0].data, toolbox: option.toolbox[0].feature};
        }"""
    )


def test_bars_folding_and_click_through(page, live_site, violations, outside_requests):
    page.set_viewport_size(DESKTOP)
    with live_site.app.app_context():
        expected = _dated(live_site.plan_title)
        section_id, section_path = db.session.execute(
            select(WorkItem.id, WorkItem.path)
            .join(Plan, Plan.id == WorkItem.plan_id)
            .where(Plan.title == live_site.plan_title, WorkItem.parent_id.is_(None), WorkItem.live)
            .order_by(WorkItem.path.desc())
            .limit(1)
        ).one()
        below = _dated(live_site.plan_title, WorkItem.path.startswith(section_path), WorkItem.id != section_id)
    assert expected > 0 and below > 0
    sign_in(page, live_site.username, live_site.password)
    assert _open(page, f"/timeline?plan={live_site.plan_code}") == expected
    option = _option(page)
    assert len(option["bars"]) == expected
    assert option["toolbox"]["saveAsImage"]["name"].startswith("规划时间轴")
    screenshot(page, "timeline-desktop-1366", full_page=False)
    screenshot(page, "timeline-desktop-1366-full")

    # Fold the last top-level section by clicking its row label: its descendants' bars go.
    label_y = page.evaluate(
        """(id) => {
            const chart = echarts.getInstanceByDom(document.getElementById("timeline-chart"));
            const rows = JSON.parse(document.getElementById("timeline-data").textContent).rows;
            const index = rows.findIndex(row => row.id === id);
            return chart.convertToPixel({yAxisIndex: 0}, String(index));
        }""",
        section_id,
    )
    box = page.locator(CHART).bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + label_y)
    expect(page.locator(CHART)).to_have_attribute("data-drawn-bars", str(expected - below))
    screenshot(page, "timeline-folded", full_page=False)
    page.get_by_role("button", name="全部展开").click()
    expect(page.locator(CHART)).to_have_attribute("data-drawn-bars", str(expected))
    page.get_by_role("button", name="折叠到主要任务").click()
    expect(page.locator(CHART)).not_to_have_attribute("data-drawn-bars", str(expected))
    page.get_by_role("button", name="全部展开").click()
    page.get_by_role("button", name="按季度").click()
    screenshot(page, "timeline-quarters", full_page=False)
    page.get_by_role("button", name="按年").click()

    # Click the middle of the first bar: its item's page opens.
    point = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById("timeline-chart"));
            const bar = chart.getOption().series[0].data[0];
            const rows = JSON.parse(document.getElementById("timeline-data").textContent).rows;
            const xy = chart.convertToPixel({seriesId: "bars"}, [(bar[1] + bar[2]) / 2, bar[0]]);
            return {x: xy[0], y: xy[1], url: rows[bar[3]].url};
        }"""
    )
    box = page.locator(CHART).bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert page.url.endswith(point["url"])

    assert violations == []
    assert outside_requests == []


def test_department_filter_and_phone_width(page, live_site, violations, outside_requests):
    with live_site.app.app_context():
        department_id, led = db.session.execute(
            select(WorkItem.lead_department_id, func.count())
            .join(Plan, Plan.id == WorkItem.plan_id)
            .where(
                Plan.title == live_site.plan_title,
                WorkItem.live,
                WorkItem.lead_department_id.is_not(None),
                WorkItem.start_date.is_not(None),
                WorkItem.due_date.is_not(None),
            )
            .group_by(WorkItem.lead_department_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        everything = _dated(live_site.plan_title)
    assert 0 < led < everything
    sign_in(page, live_site.username, live_site.password)
    page.set_viewport_size(DESKTOP)
    assert _open(page, f"/timeline?plan={live_site.plan_code}&department={department_id}") == led
    assert page.evaluate("() => window.__violations") == []
    screenshot(page, "timeline-department", full_page=False)

    page.set_viewport_size(PHONE)
    assert _open(page, f"/timeline?plan={live_site.plan_code}") == everything
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("() => window.__violations") == []
    screenshot(page, "timeline-phone-390", full_page=False)
    screenshot(page, "timeline-phone-390-full")
    assert violations == []
    assert outside_requests == []


def _shown(page) -> dict:
    """What the chart draws now: its visible rows, title, image options, period label and x-axis tick labels."""
    return page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById("timeline-chart"));
            const option = chart.getOption();
            const rows = JSON.parse(document.getElementById("timeline-data").textContent).rows;
            const labels = chart.getModel().getComponent("xAxis", 0).axis.getViewLabels();
            return {
                rows: option.yAxis[0].data.map(index => rows[Number(index)]),
                title: option.title && option.title.length ? option.title[0].text + " " + option.title[0].subtext : "",
                image: option.toolbox[0].feature.saveAsImage,
                period: option.series[0].markArea.label,
                ticks: labels.map(label => label.formattedLabel).filter(Boolean),
                diamonds: option.series[2].data.filter(point => point.symbol === "diamond"),
            };
        }"""
    )


@pytest.fixture
def milestones(live_site):
    """A 2012 target the item missed (nothing reported by that year end) and a 2014 one not yet due."""
    from tracker.plan.models import ItemMilestone

    with live_site.app.app_context():
        item = db.session.scalars(
            select(WorkItem)
            .join(Plan, Plan.id == WorkItem.plan_id)
            .where(Plan.title == live_site.plan_title, WorkItem.live, WorkItem.kind == "task")
            .where(WorkItem.start_date.is_not(None), WorkItem.due_date.is_not(None))
            .order_by(WorkItem.path)
            .limit(1)
        ).one()
        rows = [ItemMilestone(work_item=item, year=2012, target_progress=33)]
        rows.append(ItemMilestone(work_item=item, year=2014, target_progress=80))
        db.session.add_all(rows)
        db.session.commit()
        ids = [row.id for row in rows]
    yield
    with live_site.app.app_context():
        db.session.query(ItemMilestone).filter(ItemMilestone.id.in_(ids)).delete()
        db.session.commit()


def test_milestone_states_quarter_ticks_folding_period_and_image(page, live_site, violations, milestones):
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_site.username, live_site.password)
    _open(page, f"/timeline?plan={live_site.plan_code}")
    shown = _shown(page)

    # Each diamond is coloured by its state, and says it: a missed 2012 is not drawn like a reached year.
    diamonds = {point["text"].split("\n")[1][:4]: point for point in shown["diamonds"]}
    assert "未达成" in diamonds["2012"]["text"] and "未到期" in diamonds["2014"]["text"]
    assert diamonds["2012"]["itemStyle"] != diamonds["2014"]["itemStyle"]
    assert diamonds["2012"]["itemStyle"]["borderColor"] == "#842029"
    legend = page.get_by_test_id("timeline-legend")
    for word in ("达成", "未达成", "落后", "未到期"):
        expect(legend).to_contain_text(word)

    # The saved image has a title and leaves the zoom slider out; the period's label is below the rows.
    assert shown["title"].startswith(live_site.plan_title) and "时间轴" in shown["title"]
    assert "2013-06-15" in shown["title"]
    assert shown["image"]["excludeComponents"] == ["toolbox", "dataZoom"]
    assert shown["period"]["position"] == [2, "100%"]
    screenshot(page, "timeline-states-full")

    # Quarters are labelled at quarter starts only.
    page.get_by_role("button", name="按季度").click()
    ticks = _shown(page)["ticks"]
    assert ticks and all(re.fullmatch(r"\d{4} Q[1-4]", tick) for tick in ticks), ticks
    assert len(ticks) >= 3
    screenshot(page, "timeline-quarters-ticks")
    page.get_by_role("button", name="按年").click()

    # Folding to the main tasks leaves everything at the main-task level or above, 专栏3's platforms folded too.
    page.get_by_role("button", name="折叠到主要任务").click()
    rows = _shown(page)["rows"]
    task_depth = min(row["depth"] for row in rows if row["kindKey"] == "task")
    assert rows and all(row["depth"] <= task_depth for row in rows)
    assert any(row["kindKey"] == "section" and row["depth"] == task_depth for row in rows)  # 专栏3 stays
    assert not any(row["kindKey"] == "platform" for row in rows)
    screenshot(page, "timeline-main-tasks", full_page=False)
    assert violations == []
