from datetime import date, datetime

from tests.conftest import TODAY
from tracker.plan.rules import is_overdue, is_stale
from tracker.plan.services import overdue_items, stale_items


def test_overdue_and_stale_queries_with_a_fixed_today(make):
    plan = make.plan()
    due_past = make.item(plan, due_date=date(2013, 6, 14), status="in_progress")
    make.item(plan, due_date=date(2013, 6, 15), status="in_progress")  # due today: not yet overdue
    make.item(plan, due_date=date(2012, 1, 1), status="completed")
    make.item(plan, due_date=date(2012, 1, 1), status="suspended")
    retired = make.item(plan, due_date=date(2012, 1, 1), retired=True)
    assert [i.id for i in overdue_items(plan.id, TODAY)] == [due_past.id]
    assert retired.id not in [i.id for i in overdue_items(plan.id, TODAY)]
    # The same items are not overdue a year earlier.
    assert overdue_items(plan.id, date(2012, 6, 1)) == []


def test_stale_counts_days_since_last_report(make):
    plan = make.plan()
    reported_recently = make.item(plan, last_update_at=datetime(2013, 6, 1), start_date=date(2011, 1, 1))
    reported_long_ago = make.item(plan, last_update_at=datetime(2013, 5, 1), start_date=date(2011, 1, 1))
    never_reported = make.item(plan, start_date=date(2011, 1, 1), created_at=datetime(2011, 1, 1))
    make.item(plan, start_date=date(2014, 1, 1))  # not started yet: nothing to report
    make.item(plan, status="completed", progress=100, last_update_at=datetime(2012, 1, 1))
    stale = {i.id for i in stale_items(plan.id, TODAY, stale_days=30)}
    assert stale == {reported_long_ago.id, never_reported.id}
    assert reported_recently.id not in stale
    assert {i.id for i in stale_items(plan.id, TODAY, stale_days=60)} == {never_reported.id}


def test_python_and_sql_rules_agree():
    assert is_overdue(date(2013, 6, 14), "delayed", TODAY)
    assert not is_overdue(date(2013, 6, 14), "completed", TODAY)
    assert not is_overdue(None, "delayed", TODAY)
    assert is_stale(None, datetime(2013, 5, 1), None, "in_progress", TODAY, 30)
    assert not is_stale(datetime(2013, 5, 20), datetime(2011, 1, 1), None, "in_progress", TODAY, 30)
