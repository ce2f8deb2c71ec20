"""Reminders and the review queue's sheet name an item by its full outline ("三、(一)1.〔1〕"), as the item page's
breadcrumb does, not by its own number alone ("〔1〕"), which names nothing without its parents."""

from __future__ import annotations

from datetime import date

from tests.conftest import TODAY
from tracker.review.compliance import MONTHLY
from tracker.review.queue import QueueFilters, queue_entries
from tracker.review.reminders import build_reminders, reminder_text


def _numbered(world, make, session):
    world["root"].outline_no = "三、"
    world["late_a"].outline_no = "5."
    world["quiet_a"].outline_no = "(一)"
    deep = make.item(
        world["plan"],
        parent=world["late_a"],
        kind="subtask",
        outline_no="(1)",
        outline_added=True,
        title="deep_a",
        lead_department=world["a"],
        status="in_progress",
        due_date=date(2013, 2, 1),
    )
    session.flush()
    return deep


def test_the_queue_for_sheets_and_mails_carries_each_items_full_outline(world, make, session):
    deep = _numbered(world, make, session)
    outlines = {e.title: e.outline_no for e in queue_entries(world["plan"].id, QueueFilters(), TODAY, 30)}
    assert outlines["deep_a"] == "三、5.〔1〕"
    assert outlines["late_a"] == "三、5."
    assert outlines["quiet_a"] == "三、(一)"
    assert outlines["proj_a"] == ""  # a project has no outline
    assert deep.id


def test_queue_entries_run_a_fixed_number_of_statements(world, make, session, count_statements):
    _numbered(world, make, session)
    session.expire_all()
    with count_statements() as small:
        queue_entries(world["plan"].id, QueueFilters(), TODAY, 30)
    parent = world["late_a"]
    for n in range(15):
        parent = make.item(
            world["plan"], parent=parent, title=f"level{n}", lead_department=world["a"], due_date=date(2013, 1, 1)
        )
    session.expire_all()
    with count_statements() as large:
        entries = queue_entries(world["plan"].id, QueueFilters(), TODAY, 30)
    assert len(entries) > 15
    assert small.count == large.count


def test_a_reminder_names_items_by_their_full_outline(world, make, session):
    _numbered(world, make, session)
    reminders = build_reminders(world["plan"], TODAY, MONTHLY, 30)
    text = reminder_text(next(r for r in reminders if r.department == world["a"]))
    assert "  - 三、(一) quiet_a（完成期限：2014-12-31）" in text  # a missing report
    assert "[任务] 三、5. late_a（完成期限：2013-03-01" in text  # overdue
    assert "[任务] 三、5.〔1〕 deep_a（完成期限：2013-02-01" in text
    assert "〔 〕内的编号为系统添加，非规划原文" in text
