"""Issue 9, point 2, in a real browser: the seeded plan's departments are marked 默认分工，待确认 on the tree (a compact
mark beside the department that stays whole at phone width) and on the item page, where the office confirms them.
Screenshots at 390×844 and 1366×768 in test-artifacts/ and /tmp/shots/assign/."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.browser.helpers import screenshot, sign_in
from tracker.extensions import db
from tracker.plan.models import WorkItem

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
SHOTS = Path(tempfile.gettempdir()) / "shots" / "assign"  # /tmp/shots/assign: where the lead looks


def _shot(page, name: str, *, full_page: bool = True) -> None:
    path = screenshot(page, f"assign-{name}", full_page=full_page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def _seeded_task(live_site, seed_key: str) -> int:
    with live_site.app.app_context():
        return db.session.scalar(select(WorkItem.id).where(WorkItem.seed_key == seed_key))


def _whole(locator) -> dict:
    """Whether an element shows all its text on one line: not clipped, not wrapped."""
    return locator.evaluate(
        "el => ({clipped: el.scrollWidth > el.clientWidth + 1, lines: Math.round(el.getBoundingClientRect().height /"
        " parseFloat(getComputedStyle(el).lineHeight)), width: el.getBoundingClientRect().width})"
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_tree_marks_default_departments_beside_them(page, live_site, size):
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_site.username, live_site.password)
    page.goto("/")
    marks = page.locator("#plan-tree [data-testid=default-assignment]")
    assert marks.count() > 10  # the seeded tasks' departments are all the office's defaults
    first = marks.first
    first.scroll_into_view_if_needed()
    assert first.is_visible() and first.inner_text() == "默认"
    assert first.get_attribute("title") == "默认分工，待确认"
    shape = _whole(first)
    assert not shape["clipped"] and shape["lines"] == 1 and shape["width"] > 10
    # Beside the lead department, in the same cell.
    cell = first.locator("xpath=..")
    assert cell.inner_text().strip().endswith("默认") and len(cell.inner_text().strip()) > 2
    _shot(page, f"tree-{size}")
    first.evaluate("el => el.closest('tr').scrollIntoView({block: 'start'})")
    _shot(page, f"tree-{size}-at-the-marks", full_page=False)


@pytest.mark.parametrize("size", SIZES)
def test_the_item_page_shows_the_default_and_the_office_confirms_it(page, live_site, size):
    # A different main task per size: confirming changes the shared site.
    item_id = _seeded_task(live_site, {"phone": "s3.1.t1", "desktop": "s3.1.t2"}[size])
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_site.username, live_site.password)
    page.goto(f"/items/{item_id}")
    facts = page.get_by_test_id("item-facts")
    mark = facts.get_by_test_id("default-assignment")
    assert mark.is_visible() and mark.inner_text() == "默认分工，待确认"
    assert not _whole(mark)["clipped"]
    subtree = page.get_by_test_id("confirm-subtree")
    assert subtree.is_visible() and "项）" in subtree.inner_text()
    _shot(page, f"item-{size}")
    facts.scroll_into_view_if_needed()
    _shot(page, f"item-{size}-facts", full_page=False)
    with page.expect_navigation():
        page.get_by_test_id("confirm-assignment").click()
    assert "已确认 1 项任务的分工。" in page.content()
    assert page.get_by_test_id("item-facts").get_by_test_id("default-assignment").count() == 0
    assert "信息办已确认" in page.get_by_test_id("assignment-source").inner_text()
    assert "分工来源" in page.get_by_test_id("timeline").inner_text()
    _shot(page, f"item-confirmed-{size}")
