"""Issue 3's "done when", in a real browser: a department lead reports progress in Chinese and in English,
the office sees it in the plan tree, a viewer reads but cannot report.

Everything goes through the pages a person uses (the sign-in form with its CSRF token, the tree's filter
controls, the navbar language switch); only the two extra accounts are created directly in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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

LEAD_DEPARTMENT = "市经信委"  # leads the plan's industrial-informatization task and its subtasks
NOTE_ZH = "第一季度完成招标 ✅🚀，合同已签（mixed 中文 and English）"
NOTE_EN = "Second report 第二次报告 🎉: vendor delivery slipped"


@dataclass(frozen=True)
class Cast:
    lead: str
    viewer: str
    department_id: int
    item_id: int
    item_title: str


@pytest.fixture(scope="module")
def cast(live_site) -> Cast:
    """A lead of 市经信委 and a viewer, and the first open leaf item 市经信委 leads (due after today)."""
    with live_site.app.app_context():
        factories = Factories(db.session, iter(range(10_000, 20_000)))
        department = db.session.scalar(select(Department).where(Department.short_name == LEAD_DEPARTMENT))
        lead = factories.user("lead", department=department, username="flow-lead", display_name="经信委张丽")
        viewer = factories.user("viewer", username="flow-viewer", display_name="市领导陈刚")
        item = next(
            item
            for item in db.session.scalars(
                select(WorkItem).where(WorkItem.lead_department_id == department.id).order_by(WorkItem.id)
            )
            if not item.children and item.kind == "subtask" and item.due_date and item.due_date >= TODAY
        )
        cast = Cast(lead.username, viewer.username, department.id, item.id, item.title)
        db.session.commit()
    return cast


def _post_update(page: Page, labels: dict[str, str], values: dict[str, str]) -> None:
    """Fill the status-update form by its visible labels (in the page's language) and submit it."""
    page.get_by_label(labels["status"], exact=True).select_option(label=values["status"])
    page.get_by_label(labels["progress"], exact=True).fill(values["progress"])
    page.get_by_label(labels["note"], exact=True).fill(values["note"])
    for field in ("delay_reason", "remedy", "expected"):
        if field in values:
            page.get_by_label(labels[field], exact=True).fill(values[field])
    with page.expect_navigation():
        page.get_by_role("button", name=labels["submit"]).click()


def test_a_lead_reports_in_both_languages_and_the_office_sees_it(page, live_site, cast):
    # Chinese: sign in through the form, narrow the tree to the department with its filter controls.
    sign_in(page, cast.lead, live_site.password)
    matched = page.locator('table.tree-table tbody tr[data-matched="1"]')
    whole_plan = matched.count()
    page.get_by_label("部门（牵头或配合）").select_option(value=str(cast.department_id))
    with page.expect_navigation():
        page.get_by_role("button", name="筛选", exact=True).click()
    assert f"department={cast.department_id}" in page.url  # the filter is in the URL: bookmarkable
    assert 0 < matched.count() < whole_plan
    for row in matched.all():  # each match is led or supported by the department
        expect(row).to_contain_text(LEAD_DEPARTMENT)
    with page.expect_navigation():
        page.locator(f'tr[data-item-id="{cast.item_id}"]').get_by_role("link", name=cast.item_title).click()
    assert page.url == f"{live_site.url}/items/{cast.item_id}"

    with page.expect_navigation():
        page.get_by_role("link", name="发布进展").click()
    _post_update(
        page,
        {"status": "状态", "progress": "进度（%）", "note": "进展说明", "submit": "提交进展"},
        {"status": "进行中", "progress": "35", "note": NOTE_ZH},
    )
    assert page.url == f"{live_site.url}/items/{cast.item_id}"
    expect(page.get_by_role("alert")).to_have_text("进展已提交。")
    entry = page.get_by_test_id("timeline").locator(".timeline-update", has_text=NOTE_ZH)
    expect(entry).to_have_count(1)
    expect(entry.locator(".update-note")).to_have_text(NOTE_ZH)  # Chinese, emoji and Latin round-trip exactly
    expect(entry).to_contain_text("发布进展")
    expect(entry).to_contain_text("进行中")
    expect(entry).to_contain_text("35%")
    screenshot(page, "lead-flow-1-zh-timeline")

    # English: the navbar switch reloads the same page in English; report again, this time late.
    with page.expect_navigation():
        page.get_by_test_id("language-switch").get_by_role("button", name="English").click()
    assert page.url == f"{live_site.url}/items/{cast.item_id}"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Projects", exact=True)).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Post update").click()
    _post_update(
        page,
        {
            "status": "Status",
            "progress": "Progress (%)",
            "note": "Note",
            "delay_reason": "Reason for delay",
            "remedy": "Remedy",
            "expected": "Expected completion date",
            "submit": "Submit update",
        },
        {
            "status": "At risk",
            "progress": "50",
            "note": NOTE_EN,
            "delay_reason": "设备到货晚 (late equipment)",
            "remedy": "Weekly calls with the vendor",
            "expected": date(2013, 12, 31).isoformat(),
        },
    )
    expect(page.get_by_role("alert")).to_have_text("Update posted.")
    timeline = page.get_by_test_id("timeline")
    expect(timeline.get_by_role("heading", name="Timeline")).to_be_visible()
    entry = timeline.locator(".timeline-update", has_text=NOTE_EN)
    expect(entry.locator(".update-note").first).to_have_text(NOTE_EN)
    for label in ("Post update", "In progress", "At risk", "Progress 35% → 50%", "Reason for delay", "Remedy"):
        expect(entry).to_contain_text(label)
    expect(entry).to_contain_text("Expected completion date")
    expect(entry).to_contain_text("2013-12-31")
    # The earlier, Chinese report now reads in English chrome around its Chinese note.
    expect(timeline.locator(".timeline-update", has_text=NOTE_ZH)).to_contain_text("Post update")
    screenshot(page, "lead-flow-2-en-timeline")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()

    # The office (Chinese) sees the lead's report in the tree: status badge and rolled-up progress.
    sign_in(page, live_site.username, live_site.password)
    row = page.locator(f'table.tree-table tr[data-item-id="{cast.item_id}"]')
    expect(row.locator(".badge", has_text="有风险")).to_be_visible()
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")
    expect(row.locator(".progress-bar")).to_have_text("50%")
    row.scroll_into_view_if_needed()
    screenshot(page, "lead-flow-3-office-tree")


def test_a_viewer_reads_the_item_but_cannot_report(page, live_site, cast):
    sign_in(page, cast.viewer, live_site.password)
    page.goto(f"/items/{cast.item_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(cast.item_title)
    actions = page.get_by_test_id("item-actions")
    expect(actions.get_by_text(re.compile("发布进展|Post update"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("发布进展|Post update"))).to_have_count(0)

    response = page.goto(f"/items/{cast.item_id}/update")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("没有权限")
    screenshot(page, "lead-flow-4-viewer-403")
    sign_out(page)
