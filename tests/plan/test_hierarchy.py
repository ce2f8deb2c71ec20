"""The derived columns (path, depth, rolled-up progress, search text) stay true through every kind of change,
on all three databases, and agree with the rollups load_tree computes from the whole plan."""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.factories import Factories
from tracker.core.errors import ValidationError
from tracker.plan import structure
from tracker.plan.hierarchy import MAX_DEPTH, Link, ancestor_ids, place_all, subtree_end
from tracker.plan.models import WorkItem, WorkItemSearchText
from tracker.plan.tree import load_tree
from tracker.updates.services import UpdateData, post_status_update


@pytest.fixture
def any_make(any_session) -> Factories:
    return Factories(any_session, itertools.count(1))


def _stored(session, plan_id: int) -> list[WorkItem]:
    session.expire_all()
    return list(session.scalars(select(WorkItem).where(WorkItem.plan_id == plan_id).order_by(WorkItem.path)))


def assert_consistent(session, plan_id: int) -> None:
    """What the listeners stored equals a fresh computation over the whole plan, and the live items' values
    equal load_tree's: plan order, depth and rolled-up progress."""
    items = _stored(session, plan_id)
    expected = place_all(
        Link(i.id, i.parent_id, i.sort_order, i.progress, Decimal(i.weight), bool(i.retired)) for i in items
    )
    for item in items:
        placement = expected[item.id]
        assert (item.path, item.depth, item.rollup_progress) == (
            placement.path,
            placement.depth,
            placement.rollup_progress,
        ), item
    tree = load_tree(plan_id, TODAY, 30)
    live = [item for item in items if item.id in tree.by_id]
    assert [item.id for item in live] == [node.id for node in tree.walk()]  # ORDER BY path is plan order
    for item in live:
        node = tree.by_id[item.id]
        assert (item.depth, item.rollup_progress) == (node.depth, node.progress), item


def _random_plan(make, rng: random.Random, size: int = 40):
    plan = make.plan()
    items: list[WorkItem] = []
    for _ in range(size):
        parent = rng.choice([None, *items]) if items else None
        items.append(
            make.item(
                plan,
                parent,
                sort_order=rng.randint(0, 5),  # ties: id decides, as in the tree
                progress=rng.randint(0, 100),
                weight=Decimal(rng.choice(["0", "1", "1", "2.5", "3"])),
            )
        )
    return plan, items


def test_paths_and_rollups_of_a_random_plan_on_every_database(any_session, any_make):
    plan, items = _random_plan(any_make, random.Random(7))
    assert_consistent(any_session, plan.id)
    item = items[-1]
    assert item.path.startswith(item.parent.path) if item.parent else len(item.path) == 18
    # The subtree range holds exactly the item and its descendants, by the database's own comparison.
    root = items[0]
    in_range = any_session.scalars(
        select(WorkItem.id).where(WorkItem.path >= root.path, WorkItem.path < subtree_end(root.path))
    )
    assert set(in_range) == {i.id for i in items if root.id in (*ancestor_ids(i.path), i.id)}


def test_moves_renumbering_and_progress_changes_keep_them_true(any_session, any_make):
    rng = random.Random(11)
    plan, items = _random_plan(any_make, rng)
    office = any_make.user("office")
    for _ in range(12):
        item = rng.choice(items)
        candidates = [None, *(i for i in items if i.id not in structure.descendant_ids(item) | {item.id})]
        target = rng.choice(candidates)
        structure.move_item(item, target.id if target else None, rng.choice([None, 1, 2]), item.version, office)
        assert_consistent(any_session, plan.id)
    for item in rng.sample(items, 6):
        item.progress = rng.randint(0, 100)
        item.weight = Decimal(rng.choice(["0", "1", "4"]))
    any_session.flush()
    assert_consistent(any_session, plan.id)


def test_a_status_update_rolls_up_without_touching_the_ancestors_versions(session, make, tree_plan):
    p = tree_plan
    versions = (p.root.version, p.task1.version)
    lead = make.user("lead", p.dept_b)
    post_status_update(p.sub1, UpdateData(status="in_progress", progress=60, version=p.sub1.version), lead, TODAY)
    # task1: mean of 60 and 100; the root: task1 (weight 3) and task2 (50, weight 1).
    assert p.task1.rollup_progress == Decimal("80.0")
    assert p.root.rollup_progress == Decimal("72.5")
    assert (p.root.version, p.task1.version) == versions
    assert_consistent(session, p.plan.id)


