"""我的工作 in a real browser: a lead lands on it after signing in, the office on its review queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.helpers import screenshot, sign_in, sign_out
from tests.factories import Factories
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def my_lead(live_site) -> str:
    with live_site.app.app_context():
        factories = Factories(db.session, iter(range(30_000, 40_000)))
        department = db.session.scalar(select(Department).where(Department.short_name == "市经信委"))
        lead = factories.user("lead", department=department, username="my-lead", display_name="经信委李娜")
        # Work of their own, for the list that stacks on a phone: the department's first item, owned by nobody yet.
        owned = db.session.scalars(
            select(WorkItem)
            .where(WorkItem.lead_department_id == department.id, WorkItem.owner_id.is_(None))
            .order_by(WorkItem.id)
        ).first()
        owned.owner = lead
        db.session.commit()
        return lead.username


def test_a_lead_lands_on_my_work_and_the_office_on_its_queue(page, live_site, my_lead):
    sign_in(page, my_lead, live_site.password, then=None)
    assert page.url == live_site.url + "/my"
    expect(page.get_by_role("heading", level=1)).to_have_text("我的工作")
    expect(page.get_by_role("heading", name="本部门 30 天内到期及已逾期的任务")).to_be_visible()
    expect(page.get_by_test_id("nav-my-work")).to_be_visible()
    screenshot(page, "my-work")
    sign_out(page)

    sign_in(page, live_site.username, live_site.password, then=None)
    assert page.url == live_site.url + "/review"
    with page.expect_navigation():
        page.get_by_test_id("nav-my-work").click()
    assert page.url == live_site.url + "/my"


def test_on_a_phone_my_work_stacks_its_rows_with_the_titles_readable(page, live_site, my_lead):
    """At 390 px the lists showed titles two characters wide (seen in an outside probe's screenshot); rows stack."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, my_lead, live_site.password, then=None)
    rows = page.get_by_test_id("my-items").locator("tbody tr")
    expect(rows.first).to_be_visible()
    title_width = rows.first.locator("td").first.evaluate("cell => cell.getBoundingClientRect().width")
    assert title_width >= 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways
    screenshot(page, "my-work-phone")
