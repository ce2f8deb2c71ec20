"""Issue 9, point 4: search finds an item by the name people use, whatever quotation marks or punctuation either
side carries, and ranks an item whose short name or title matches above one whose mandate only mentions it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.plan.helpers import matched_ids, tree_rows
from tests.seed.conftest import SEED_DIR, items_by_key
from tracker.plan.hierarchy import search_fold, search_names, search_text
from tracker.plan.models import WorkItem, WorkItemSearchText
from tracker.plan.tree import load_tree
from tracker.plan.tree_filters import TreeFilters, apply_filters, match_clause, sql_order
from tracker.seeding.loader import load_seed_dir


@pytest.mark.parametrize(
    "typed",
    ["“两化”融合", '"两化"融合', "两化融合", "「两化」融合", "＂两化＂融合", " 两化 融合 ", "两化、融合。"],
)
def test_quotation_marks_punctuation_and_spaces_fold_away(typed):
    assert search_fold(typed) == "两化融合"


def test_full_and_half_width_fold_together():
    assert (
        search_fold("ＲＦＩＤ研发应用平台（ＧＰＳ）") == search_fold("rfid研发应用平台(gps)") == "rfid研发应用平台gps"
    )


def test_the_stored_text_holds_the_short_name_title_and_mandate_one_a_line():
    assert (
        search_names("以工业信息化为重点推动“两化”深度融合", "两化融合")
        == "两化融合\n以工业信息化为重点推动两化深度融合"
    )
    assert (
        search_text("开展“两化”融合区域示范", "以区域示范形式推进。", "") == "开展两化融合区域示范\n以区域示范形式推进"
    )


@pytest.fixture
def seeded_plan(session):
    load_seed_dir(SEED_DIR)
    session.commit()
    return items_by_key(session)


def _search(client, query: str) -> str:
    response = client.get("/", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _ranked(session, plan_id: int, query: str) -> list[int]:
    """The matches in the order the paged search picks them (tree_page._matches_page)."""
    condition = match_clause(TreeFilters(query=query), date(2013, 6, 15), 30)
    return list(
        session.scalars(
            select(WorkItem.id)
            .where(WorkItem.plan_id == plan_id, WorkItem.live, condition)
            .order_by(*sql_order("plan", query))
        )
    )


@pytest.mark.parametrize(
    ("query", "key"), [("两化融合", "s3.1.t1"), ("数字兴农", "s3.1.t3"), ("电子商务之都", "s3.1.t4")]
)
def test_a_short_name_finds_its_main_task_first(client_for, make, session, seeded_plan, query, key):
    items = seeded_plan
    html = _search(client_for(make.user("office")), query)
    first_match = next(item_id for item_id, matched in tree_rows(html) if matched)
    assert first_match == items[key].id
    assert _ranked(session, items[key].plan_id, query)[0] == items[key].id


def test_the_two_integration_search_finds_the_task_the_box_and_the_paragraph(client_for, make, seeded_plan):
    items = seeded_plan
    found = matched_ids(_search(client_for(make.user("office")), "两化融合"))
    # The task (by its short name), (1) 开展“两化”融合区域示范 (by its title) and 专栏3 (by its title).
    assert {items["s3.1.t1"].id, items["s3.1.t1.p1"].id, items["s3.1.box3"].id} <= found


@pytest.mark.parametrize("variant", ["“两化”融合", '"两化"融合', "＂两化＂融合", "两化 融合"])
def test_every_spelling_of_a_name_finds_the_same_items(client_for, make, seeded_plan, variant):
    client = client_for(make.user("office"))
    assert matched_ids(_search(client, variant)) == matched_ids(_search(client, "两化融合"))


def test_the_agriculture_task_comes_before_the_paragraph_that_names_the_programme(client_for, make, seeded_plan):
    items = seeded_plan
    found = [item_id for item_id, matched in tree_rows(_search(client_for(make.user("office")), "数字兴农")) if matched]
    assert found[:2] == [items["s3.1.t3"].id, items["s3.1.t3.p2"].id]


def test_a_name_match_ranks_above_an_earlier_mandate_match(session, make):
    plan = make.plan()
    early = make.item(plan, title="推进信息基础设施建设", mandate="依托“智慧杭州”建设。", sort_order=1)
    late = make.item(plan, title="其他任务", short_name="智慧杭州", sort_order=2)
    titled = make.item(plan, title="建设智慧杭州", sort_order=3)
    session.flush()
    assert _ranked(session, plan.id, "智慧杭州") == [late.id, titled.id, early.id]
    # Sorting by a column of the user's choosing keeps that order (plan order breaking ties).
    condition = match_clause(TreeFilters(query="智慧杭州"), date(2013, 6, 15), 30)
    by_due = session.scalars(
        select(WorkItem.id).where(WorkItem.plan_id == plan.id, condition).order_by(*sql_order("due", "智慧杭州"))
    )
    assert list(by_due) == [early.id, late.id, titled.id]


def test_a_short_name_edit_refolds_the_stored_text(session, make):
    plan = make.plan()
    item = make.item(plan, title="以信息化促进高效生态农业发展")
    session.flush()
    item.short_name = "数字兴农"
    session.flush()
    stored = session.execute(
        select(WorkItemSearchText.text, WorkItemSearchText.names).where(WorkItemSearchText.work_item_id == item.id)
    ).one()
    assert stored.names == "数字兴农\n以信息化促进高效生态农业发展"
    assert stored.text.startswith(stored.names + "\n")


def test_the_export_filter_matches_short_names_and_ignores_punctuation(session, make):
    plan = make.plan()
    task = make.item(plan, title="以工业信息化为重点推动“两化”深度融合", short_name="两化融合")
    other = make.item(plan, title="着力提升服务业信息化水平")
    session.flush()
    tree = load_tree(plan.id, date(2013, 6, 15), 30)
    for query in ("两化融合", "“两化”融合", "两化深度融合"):
        view = apply_filters(tree, TreeFilters(query=query))
        assert [row.node.id for row in view.rows if row.matched] == [task.id], query
    assert other.id not in [row.node.id for row in apply_filters(tree, TreeFilters(query="两化")).rows]


def test_a_query_of_punctuation_only_is_ignored_with_a_notice(client_for, make, seeded_plan):
    html = _search(client_for(make.user("office")), "“”，。")
    assert "搜索词只有标点或空格，已忽略。" in html
    assert "data-filtered" not in html
