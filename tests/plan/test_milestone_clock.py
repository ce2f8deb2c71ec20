"""Behind this year's milestone (tracker.plan.milestones): the expected progress by a fixed today, and the Python
and SQL forms agreeing on every database."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tracker.plan.milestones import (
    behind_milestone_clause,
    expected_progress,
    expected_progress_sql,
    is_behind_milestone,
)
from tracker.plan.models import WorkItem

# TODAY is 2013-06-15: day 166 of 365.
ELAPSED, DAYS = 166, 365


def test_this_years_target_rises_on_a_line_from_last_years():
    expectation = expected_progress({2012: 40, 2013: 70}, TODAY)
    assert expectation is not None
    assert expectation.expected == (40 * DAYS + 30 * ELAPSED) // DAYS == 53
    assert expectation.year_target == 70


def test_before_the_first_milestone_the_line_starts_at_nothing():
    assert expected_progress({2013: 50}, TODAY).expected == 50 * ELAPSED // DAYS == 22


def test_a_year_without_a_milestone_expects_the_latest_earlier_one():
    expectation = expected_progress({2011: 20, 2012: 45, 2014: 80}, TODAY)
    assert (expectation.expected, expectation.year_target) == (45, None)


def test_nothing_is_expected_before_any_milestone_or_from_deliverables_alone():
    assert expected_progress({}, TODAY) is None
    assert expected_progress({2014: 60, 2015: 100}, TODAY) is None
    assert expected_progress({2012: None, 2013: None}, TODAY) is None


def test_year_ends_and_leap_years():
    assert expected_progress({2012: 40, 2013: 70}, date(2013, 12, 31)).expected == 70
    assert expected_progress({2012: 40, 2013: 70}, date(2013, 1, 1)).expected == 40  # 40 + 30/365, rounded down
    assert expected_progress({2012: 0}, date(2012, 12, 31)).expected == 0
    assert expected_progress({2012: 100}, date(2012, 7, 1)).expected == 100 * 183 // 366


def test_behind_means_open_and_below_the_expected_whole_percent():
    targets = {2012: 40, 2013: 70}  # 53 expected by TODAY
    assert is_behind_milestone(52, "in_progress", targets, TODAY)
    assert is_behind_milestone(Decimal("52.9"), "in_progress", targets, TODAY)
    assert not is_behind_milestone(53, "in_progress", targets, TODAY)
    assert not is_behind_milestone(10, "suspended", targets, TODAY)
    assert not is_behind_milestone(10, "completed", targets, TODAY)
    assert not is_behind_milestone(0, "not_started", {2014: 50}, TODAY)


CASES = [
    # (milestones {year: target}, progress, expected by TODAY)
    ({2012: 40, 2013: 70}, 52, 53),
    ({2012: 40, 2013: 70}, 53, 53),
    ({2013: 50}, 21, 22),
    ({2011: 20, 2012: 45, 2014: 80}, 44, 45),
    ({2014: 60}, 0, None),
    ({}, 0, None),
    ({2012: 100, 2013: 100}, 99, 100),
]


@pytest.mark.parametrize(("targets", "progress", "expected"), CASES)
def test_python_and_sql_agree_on_every_database(make, session, targets, progress, expected):
    plan = make.plan()
    item = make.item(plan, status="in_progress", progress=progress)
    for year, target in targets.items():
        make.milestone(item, year, target)
    make.milestone(item, 2015, None, deliverable="验收报告")  # a deliverable alone changes nothing
    session.flush()
    python = expected_progress({**targets, 2015: None}, TODAY)
    assert (python.expected if python else None) == expected
    row = session.execute(
        select(expected_progress_sql(WorkItem, TODAY), behind_milestone_clause(WorkItem, TODAY)).where(
            WorkItem.id == item.id
        )
    ).one()
    assert row[0] == expected
    assert bool(row[1]) == is_behind_milestone(item.rollup_progress, item.status, targets, TODAY)
    assert bool(row[1]) == (expected is not None and progress < expected)


def test_a_parent_is_held_to_its_rolled_up_progress(make, session):
    plan = make.plan()
    parent = make.item(plan, status="in_progress", progress=0)
    make.item(plan, parent=parent, status="in_progress", progress=80)
    make.item(plan, parent=parent, status="in_progress", progress=40)
    make.milestone(parent, 2013, 100)  # 45 expected by TODAY; 60 rolled up
    session.flush()
    behind = session.scalars(select(WorkItem.id).where(behind_milestone_clause(WorkItem, TODAY))).all()
    assert parent.id not in behind
