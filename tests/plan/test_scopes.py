"""The read side's named scopes: live rows, a plan's live items, open statuses, budget sums."""

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import aliased

from tracker.core.money import BudgetTotals
from tracker.core.statuses import STATUS_VALUES, Status
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_open, open_clause
from tracker.plan.structure import descendant_ids
from tracker.projects.models import BudgetLine, Project


def test_live_is_not_retired_on_a_row_and_in_sql(make):
    plan = make.plan()
    kept, gone = make.item(plan), make.item(plan, retired=True)
    assert kept.live and not gone.live
    found = db.session.scalars(select(WorkItem.id).where(WorkItem.plan_id == plan.id, WorkItem.live))
    assert set(found) == {kept.id}


def test_live_follows_an_alias(make):
    plan = make.plan()
    parent = make.item(plan, retired=True)
    child = make.item(plan, parent=parent)
    above = aliased(WorkItem)
    found = db.session.scalars(
        select(WorkItem.id).join(above, above.id == WorkItem.parent_id).where(WorkItem.live, ~above.live)
    )
    assert list(found) == [child.id]


def test_live_in_a_plan_leaves_out_retired_items_and_other_plans(make):
    plan, other = make.plan(), make.plan()
    kept = make.item(plan)
    make.item(plan, retired=True)
    make.item(other)
    assert list(db.session.scalars(select(WorkItem.id).where(WorkItem.live_in(plan.id)))) == [kept.id]


def test_projects_have_the_same_scope(make):
    item = make.item(make.plan())
    department = make.department()
    kept = make.project(item, department)
    make.project(item, department, retired=True)
    assert list(db.session.scalars(select(Project.id).where(Project.live, Project.work_item_id == item.id))) == [
        kept.id
    ]


def test_open_is_the_same_in_python_and_in_sql(make):
    plan = make.plan()
    items = {status: make.item(plan, status=status) for status in STATUS_VALUES}
    found = set(db.session.scalars(select(WorkItem.status).where(WorkItem.plan_id == plan.id, open_clause(WorkItem))))
    assert found == {status for status in items if is_open(status)}
    assert not is_open(Status.COMPLETED) and not is_open(Status.SUSPENDED) and is_open(Status.DELAYED)


def test_budget_sums_add_up_the_lines_a_query_groups(make):
    department = make.department()
    item = make.item(make.plan())
    one, two, empty = (make.project(item, department) for _ in range(3))
    make.budget(one, 2012, "10", "8", "5.5")
    make.budget(one, 2013, "1", "1", "1")
    make.budget(two, 2012, "2", "0", "0")
    rows = db.session.execute(
        select(Project.id, *BudgetLine.sums())
        .outerjoin(BudgetLine, BudgetLine.project_id == Project.id)
        .where(Project.work_item_id == item.id)
        .group_by(Project.id)
    )
    totals = {project_id: BudgetTotals.of(*sums) for project_id, *sums in rows}
    assert totals[one.id] == BudgetTotals(Decimal("11"), Decimal("9"), Decimal("6.5"))
    assert totals[two.id] == BudgetTotals(Decimal("2"), Decimal("0"), Decimal("0"))
    assert totals[empty.id] == BudgetTotals()


def _branch(make):
    """plan: a (b (c), d), e; and another plan's item."""
    plan = make.plan()
    a = make.item(plan)
    b = make.item(plan, parent=a)
    c = make.item(plan, parent=b)
    d = make.item(plan, parent=a)
    e = make.item(plan)
    make.item(make.plan())
    return a, b, c, d, e


def test_a_subtree_is_a_range_of_paths(make):
    a, b, c, d, e = _branch(make)
    below_a = set(db.session.scalars(select(WorkItem.id).where(WorkItem.in_subtree_of(a))))
    assert below_a == {a.id, b.id, c.id, d.id}
    assert set(db.session.scalars(select(WorkItem.id).where(WorkItem.in_subtree_of(b)))) == {b.id, c.id}
    assert c.is_below(a) and c.is_below(c) and not a.is_below(c) and not e.is_below(a)


def test_a_subtree_follows_a_move(make):
    a, b, c, _d, e = _branch(make)
    b.parent = e
    db.session.flush()
    assert set(db.session.scalars(select(WorkItem.id).where(WorkItem.in_subtree_of(e)))) == {e.id, b.id, c.id}
    assert c.is_below(e) and not c.is_below(a)


def test_structure_reads_descendants_by_path_in_one_statement(make, count_statements):
    a, b, c, d, _e = _branch(make)
    with count_statements() as counted:
        assert descendant_ids(a) == {b.id, c.id, d.id}
    assert counted.count == 1
