"""Issue 4's office pages in a real browser: the dashboard draws its three charts from local files only and its
figures lead to the lists they count; the review queue lists an overdue item, the office asks for a follow-up,
the request shows on the item's timeline and on the lead department's request page.

The overdue items are made here (the seed has none on the site's fixed today), in a department the other browser
tests leave alone, so their tree counts and exports are unaffected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.helpers import screenshot, sign_in, sign_out
from tests.conftest import TODAY
from tests.factories import Factories
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem

pytestmark = pytest.mark.browser

DEPARTMENT = "市商务委"  # leads e-commerce subtasks; not the department of the lead-flow or Excel tests
CHARTS = ("chart-tasks", "chart-departments", "chart-budget")
COMMENT = "请于月底前说明招商平台建设滞后的原因，并提交整改计划（附时间表）。"
FOLLOW_UP = TODAY + timedelta(days=15)


@dataclass(frozen=True)
class OverdueCast:
    department_id: int
    overdue_ids: list[int]  # the department's led items made overdue, the first one gets reviewed
    item_id: int
    item_title: str
    lead: str


@pytest.fixture(scope="module")
def overdue_cast(live_site) -> OverdueCast:
    """Two open subtasks 市商务委 leads, due before today (so overdue), and a lead of that department."""
    with live_site.app.app_context():
        department = db.session.scalar(select(Department).where(Department.short_name == DEPARTMENT))
        subtasks = db.session.scalars(
            select(WorkItem)
            .where(WorkItem.lead_department_id == department.id, WorkItem.kind == "subtask")
            .order_by(WorkItem.id.desc())
        ).all()
        chosen = [item for item in subtasks if not item.children and item.status in ("not_started", "in_progress")][:2]
        assert len(chosen) == 2, "the seed should give 市商务委 at least two open subtasks"
        for days_late, item in zip((30, 10), chosen, strict=True):
            item.due_date = TODAY - timedelta(days=days_late)
        factories = Factories(db.session, iter(range(30_000, 40_000)))
        lead = factories.user("lead", department=department, username="office-pages-lead", display_name="商务委赵敏")
        cast = OverdueCast(department.id, [item.id for item in chosen], chosen[0].id, chosen[0].title, lead.username)
        db.session.commit()
    return cast


def _watch_console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def note(message) -> None:
        # A missing favicon is the browser's own request, not the page's fault.
        if message.type == "error" and "favicon" not in (message.location or {}).get("url", ""):
            errors.append(message.text)

    page.on("console", note)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _chart_drawing_size(page: Page, chart_id: str) -> dict:
    return page.locator(f"#{chart_id}").evaluate(
        """holder => {
            const drawing = holder.querySelector("svg, canvas");
            if (!drawing) return {width: 0, height: 0};
            const box = drawing.getBoundingClientRect();
            return {width: box.width, height: box.height};
        }"""
    )


def test_dashboard_draws_its_charts_locally_and_figures_lead_to_their_lists(
    page, live_site, overdue_cast, outside_requests
):
    errors = _watch_console_errors(page)
    sign_in(page, live_site.username, live_site.password)
    page.goto("/dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("总览")
    for chart_id in CHARTS:
        # ECharts draws after the script runs: wait for its SVG, then check it has a real size.
        page.wait_for_selector(f"#{chart_id} svg, #{chart_id} canvas", state="attached")
        size = _chart_drawing_size(page, chart_id)
        assert size["width"] > 0 and size["height"] > 0, (chart_id, size)
    # The department chart names departments in Chinese inside the SVG (axis labels are text nodes).
    expect(page.locator("#chart-departments svg text", has_text=DEPARTMENT).first).to_be_attached()
    screenshot(page, "office-dashboard")

    figure = page.get_by_test_id(f"dept-{overdue_cast.department_id}-overdue")
    expect(figure).to_have_text(str(len(overdue_cast.overdue_ids)))
    with page.expect_navigation():
        figure.click()
    assert page.url.startswith(f"{live_site.url}/?")  # the plan tree
    for part in (f"department={overdue_cast.department_id}", "lead=1", "overdue=1"):
        assert part in page.url
    matched = page.locator('table.tree-table tbody tr[data-matched="1"]')
    expect(matched).to_have_count(len(overdue_cast.overdue_ids))
    shown = sorted(int(i) for i in matched.evaluate_all("rows => rows.map(r => r.dataset.itemId)"))
    assert shown == sorted(overdue_cast.overdue_ids)
    expect(page.get_by_test_id("tree-counts")).to_contain_text(f"显示 {len(overdue_cast.overdue_ids)} / 共")
    screenshot(page, "office-dashboard-overdue-list")

    assert errors == []
    assert outside_requests == []


def test_office_requests_a_follow_up_from_the_queue_and_the_lead_sees_it(page, live_site, overdue_cast):
    sign_in(page, live_site.username, live_site.password)
    page.goto("/review")
    expect(page.get_by_role("heading", level=1)).to_contain_text("督办审核")
    row = page.get_by_test_id("review-queue").locator(f'tr[data-subject="work_item-{overdue_cast.item_id}"]')
    expect(row).to_have_class("row-overdue")
    expect(row.get_by_role("link", name=overdue_cast.item_title)).to_be_visible()
    expect(row.locator('[data-col="days-overdue"]')).to_have_text("30")
    expect(row.locator('[data-col="review"]')).to_contain_text("未审核")
    screenshot(page, "office-review-queue")

    with page.expect_navigation():
        row.get_by_role("link", name="审核", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(overdue_cast.item_title)
    expect(page.get_by_test_id("overdue")).to_have_text("逾期 30 天")
    page.get_by_label("要求跟进", exact=True).check()
    page.get_by_label("审核意见", exact=True).fill(COMMENT)
    page.get_by_label("跟进日期", exact=True).fill(FOLLOW_UP.isoformat())
    screenshot(page, "office-review-form")
    with page.expect_navigation():
        page.get_by_role("button", name="提交审核").click()
    # Back on the queue it came from, the row now carries the review and waits for the department's answer.
    assert page.url.startswith(f"{live_site.url}/review")
    expect(page.get_by_role("alert")).to_have_text("审核意见已记录。")
    reviewed = row.locator('[data-col="review"]')
    expect(reviewed).to_contain_text("要求跟进")
    expect(reviewed).to_contain_text(f"跟进日期 {FOLLOW_UP.isoformat()}")
    expect(reviewed.locator('[data-flag="awaiting"]')).to_have_text("待部门答复")

    page.goto(f"/items/{overdue_cast.item_id}")
    entry = page.get_by_test_id("timeline").locator(".timeline-review")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("要求跟进")
    expect(entry).to_contain_text("规划处王明")
    expect(entry).to_contain_text(f"跟进日期 {FOLLOW_UP.isoformat()}")
    expect(entry.locator(".review-comment")).to_have_text(COMMENT)
    screenshot(page, "office-review-timeline")
    sign_out(page)

    # The department's lead finds the request on their own page, with a way to answer it.
    sign_in(page, overdue_cast.lead, live_site.password)
    page.goto("/review/requests")
    expect(page.get_by_role("heading", level=1)).to_contain_text("办公室督办事项")
    requests = page.get_by_test_id("open-requests").locator("tbody tr[data-subject]")
    expect(requests).to_have_count(1)
    request = requests.first
    expect(request).to_have_attribute("data-subject", f"work_item-{overdue_cast.item_id}")
    expect(request.get_by_role("link", name=overdue_cast.item_title)).to_be_visible()
    expect(request).to_contain_text("要求跟进")
    expect(request.locator('[data-col="comment"]')).to_have_text(COMMENT)
    expect(request.locator('[data-col="follow-up"]')).to_contain_text(FOLLOW_UP.isoformat())
    expect(request.get_by_role("link", name="答复", exact=True)).to_be_visible()
    screenshot(page, "office-lead-requests")
    sign_out(page)
