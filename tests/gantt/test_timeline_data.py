"""The timeline's data builder: bars, items without dates, the rollup span, markers for reviews and milestones,
overdue, filters (bad values ignored with a notice) and the plan shown."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from werkzeug.datastructures import MultiDict

from tests.conftest import TODAY
from tracker.gantt.data import build_timeline
from tracker.gantt.filters import TimelineFilters, parse_filters


@pytest.fixture(autouse=True)
def _request(app):
    """Rows carry their item page's address: built within a request, as the page does."""
    with app.test_request_context():
        yield


def _build(plan, filters=None, names=None):
    return build_timeline(plan, filters or TimelineFilters(), TODAY, names or {})


def _row(timeline, item):
    return next(row for row in timeline.rows if row["id"] == item.id)


def test_dated_items_are_bars_and_the_others_are_listed_apart(make, session):
    plan = make.plan()
    section = make.item(plan, kind="section")
    dated = make.item(plan, parent=section, start_date=date(2012, 1, 1), due_date=date(2014, 6, 30))
    due_only = make.item(plan, parent=section, due_date=date(2013, 12, 31))
    bare = make.item(plan, parent=section)
    make.item(plan, parent=section, start_date=date(2012, 1, 1), due_date=date(2012, 2, 1), retired=True)
    timeline = _build(plan)
    assert [row["id"] for row in timeline.rows] == [section.id, dated.id, due_only.id, bare.id]
    assert timeline.bar_count == 1
    assert _row(timeline, dated)["bar"] and not _row(timeline, due_only)["bar"]
    assert {row["id"] for row in timeline.undated} == {section.id, due_only.id, bare.id}
    # Nothing drawn at 1970: the axis covers the plan's years (and today), from 1 January.
    assert timeline.axis_start == date(2011, 1, 1) and timeline.axis_end == date(2015, 12, 31)


def test_a_parent_without_dates_shows_its_descendants_span(make, session):
    plan = make.plan()
    section = make.item(plan, kind="section")
    task = make.item(plan, parent=section)
    make.item(plan, parent=task, kind="subtask", start_date=date(2012, 3, 1), due_date=date(2013, 1, 31))
    make.item(plan, parent=task, kind="subtask", start_date=date(2011, 5, 1), due_date=date(2012, 1, 31))
    make.item(plan, parent=section, start_date=date(2014, 1, 1), due_date=date(2017, 6, 30))
    timeline = _build(plan)
    assert _row(timeline, task)["summary"] == ["2011-05-01", "2013-01-31"]
    assert _row(timeline, section)["summary"] == ["2011-05-01", "2017-06-30"]
    # The axis goes beyond the plan's end where a due date does.
    assert timeline.axis_end == date(2017, 12, 31)


def test_overdue_and_progress(make, session):
    plan = make.plan()
    late = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2012, 12, 31), status="in_progress", progress=40)
    done = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2012, 12, 31), status="completed", progress=100)
    session.flush()
    timeline = _build(plan)
    assert _row(timeline, late)["overdue"] and not _row(timeline, done)["overdue"]
    assert _row(timeline, done)["status"] == "completed"


def test_extension_and_decision_markers(make, session):
    plan = make.plan()
    office = make.user(role="office")
    item = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2013, 9, 30))
    make.audit_event("work_item", item.id, office, field="due_date", old="2012-12-31", new="2013-06-30")
    make.review(item, office, "extension", new_due_date=date(2013, 6, 30), created_at=datetime(2013, 1, 5, 2))
    make.review(item, office, "extension", new_due_date=date(2013, 9, 30), created_at=datetime(2013, 5, 5, 2))
    make.review(item, office, "follow_up", comment="请说明原因", created_at=datetime(2013, 5, 20, 20))
    markers = _row(_build(plan), item)["markers"]
    extensions = [marker for marker in markers if marker["type"] == "extension"]
    assert [(m["date"], m["oldDue"], m["newDue"]) for m in extensions] == [
        ("2013-01-05", "2012-12-31", "2013-06-30"),
        ("2013-05-05", "2013-06-30", "2013-09-30"),
    ]
    assert "2012-12-31 → 2013-06-30" in extensions[0]["text"]
    (decision,) = [marker for marker in markers if marker["type"] == "decision"]
    # Stored in UTC, shown on the Shanghai date.
    assert decision["date"] == "2013-05-21" and decision["outcome"] == "follow_up" and "请说明原因" in decision["text"]


def test_milestone_markers_are_red_where_the_item_is_behind(make, session):
    plan = make.plan()
    behind = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2015, 12, 31), status="in_progress")
    ahead = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2015, 12, 31), status="in_progress", progress=90)
    for item in (behind, ahead):
        make.milestone(item, 2012, 20)
        make.milestone(item, 2013, 60, deliverable="平台上线")
        make.milestone(item, 2014, None, deliverable="全面推广")
    session.flush()
    behind_markers = [m for m in _row(_build(plan), behind)["markers"] if m["type"] == "milestone"]
    assert [(m["date"], m["behind"], m["state"]) for m in behind_markers] == [
        ("2012-12-31", False, "missed"),
        ("2013-12-31", True, "behind"),
        ("2014-12-31", False, "not_due"),
    ]
    assert "未达成" in behind_markers[0]["text"] and "落后" in behind_markers[1]["text"]
    assert "未到期" in behind_markers[2]["text"]
    assert "60%" in behind_markers[1]["text"] and "平台上线" in behind_markers[1]["text"]
    ahead_markers = [m for m in _row(_build(plan), ahead)["markers"] if m["type"] == "milestone"]
    assert not any(m["behind"] for m in ahead_markers)
    assert [m["state"] for m in ahead_markers] == ["missed", "reached", "not_due"]  # 2012's year end is unknown


