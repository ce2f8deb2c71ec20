"""A large plan in a real browser: the tree arrives folded to its top levels; opening a row loads its children
from the server, closing hides them, and a reload keeps what the reader opened. The row budget is made tiny so
the seeded plan (a few dozen items) behaves as a plan of twenty thousand does."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.helpers import screenshot, sign_in
from tracker.extensions import db
from tracker.plan import tree_page
from tracker.plan.models import WorkItem

pytestmark = pytest.mark.browser


def test_folded_rows_open_on_demand_and_stay_open_after_a_reload(page, live_site, monkeypatch):
    monkeypatch.setattr(tree_page, "ROW_BUDGET", 3)
    with live_site.app.app_context():
        roots = db.session.execute(
            select(WorkItem.id, WorkItem.title).where(WorkItem.parent_id.is_(None)).order_by(WorkItem.path)
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
