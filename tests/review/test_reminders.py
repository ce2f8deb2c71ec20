"""`flask reminders`: the listing per department (the notifications --send writes: test_reminder_notices.py)."""

from __future__ import annotations

from datetime import date, datetime

from tests.review.helpers import report


def outline(world, name: str) -> str:
    """The item's full outline, as a reminder shows it: its parent's number, then its own."""
    return world["root"].outline_no + world[name].outline_no


def run(app, *args):
    return app.test_cli_runner().invoke(args=["reminders", *args])


def test_lists_missing_reports_and_overdue_items_per_department(world, app, session):
    result = run(app, "--today", "2013-06-15")
    assert result.exit_code == 0, result.output
    out = result.output
    a_part, b_part = out.split("【杭州市经济和信息化委员会】")[1].split("【杭州市商务委员会】")
    # June: A's late_a reported on 06-01; quiet_a and the rest did not.
    assert "本期（2013年6月，2013-06-01 至 2013-06-30）尚未报送进展的任务（1 项）" in a_part
    assert "quiet_a" in a_part.split("逾期事项")[0]
    assert "逾期事项（2 项）" in a_part
    assert f"[任务] {outline(world, 'late_a')} late_a（完成期限：2013-03-01，已逾期 106 天）" in a_part
    assert "[项目] proj_a（完成期限：2013-04-15，已逾期 61 天）" in a_part
    assert "尚未报送进展的任务（2 项）" in b_part and "late_b" in b_part and "silent_b" in b_part
    assert "fine_b" not in b_part.split("逾期事项")[0]  # reported on 06-10
    assert f"[任务] {outline(world, 'late_b')} late_b（完成期限：2013-05-15，已逾期 31 天）" in b_part


def test_a_reminder_names_an_item_by_its_short_name_too(world, app, session):
    """Issue 9, point 4: the office calls tasks by their short names; a reminder uses them as well."""
    world["late_a"].short_name = "甲任务"
    world["quiet_a"].short_name = "静默任务"
    session.commit()
    out = run(app, "--today", "2013-06-15").output
    assert f"[任务] {outline(world, 'late_a')} late_a（甲任务）（完成期限：2013-03-01" in out
    assert "quiet_a（静默任务）（完成期限：" in out


def test_a_quiet_plan_says_so(make, app, session):
    plan = make.plan()
    dept = make.department()
    item = make.item(plan, lead_department=dept, status="in_progress", due_date=date(2015, 1, 1))
    report(session, item, datetime(2013, 6, 2), make.user("member", dept))
    result = run(app, "--today", "2013-06-15")
    assert result.exit_code == 0 and "各部门均已按期报送，没有逾期事项" in result.output


def test_quarterly_period(world, app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_REPORTING_PERIOD", "quarterly")
    result = run(app, "--today", "2013-06-15")
    assert "2013年第2季度，2013-04-01 至 2013-06-30" in result.output


def test_bad_date_is_refused(world, app):
    result = run(app, "--today", "2013-02-30")
    assert result.exit_code != 0 and "--today" in result.output


def test_a_number_the_tracker_added_is_marked_and_explained(world, app, session):
    world["late_a"].outline_no, world["late_a"].outline_added = "(2)", True
    session.flush()
    out = run(app, "--today", "2013-06-15").output
    a_part, b_part = out.split("【杭州市经济和信息化委员会】")[1].split("【杭州市商务委员会】")
    assert f"[任务] {world['root'].outline_no}〔2〕 late_a（完成期限：2013-03-01，已逾期 106 天）" in a_part
    assert "〔 〕内的编号为系统添加，非规划原文" in a_part and "〔 〕内的编号" not in b_part