def test_a_past_milestone_shows_the_progress_reached_at_that_year_end(make, session):
    plan = make.plan()
    lead = make.user(role="lead")
    item = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2015, 12, 31), status="in_progress")
    make.milestone(item, 2012, 40)
    make.milestone(item, 2013, 60)
    make.status_update(item, lead, progress_after=35, created_at=datetime(2012, 12, 20))
    make.status_update(item, lead, progress_after=55, created_at=datetime(2013, 2, 1))
    session.flush()
    texts = [m["text"] for m in _row(_build(plan), item)["markers"] if m["type"] == "milestone"]
    assert "年末实际 35%" in texts[0]
    assert "年末实际" not in texts[1]  # 2013 is not over: the bar shows where the item stands now


def test_a_missed_past_milestone_says_so_as_the_item_page_does(make, session):
    plan = make.plan()
    lead = make.user(role="lead")
    missed = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2015, 12, 31), status="in_progress")
    reached = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2015, 12, 31), status="in_progress")
    for item, year_end in ((missed, 10), (reached, 40)):
        make.milestone(item, 2012, 33)
        make.milestone(item, 2013, 90)
        make.status_update(item, lead, progress_after=year_end, created_at=datetime(2012, 12, 20))
    session.flush()
    (missed_2012, _) = [m for m in _row(_build(plan), missed)["markers"] if m["type"] == "milestone"]
    (reached_2012, _) = [m for m in _row(_build(plan), reached)["markers"] if m["type"] == "milestone"]
    assert missed_2012["state"] == "missed" and "未达成" in missed_2012["text"]
    assert reached_2012["state"] == "reached" and "达成" in reached_2012["text"]
    assert "未达成" not in reached_2012["text"]


def test_behind_an_earlier_years_milestone_names_that_year(make, session):
    """No 2013 milestone: today's expectation comes from 2012's, and the words say so, with the numbers."""
    plan = make.plan()
    item = make.item(plan, start_date=date(2011, 1, 1), due_date=date(2015, 12, 31), status="delayed", progress=10)
    make.milestone(item, 2012, 40)
    make.milestone(item, 2014, 80)
    session.flush()
    markers = [m for m in _row(_build(plan), item)["markers"] if m["type"] == "milestone"]
    assert [(m["date"], m["behind"]) for m in markers] == [("2012-12-31", True), ("2014-12-31", False)]
    assert "本年度" not in markers[0]["text"]
    assert "落后于 2012 年度目标" in markers[0]["text"]
    assert "按该目标今日应达 40%，实际 10%" in markers[0]["text"]


def test_filters_keep_the_ancestors_greyed(make, session):
    plan = make.plan()
    mine, other = make.department(), make.department()
    section = make.item(plan, kind="section")
    dates = {"start_date": date(2011, 1, 1), "due_date": date(2012, 1, 1)}
    task = make.item(plan, parent=section, lead_department=other, **dates)
    sub = make.item(
        plan,
        parent=task,
        kind="subtask",
        lead_department=mine,
        status="delayed",
        start_date=date(2011, 1, 1),
        due_date=date(2012, 1, 1),
    )
    make.item(plan, parent=section, lead_department=other, start_date=date(2011, 1, 1), due_date=date(2012, 1, 1))
    timeline = _build(plan, TimelineFilters(department_id=mine.id))
    assert [(row["id"], row["match"], row["bar"]) for row in timeline.rows] == [
        (section.id, False, False),
        (task.id, False, False),
        (sub.id, True, True),
    ]
    assert timeline.bar_count == 1 and timeline.total == 1
    by_status = _build(plan, TimelineFilters(statuses=("delayed", "completed")))
    assert [row["id"] for row in by_status.rows if row["match"]] == [sub.id]
    by_kind = _build(plan, TimelineFilters(kind="subtask"))
    assert [row["id"] for row in by_kind.rows if row["match"]] == [sub.id]


def test_bad_filter_values_are_ignored_with_a_notice(app, make, session):
    department = make.department()
    args = MultiDict([("department", "abc"), ("status", "delayed"), ("status", "nonsense"), ("kind", "x")])
    filters = parse_filters(args, {department.id})
    assert filters.department_id is None and filters.statuses == ("delayed",) and filters.kind is None
    assert len(filters.notices) == 3
    good = parse_filters(MultiDict([("department", str(department.id))]), {department.id})
    assert good.department_id == department.id and not good.notices


def test_only_the_chosen_plans_items(make, session):
    first, second = make.plan(), make.plan()
    mine = make.item(first, start_date=date(2011, 1, 1), due_date=date(2012, 1, 1))
    make.item(second, start_date=date(2011, 1, 1), due_date=date(2012, 1, 1))
    assert [row["id"] for row in _build(first).rows] == [mine.id]


def test_a_large_plan_is_drawn_up_to_the_cap_with_a_notice(make, session, monkeypatch):
    monkeypatch.setattr("tracker.gantt.data.ROW_CAP", 3)
    plan = make.plan()
    for _ in range(5):
        make.item(plan, start_date=date(2011, 1, 1), due_date=date(2012, 1, 1))
    timeline = _build(plan)
    assert len(timeline.rows) == 3 and timeline.total == 5 and len(timeline.notices) == 1
