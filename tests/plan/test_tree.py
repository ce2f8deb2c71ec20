from datetime import date, datetime
from decimal import Decimal

from tests.conftest import TODAY
from tracker.plan.tree import load_tree


def test_rollups_on_hand_built_tree(make):
    plan = make.plan()
    dept = make.department()
    root = make.item(plan, kind="section", outline_no="三、")
    task_a = make.item(plan, root, weight=Decimal("3"), outline_no="1.")
    task_b = make.item(plan, root, weight=Decimal("1"), outline_no="2.")
    leaf_a1 = make.item(
        plan,
        task_a,
        progress=100,
        status="completed",
        outline_no="(1)",
        start_date=date(2011, 1, 1),
        due_date=date(2012, 12, 31),
    )
    leaf_a2 = make.item(
        plan,
        task_a,
        progress=50,
        status="in_progress",
        outline_no="(2)",
        start_date=date(2011, 6, 1),
        due_date=date(2013, 1, 31),
    )  # overdue on TODAY
    make.item(
        plan,
        task_b,
        progress=20,
        status="in_progress",
        outline_no="(1)",
        due_date=date(2015, 12, 31),
        last_update_at=datetime(2013, 6, 1),
    )
    p1 = make.project(leaf_a1, dept)
    make.budget(p1, 2011, approved="100.50", allocated="80", spent="40")
    make.budget(p1, 2012, approved="10", allocated="10", spent="10")
    p2 = make.project(leaf_a2, dept)
    make.budget(p2, 2012, approved="5.25", allocated="5", spent="1")

    tree = load_tree(plan.id, TODAY, stale_days=30)

    node_root = tree.by_id[root.id]
    assert tree.by_id[task_a.id].progress == Decimal("75.0")  # mean of 100 and 50
    assert tree.by_id[task_b.id].progress == Decimal("20")
    assert node_root.progress == Decimal("61.3")  # (3*75 + 1*20) / 4 = 61.25
    assert node_root.budget.approved == Decimal("115.75")
    assert node_root.budget.allocated == Decimal("95.00")
    assert node_root.budget.spent == Decimal("51.00")
    assert tree.by_id[task_a.id].budget.approved == Decimal("115.75")
    assert tree.by_id[task_b.id].budget.approved == Decimal("0")
    assert tree.by_id[leaf_a2.id].overdue and not tree.by_id[leaf_a1.id].overdue
    assert node_root.overdue_count == 1
    # Stale: open items never reported since creation in 2011 (root, task_a, task_b, leaf_a2), not the
    # completed leaf nor the leaf reported two weeks ago.
    assert node_root.stale_count == 4
    assert node_root.span_start == date(2011, 1, 1) and node_root.span_due == date(2015, 12, 31)
    assert [n.outline for n in tree.walk()] == ["三、", "三、1.", "三、1.(1)", "三、1.(2)", "三、2.", "三、2.(1)"]


def test_retired_items_and_their_children_are_hidden(make):
    plan = make.plan()
    root = make.item(plan)
    gone = make.item(plan, root, retired=True)
    make.item(plan, gone)
    tree = load_tree(plan.id, TODAY, 30)
    assert [n.id for n in tree.walk()] == [root.id]


def _build(make, plan, dept, size: int) -> None:
    for _ in range(size):
        task = make.item(plan, owner=make.user("lead", dept), lead_department=dept)
        task.supporting_departments.append(dept)
        for _leaf in range(3):
            leaf = make.item(plan, task)
            make.budget(make.project(leaf, dept), 2012, approved="1")


def test_tree_statement_count_does_not_grow(make, count_statements, session):
    dept = make.department()
    small, large = make.plan(), make.plan()
    _build(make, small, dept, 2)
    _build(make, large, dept, 12)
    session.expire_all()
    counts = []
    for plan_id in (small.id, large.id):
        session.expunge_all()
        with count_statements() as counter:
            tree = load_tree(plan_id, TODAY, 30)
            for node in tree.walk():
                _ = (node.item.lead_department, node.item.owner, node.supporting)
        counts.append(counter.count)
    assert counts[0] == counts[1], counter.statements
    assert counts[1] <= 5
