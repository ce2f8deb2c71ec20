"""Building the report sends a fixed number of statements, whatever the size of the plan: each section reads
grouped figures or a capped list, never a statement per item, task or department."""

from __future__ import annotations

from datetime import date, datetime

from tests.conftest import TODAY
from tests.dashboard.dashboard_world import STALE_DAYS, Builder
from tracker.plan.models import Plan
from tracker.reports.content import build_report
from tracker.reports.periods import parse_report_period

# plan_summary 10 (7, and 3 for the budget by main task); overview 2 (the period's reports, the plan's progress);
# main tasks 4 (sub-tasks, tasks, outlines, notes); overdue 6 (late items counted, late projects counted by
# department, rows, outlines, the items' and the projects' latest reports); indicators 2; compliance 1.
STATEMENTS = 25


def test_the_statement_count_does_not_grow_with_the_plan(make, session, count_statements):
    builder = Builder(make, session)
    counts = []
    for size in (1, 5):
        world = builder.grow(size)
        # Reports with notes, reasons and remedies on every item, so that none of the look-ups is skipped.
        for spec in world.live():
            make.status_update(
                spec.item, world.office, created_at=datetime(2013, 5, 1), note="说明", delay_reason="原因"
            )
            make.review(spec.item, world.office, "follow_up", created_at=datetime(2013, 5, 2), comment="请跟进")
        plan_id = world.plan.id
        department = world.departments[0]
        # An overdue item of its own, so that the department's overdue list is never empty.
        item = make.item(world.plan, lead_department_id=department.id, due_date=date(2013, 1, 1), status="in_progress")
        # And an overdue project of its own with a report, so that the projects' look-ups are never skipped either.
        project = make.project(item, department, due_date=date(2013, 1, 1), status="in_progress")
        make.status_update(project, world.office, created_at=datetime(2013, 5, 1), delay_reason="原因")
        # And a budget of the period's year on a main task, so that the budget by main task names one.
        task = next(spec.item for spec in world.live() if spec.kind == "task")
        make.budget(make.project(task, department), 2013, "10", "5", "1")
        session.flush()
        session.expire_all()
        plan = session.get(Plan, plan_id)
        period = parse_report_period("2013-Q2", plan, TODAY)
        with count_statements() as counter:
            build_report(plan, period, None, today=TODAY, stale_days=STALE_DAYS, issuer="办公室")
        whole = counter.count
        with count_statements() as counter:
            build_report(plan, period, department, today=TODAY, stale_days=STALE_DAYS, issuer="办公室")
        counts.append((whole, counter.count))
    assert counts[0] == counts[1] == (STATEMENTS, STATEMENTS), counts