def test_new_children_retiring_and_restoring_change_the_parents(session, make, tree_plan):
    p = tree_plan
    office = make.user("office")
    child = structure.add_child(p.task2, structure.NewChild(kind="subtask", title="新增子任务"), office)
    assert child.depth == 2 and child.path.startswith(p.task2.path)
    assert p.task2.rollup_progress == Decimal("0")  # its only child has not started
    assert_consistent(session, p.plan.id)
    structure.retire_item(p.task1, office)
    assert p.root.rollup_progress == Decimal("0")  # only task2 is left, at 0
    assert_consistent(session, p.plan.id)
    structure.restore_item(p.task1, office)
    assert_consistent(session, p.plan.id)


def _search_text(session, item_id: int) -> str:
    return session.scalar(select(WorkItemSearchText.text).where(WorkItemSearchText.work_item_id == item_id))


def test_search_text_is_folded_from_title_and_mandate(session, make, tree_plan):
    p = tree_plan
    # Half-width, lower case, without punctuation or spaces (the search needle is folded the same way).
    assert _search_text(session, p.task1.id) == "推进电子政务建设\n加快建设全市统一的电子政务网络推进ipv6改造"
    p.task2.title = "发展ＲＦＩＤ产业"
    session.flush()
    assert _search_text(session, p.task2.id).startswith("发展rfid产业")
    p.task2.progress = 60  # not a text change: the text stays
    session.flush()
    assert _search_text(session, p.task2.id).startswith("发展rfid产业")


def test_nesting_is_limited(session, make):
    plan = make.plan()
    parent = None
    for _ in range(MAX_DEPTH):
        parent = make.item(plan, parent)
    with pytest.raises(ValidationError, match="层级"):
        make.item(plan, parent)


def test_an_item_dated_like_the_plan_keeps_its_place(session, make):
    """Sort orders beyond the path's width fall back to id order instead of breaking the subtree ranges."""
    plan = make.plan()
    root = make.item(plan)
    late = make.item(plan, root, sort_order=10**9, due_date=date(2015, 12, 31))
    early = make.item(plan, root, sort_order=-5)
    assert early.path < late.path
    assert_consistent(session, plan.id)


def test_item_page_rollups_from_the_subtree_equal_the_whole_tree_ones(any_session, any_make, any_app):
    """subtree_node (the item page: ancestors and subtree only) against load_tree (the whole plan), item by item."""
    from tracker.plan.services import item_page

    rng = random.Random(5)
    plan, items = _random_plan(any_make, rng, size=30)
    dept = any_make.department()
    for item in items:
        item.due_date = date(2012, 1, 1) + timedelta(days=rng.randint(0, 1000))
        item.start_date = item.due_date - timedelta(days=rng.randint(0, 400))
        item.status = rng.choice(["in_progress", "completed", "delayed", "not_started"])
        item.last_update_at = rng.choice([None, datetime(2013, 6, 1), datetime(2012, 1, 1)])
        if rng.random() < 0.4:
            project = any_make.project(item, dept)
            any_make.budget(project, 2012, approved=f"{rng.randint(1, 900)}.25", allocated="10", spent="3.5")
    items[7].retired = True
    any_session.flush()  # no expire_all: the objects in memory must hold the rollups the listener wrote
    tree = load_tree(plan.id, TODAY, 30)
    with any_app.test_request_context():
        for item in items:
            if item.id not in tree.by_id:
                continue
            expected, node = tree.by_id[item.id], item_page(item, TODAY, 30).node

            def facts(n):
                return (
                    n.progress,
                    n.budget.approved,
                    n.budget.allocated,
                    n.budget.spent,
                    n.overdue_count,
                    n.stale_count,
                    n.span_start,
                    n.span_due,
                )

            assert facts(node) == facts(expected), item
            assert node.outline == expected.outline
            assert [facts(c) for c in node.children] == [facts(c) for c in expected.children], item
