"""Several plans in a real browser: switch plans from /plans and see the tree change, at a phone's width and a
laptop's. Screenshots go to /tmp/shots/plans/ to look at."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, update

from tests.browser.helpers import sign_in
from tests.factories import Factories
from tracker.extensions import db
from tracker.plan.models import Plan, WorkItem

pytestmark = pytest.mark.browser

# Where the brief asks for them (the other browser tests keep theirs under test-artifacts/).
SHOTS = Path("/tmp/shots/plans")  # noqa: S108 - screenshots to look at, not a secret or a lock
NEXT_PLAN = "hz-informatization-13th-fyp"
NEXT_TITLE = "杭州市信息化发展“十三五”规划（测试）"
NEXT_TASKS = ("建设城市数据大脑", "推进政务服务一网通办")
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


@pytest.fixture(scope="module")
def next_plan(live_site) -> Iterator[str]:
    """A second plan beside the seeded one, removed again afterwards so that the other browser tests keep one."""
    with live_site.app.app_context():
        make = Factories(db.session, itertools.count(60_000))
        plan = make.plan(code=NEXT_PLAN, title=NEXT_TITLE, start_year=2016, end_year=2020)
        section = make.item(plan, kind="section", outline_no="一、", title="主要任务")
        for number, title in enumerate(NEXT_TASKS, start=1):
            make.item(plan, section, outline_no=f"{number}.", title=title)
        db.session.commit()
        plan_id = plan.id
    yield NEXT_PLAN
    with live_site.app.app_context():
        db.session.execute(update(WorkItem).where(WorkItem.plan_id == plan_id).values(parent_id=None))
        db.session.execute(delete(WorkItem).where(WorkItem.plan_id == plan_id))
        db.session.execute(delete(Plan).where(Plan.id == plan_id))
        db.session.commit()


def _tree_titles(page) -> str:
    return page.locator("#plan-tree").inner_text()


@pytest.mark.parametrize("size", SIZES)
def test_switching_plans_from_the_list_changes_the_tree(page, live_site, next_plan, size):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_site.username, live_site.password)
    page.goto("/")
    assert live_site.task_titles[0] in _tree_titles(page)
    assert NEXT_TASKS[0] not in _tree_titles(page)

    page.goto("/plans")
    seeded_row = page.locator(f'tr[data-plan="{live_site.plan_code}"]')
    assert seeded_row.get_by_test_id("plan-shown").is_visible()
    page.screenshot(path=str(SHOTS / f"plans-{size}.png"), full_page=True)
    with page.expect_navigation():
        page.locator(f'tr[data-plan="{next_plan}"]').get_by_test_id("show-plan").click()

    assert page.get_by_role("heading", level=1).inner_text() == NEXT_TITLE
    assert NEXT_TASKS[0] in _tree_titles(page) and live_site.task_titles[0] not in _tree_titles(page)
    page.screenshot(path=str(SHOTS / f"tree-next-plan-{size}.png"), full_page=True)

    # Remembered for the session: the front page again, without the parameter, shows the chosen plan.
    page.goto("/")
    assert NEXT_TASKS[1] in _tree_titles(page)
    if size == "phone":
        page.get_by_role("button", name="菜单").click()
        page.locator("#mainnav.collapse.show").wait_for()  # opened, not still sliding open
    shown = page.get_by_test_id("shown-plan")
    assert shown.is_visible() and shown.get_attribute("title") is not None and NEXT_TITLE in shown.inner_text()
    page.screenshot(path=str(SHOTS / f"navigation-{size}.png"), full_page=False)
    with page.expect_navigation():
        shown.click()
    assert page.locator(f'tr[data-plan="{next_plan}"]').get_by_test_id("plan-shown").is_visible()
