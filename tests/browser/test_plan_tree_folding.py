"""A large plan in a real browser: the tree arrives folded to its top levels; opening a row loads its children
from the server, closing hides them, and a reload keeps what the reader opened. The row budget is made tiny so
the seeded plan (a few dozen items) behaves as a plan of twenty thousand does."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.helpers import screenshot, sign_in
from tracker.extensions import db
from tracker.plan import tree_page
from tracker.plan.models import Plan, WorkItem

pytestmark = pytest.mark.browser


def test_folded_rows_open_on_demand_and_stay_open_after_a_reload(page, live_site, monkeypatch):
    monkeypatch.setattr(tree_page, "ROW_BUDGET", 3)
    with live_site.app.app_context():
        roots = db.session.execute(
            select(WorkItem.id, WorkItem.title)
            .join(Plan, Plan.id == WorkItem.plan_id)
            .where(Plan.title == live_site.plan_title, WorkItem.parent_id.is_(None))  # the site may hold more plans
            .order_by(WorkItem.path)
        ).all()
        section_id, _title = roots[-1]  # 三、主要任务
        children = db.session.scalar(select(func.count()).where(WorkItem.parent_id == section_id))
    sign_in(page, live_site.username, live_site.password)

    rows = page.locator("#plan-tree tbody tr[data-item-id]")
    expect(rows).to_have_count(len(roots))  # only the top level fits the budget
    expect(page.get_by_test_id("tree-folded")).to_be_visible()
    toggle = page.locator(f'[data-tree-toggle="{section_id}"]')
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    opened = page.locator(f'#plan-tree tbody tr[data-parent="{section_id}"]')
    expect(opened).to_have_count(children)
    expect(opened.first).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    screenshot(page, "plan-tree-opened")

    page.reload()
    expect(opened).to_have_count(children)  # fetched again: the browser remembered the row was opened
    expect(opened.first).to_be_visible()

    toggle.click()
    expect(opened.first).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(opened.first).to_be_visible()
    expect(rows).to_have_count(len(roots) + children)  # closing and opening again fetches nothing twice


@pytest.fixture
def overdue_items(live_site):
    """Three deep items of one department made overdue for the test (the seeded plan has none), then restored."""
    with live_site.app.app_context():
        department_id = db.session.scalar(
            select(WorkItem.lead_department_id)
            .where(WorkItem.lead_department_id.is_not(None), WorkItem.depth >= 2)
            .group_by(WorkItem.lead_department_id)
            .order_by(func.count().desc(), WorkItem.lead_department_id)
            .limit(1)
        )
        items = db.session.scalars(
            select(WorkItem)
            .where(WorkItem.lead_department_id == department_id, WorkItem.depth >= 2)
            .order_by(WorkItem.path)
            .limit(3)
        ).all()
        saved = {item.id: item.due_date for item in items}
        for item in items:
            item.due_date = date(2013, 1, 31)
        db.session.commit()
    yield department_id, list(saved)
    with live_site.app.app_context():
        for item_id, due in saved.items():
            db.session.get(WorkItem, item_id).due_date = due
        db.session.commit()


def test_a_filtered_tree_shows_its_matches_after_the_tree_was_folded_to_level_1(page, live_site, overdue_items):
    """Folding the whole tree to level 1 is remembered in the browser; a filtered view (department + overdue)
    must still show every match, not only the grey chapter rows above them."""
    department_id, item_ids = overdue_items
    sign_in(page, live_site.username, live_site.password)
    page.get_by_role("button", name="展开到第 1 级").click()
    expect(page.locator("#plan-tree tbody tr[data-depth='1']").first).to_be_hidden()

    page.goto(f"/?department={department_id}&overdue=1")
    expect(page.get_by_test_id("tree-counts")).to_contain_text(f"显示 {len(item_ids)} /")
    matches = page.locator("#plan-tree tbody tr[data-item-id]:not(.tree-context)")
    expect(matches).to_have_count(len(item_ids))
    for index in range(len(item_ids)):
        expect(matches.nth(index)).to_be_visible()
    screenshot(page, "plan-tree-filtered-after-folding")

    # Folding still works on the filtered page: the buttons fold and unfold its rows.
    page.get_by_role("button", name="展开到第 1 级").click()
    expect(matches.first).to_be_hidden()
    page.get_by_role("button", name="全部展开").click()
    expect(matches.first).to_be_visible()

    # And the unfiltered tree keeps the reader's folding.
    page.goto("/")
    expect(page.locator("#plan-tree tbody tr[data-depth='1']").first).to_be_hidden()
