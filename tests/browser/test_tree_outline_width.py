"""At phone width the tree's 编号 column wraps between its levels' numbers (never inside one) and stays narrow,
so that the titles keep room to be read, with an imported plan's long outlines ("第二章第一节三、（一）")."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, update

from tests.browser.helpers import screenshot, sign_in
from tests.factories import Factories
from tracker.extensions import db
from tracker.plan.models import Plan, WorkItem

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
TITLE_MIN_WIDTH = 120  # px: a few characters a line
CODE = "long-outlines"
LEVELS = ["第二章", "第一节", "三、", "（一）", "1.", "〔1〕"]


@pytest.fixture(scope="module")
def long_outlines(live_site) -> Iterator[str]:
    """A plan numbered as imported documents are: chapters and sections above the usual levels, six deep."""
    with live_site.app.app_context():
        make = Factories(db.session, itertools.count(70_000))
        plan = make.plan(code=CODE, title="长编号规划", start_year=2016, end_year=2020)
        chapter = make.item(plan, kind="section", outline_no="第二章", title="主要任务与重点工程")
        part = make.item(plan, chapter, kind="section", outline_no="第一节", title="推进信息基础设施建设")
        section = make.item(plan, part, kind="section", outline_no="三、", title="加快建设宽带城市")
        task = make.item(plan, section, outline_no="（一）", title="建设城乡一体的光纤宽带网络和无线城市")
        sub = make.item(plan, task, kind="subtask", outline_no="1.", title="推进光纤到户改造工程建设")
        make.item(plan, sub, kind="subtask", outline_no="(1)", outline_added=True, title="完成主城区光纤入户")
        db.session.commit()
        plan_id = plan.id
    yield CODE
    with live_site.app.app_context():
        db.session.execute(update(WorkItem).where(WorkItem.plan_id == plan_id).values(parent_id=None))
        db.session.execute(delete(WorkItem).where(WorkItem.plan_id == plan_id))
        db.session.execute(delete(Plan).where(Plan.id == plan_id))
        db.session.commit()


_CELLS = """
() => Array.from(document.querySelectorAll('#plan-tree tbody tr')).map((row) => {
  const [outline, title] = row.querySelectorAll('td');
  const levels = Array.from(outline.querySelectorAll('.outline-level'));
  return {
    outline: outline.getBoundingClientRect().width,
    // The title's own room: its cell without the indent (padding) that shows the depth.
    title: title.clientWidth - parseFloat(getComputedStyle(title).paddingLeft)
      - parseFloat(getComputedStyle(title).paddingRight),
    lines: new Set(levels.map((level) => Math.round(level.getBoundingClientRect().top))).size,
    levels: levels.map((level) => level.textContent),
    levelHeights: levels.map((level) => level.getClientRects().length),
  };
})
"""


def test_long_outlines_wrap_between_levels_on_a_phone(page, live_site, long_outlines):
    page.set_viewport_size(PHONE)
    sign_in(page, live_site.username, live_site.password)
    page.goto(f"/?plan={long_outlines}&q=光纤入户")  # a match shows its ancestors: all six levels on the page
    screenshot(page, "tree-long-outlines-phone")
    rows = page.evaluate(_CELLS)
    deepest = rows[-1]
    assert deepest["levels"] == LEVELS
    assert all(count == 1 for count in deepest["levelHeights"])  # no level's number is cut in two
    assert deepest["lines"] > 1  # the chain wraps between levels
    for row in rows:
        assert row["title"] >= TITLE_MIN_WIDTH, row
        assert row["outline"] <= row["title"], row
    # Nothing sticks out of the page sideways (the table scrolls inside its own box if it must).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_short_outline_stays_on_one_line_on_a_laptop(page, live_site, long_outlines):
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_site.username, live_site.password)
    page.goto(f"/?plan={long_outlines}&q=光纤入户")
    screenshot(page, "tree-long-outlines-laptop")
    rows = page.evaluate(_CELLS)
    assert [row["lines"] for row in rows[:4]] == [1, 1, 1, 1]  # 第二章 … 第二章第一节三、（一）


@pytest.mark.parametrize("query", ["。", "%", "_"])
def test_a_query_of_punctuation_only_is_ignored_and_says_so_where_it_is_seen(page, live_site, query):
    page.set_viewport_size(PHONE)
    sign_in(page, live_site.username, live_site.password)
    page.goto("/")
    every = page.get_by_test_id("tree-counts").inner_text()
    page.get_by_role("button", name="筛选条件").click()  # on a phone the filters fold into a panel
    page.get_by_label("搜索（简称、标题或任务内容）").fill(query)
    with page.expect_navigation():
        page.get_by_role("button", name="筛选", exact=True).click()
    notice = page.get_by_test_id("filter-notice")
    assert notice.inner_text() == "搜索词只有标点或空格，已忽略。"
    box = notice.bounding_box()
    assert notice.is_visible() and box is not None and box["y"] + box["height"] <= PHONE["height"]  # no scrolling
    assert page.get_by_test_id("tree-counts").inner_text() == every  # every item, as without a query
    screenshot(page, f"tree-punctuation-query-{ord(query)}", full_page=False)
