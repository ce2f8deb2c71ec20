"""Year-end actuals (tracker.updates.year_ends): the latest approved report by 31 December, Beijing time; drafts
ignored; parents rolled up as the tree rolls them; a bounded number of statements."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tests.conftest import TODAY
from tracker.updates.year_ends import year_end_moment, year_end_progress


@pytest.fixture
def plan_tree(make, session):
    plan = make.plan(start_year=2011, end_year=2015)
    author = make.user("member")
    parent = make.item(plan, title="父任务", created_at=datetime(2011, 1, 1))
    first = make.item(plan, parent, weight=Decimal("3"), progress=70, created_at=datetime(2011, 1, 1))
    second = make.item(plan, parent, weight=Decimal("1"), progress=40, created_at=datetime(2011, 1, 1))
    session.flush()
    return plan, author, parent, first, second


def test_the_year_end_is_midnight_in_beijing(session):
    assert year_end_moment(2012) == datetime(2012, 12, 31, 16, 0)


def test_latest_approved_report_by_the_beijing_year_end(make, session, plan_tree):
    _plan, author, _parent, first, _second = plan_tree
    make.status_update(first, author, progress_after=20, created_at=datetime(2011, 6, 1))
    make.status_update(first, author, progress_after=35, created_at=datetime(2011, 12, 31, 15, 59))  # 23:59 Beijing
    make.status_update(first, author, progress_after=50, created_at=datetime(2011, 12, 31, 16, 1))  # 1 Jan 00:01
    make.status_update(first, author, progress_after=90, created_at=datetime(2012, 11, 1), sign_off="pending")
    make.status_update(first, author, progress_after=95, created_at=datetime(2012, 11, 2), sign_off="returned")
    session.flush()
    values = year_end_progress([first.id], range(2010, 2016), TODAY)
    assert values == {first.id: {2011: Decimal(35), 2012: Decimal(50), 2013: Decimal("70.0")}}


def test_parents_roll_up_their_childrens_year_ends_and_unreported_children_count_zero(make, session, plan_tree):
    _plan, author, parent, first, second = plan_tree
    make.status_update(first, author, progress_after=40, created_at=datetime(2011, 10, 1))
    make.status_update(first, author, progress_after=60, created_at=datetime(2012, 10, 1))
    make.status_update(second, author, progress_after=20, created_at=datetime(2012, 10, 1))
    session.flush()
    values = year_end_progress([parent.id, second.id], [2010, 2011, 2012], TODAY)
    # 2011: (3×40 + 1×0) / 4; 2012: (3×60 + 1×20) / 4; 2010: nobody had reported.
    assert values == {parent.id: {2011: Decimal("30.0"), 2012: Decimal("50.0")}, second.id: {2012: Decimal(20)}}


def test_nothing_for_future_years_or_unknown_items(plan_tree):
    _plan, _author, _parent, first, _second = plan_tree
    assert year_end_progress([first.id], [2014, 2015], TODAY) == {first.id: {}}
    assert year_end_progress([], [2012], TODAY) == {}


def test_statements_do_not_grow_with_items_or_reports(make, session, count_statements):
    plan = make.plan(start_year=2011, end_year=2015)
    author = make.user("member")
    root = make.item(plan, created_at=datetime(2011, 1, 1))
    counts = []
    for size in (1, 12):
        for _ in range(size):
            child = make.item(plan, root, created_at=datetime(2011, 1, 1))
            make.status_update(child, author, progress_after=10, created_at=datetime(2011, 5, 1))
            make.status_update(child, author, progress_after=30, created_at=datetime(2012, 5, 1))
        session.flush()
        ids = [root.id, *[c.id for c in root.children]]
        with count_statements() as counter:
            values = year_end_progress(ids, range(2011, 2014), TODAY)
        counts.append(counter.count)
        assert values[root.id][2012] == Decimal("30.0")
    assert counts[0] == counts[1] == 4  # the roots, the subtrees, 2011, 2012
