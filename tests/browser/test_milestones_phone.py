"""Yearly milestones on a phone (390×844): a department lead sets an item's milestones through the real form
(CSRF included) and sees them on the item's page, target beside the actual, without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.helpers import screenshot, sign_in
from tests.conftest import TODAY
from tests.factories import Factories
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def lead_and_item(live_site) -> tuple[str, int]:
    """A lead of 市经信委 and an open item it leads that spans this year."""
    with live_site.app.app_context():
        factories = Factories(db.session, iter(range(30_000, 31_000)))
        department = db.session.scalar(select(Department).where(Department.short_name == "市经信委"))
        lead = factories.user("lead", department=department, username="milestone-lead", display_name="经信委李明")
        item = next(
            item
            for item in db.session.scalars(
                select(WorkItem).where(WorkItem.lead_department_id == department.id).order_by(WorkItem.id)
            )
            if not item.retired and item.due_date and item.due_date.year >= TODAY.year + 1
        )
        found = (lead.username, item.id)
        db.session.commit()
    return found


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_lead_sets_milestones_on_a_phone_and_sees_the_panel(page, live_site, lead_and_item):
    username, item_id = lead_and_item
    page.set_viewport_size(PHONE)
    sign_in(page, username, live_site.password, then=f"/items/{item_id}")
    page.get_by_test_id("edit-milestones").click()
    expect(page.get_by_test_id("milestones-form")).to_be_visible()
    _no_sideways_scroll(page)
    page.locator(f'input[name="target_{TODAY.year}"]').fill("90")
    page.locator(f'input[name="deliverable_{TODAY.year}"]').fill("完成主体建设")
    page.locator(f'input[name="target_{TODAY.year + 1}"]').fill("60")  # falls: refused, input kept
    page.get_by_role("button", name="保存年度目标").click()
    expect(page.get_by_text(f"{TODAY.year + 1} 年：目标进度 60% 低于 {TODAY.year} 年的 90%")).to_be_visible()
    expect(page.locator(f'input[name="deliverable_{TODAY.year}"]')).to_have_value("完成主体建设")
    screenshot(page, "phone-milestones-refused")
    page.locator(f'input[name="target_{TODAY.year + 1}"]').fill("100")
    page.get_by_role("button", name="保存年度目标").click()
    expect(page.get_by_text("年度目标已保存。")).to_be_visible()
    panel = page.get_by_test_id("milestones-panel")
    expect(panel).to_contain_text("完成主体建设")
    expect(panel).to_contain_text("截至今日")
    expect(panel.locator(f'[data-year="{TODAY.year}"]')).to_have_attribute("data-state", "behind")
    _no_sideways_scroll(page)
    panel.scroll_into_view_if_needed()
    screenshot(page, "phone-milestones-panel", full_page=False)


@pytest.fixture(scope="module")
def item_with_a_stray_milestone(live_site, lead_and_item) -> int:
    """Another item of the lead's department, with a milestone in the year after its due date (as if the due date
    had been moved earlier after the milestone was set)."""
    _username, taken = lead_and_item
    with live_site.app.app_context():
        factories = Factories(db.session, iter(range(31_000, 32_000)))
        department = db.session.scalar(select(Department).where(Department.short_name == "市经信委"))
        item = next(
            item
            for item in db.session.scalars(
                select(WorkItem).where(WorkItem.lead_department_id == department.id).order_by(WorkItem.id)
            )
            if item.id != taken and not item.retired and item.due_date and item.due_date.year >= TODAY.year
        )
        factories.milestone(item, item.due_date.year + 1, 100, deliverable="全面验收")
        found = item.id
        db.session.commit()
    return found


def test_a_milestone_outside_the_items_dates_can_be_deleted_on_a_phone(
    page, live_site, lead_and_item, item_with_a_stray_milestone
):
    username, _taken = lead_and_item
    item_id = item_with_a_stray_milestone
    page.set_viewport_size(PHONE)
    sign_in(page, username, live_site.password, then=f"/items/{item_id}")
    expect(page.get_by_test_id("milestones-panel")).to_contain_text("不在事项期限内")
    page.get_by_test_id("edit-milestones").click()
    stray = page.locator("[data-stray]")
    expect(stray).to_contain_text("全面验收")
    _no_sideways_scroll(page)
    stray.scroll_into_view_if_needed()
    screenshot(page, "phone-milestones-stray", full_page=False)
    stray.get_by_label("删除").check()
    page.get_by_role("button", name="保存年度目标").click()
    expect(page.get_by_text("年度目标已保存。")).to_be_visible()
    expect(page.get_by_test_id("milestones-panel")).not_to_contain_text("全面验收")
