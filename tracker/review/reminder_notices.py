"""What reminders tell people, written as notifications (inbox rows, and outbox mail for those who want it):

- the office's "提醒以下部门" button on the compliance page: the leads of every department with reports missing in
  the chosen period, at most once a day per department and period;
- `flask reminders --send` (cron): items falling due within TRACKER_DUE_SOON_DAYS and items newly overdue (their
  owner and their department's leads, once per item and due date), and the period that just closed with reports
  missing (the department's leads, once per department and period).

Each event's dedupe key makes a second press or a second run tell nobody twice. Links come from url_for: the CLI
builds them inside a request context of its own. Nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.auth.models import Role, User
from tracker.extensions import db
from tracker.notifications.models import NotificationKind
from tracker.notifications.services import notify
from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem
from tracker.plan.outline import numbered
from tracker.plan.outline_paths import full_outlines
from tracker.plan.rules import open_clause
from tracker.review.compliance import Period, compliance_table, missing_reports, period_containing

# An item overdue for longer than this when reminders first run is old news, not "newly overdue": the office's
# queue already shows it. A month also covers a cron that stopped for a few weeks.
OVERDUE_WINDOW_DAYS = 30


@dataclass
class Told:
    """How many departments (or items) the reminder was about, and how many people it reached."""

    subjects: int = 0
    people: int = 0

    def add(self, told: list) -> None:
        if told:
            self.subjects += 1
            self.people += len(told)


def leads_by_department(department_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active leads of each department: one statement."""
    wanted = set(department_ids)
    found: dict[int, list[User]] = {department_id: [] for department_id in wanted}
    if not wanted:
        return found
    query = select(User).where(User.department_id.in_(wanted), User.role == Role.LEAD.value, User.active.is_(True))
    for lead in db.session.scalars(query.order_by(User.id)):
        found[lead.department_id].append(lead)  # type: ignore[index]
    return found


def _missing_title(plan: Plan, period: Period, missing: int) -> str:
    return _("%(plan)s %(label)s：%(n)d 项任务未报送进展", plan=plan.title, label=period.label, n=missing)


def _missing_body(period: Period) -> str:
    return _(
        "请登录系统报送本部门牵头任务在 %(label)s（%(start)s 至 %(end)s）的进展。",
        label=period.label,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )


def _missing_link(plan: Plan, period: Period, department_id: int) -> str:
    return url_for("review.compliance", plan=plan.code, period=period.key, department=department_id)


def remind_missing_reports(plan: Plan, period: Period, actor: User, today: date) -> Told:
    """The office's button: the leads of every active department with reports missing in `period` are told the
    period and the count (REPORTS_MISSING), once per day: pressing it again today tells nobody twice."""
    rows = compliance_table(plan.id, period, period.previous())
    return _tell_missing(
        plan,
        period,
        [(row.department, row.missing) for row in rows],
        lambda department_id: f"remind:{plan.id}:{department_id}:{period.key}:{today.isoformat()}",
        actor,
    )


def notify_closed_period(plan: Plan, today: date, period_kind: str) -> Told:
    """The period before today's closed: the leads of each active department that left reports missing in it are
    told once per department and period (REPORTS_MISSING)."""
    period = period_containing(today, period_kind).previous()
    rows = missing_reports(plan.id, period.start, period.end)
    return _tell_missing(
        plan,
        period,
        [(row.department, len(row.missing)) for row in rows],
        lambda department_id: f"reports_missing:{plan.id}:{department_id}:{period.key}",
    )


def _tell_missing(
    plan: Plan,
    period: Period,
    missing: list[tuple[Department, int]],
    dedupe_key: Callable[[int], str],
    actor: User | None = None,
) -> Told:
    """Tell the leads of each active department with reports missing (how many) in `period`."""
    wanted = [(department, count) for department, count in missing if count and department.active]
    leads = leads_by_department(department.id for department, _count in wanted)
    told = Told()
    for department, count in wanted:
        told.add(
            notify(
                leads[department.id],
                NotificationKind.REPORTS_MISSING,
                _missing_title(plan, period, count),
                body=_missing_body(period),
                link=_missing_link(plan, period, department.id),
                actor=actor,
                dedupe_key=dedupe_key(department.id),
            )
        )
    return told


def _open_items_due(plan_id: int, first: date, last: date) -> list[WorkItem]:
    """The plan's open live items due from `first` to `last` (inclusive), with their owners and lead departments:
    one statement."""
    query = (
        select(WorkItem)
        .options(joinedload(WorkItem.owner), joinedload(WorkItem.lead_department))
        .where(
            WorkItem.live_in(plan_id),
            open_clause(WorkItem),
            WorkItem.due_date.is_not(None),
            WorkItem.due_date >= first,
            WorkItem.due_date <= last,
        )
        .order_by(WorkItem.due_date, WorkItem.id)
    )
    return list(db.session.scalars(query))


def _notify_items(plan: Plan, items: list[WorkItem], kind: NotificationKind, key: str) -> Told:
    """Each item's owner and its lead department's active leads, once per item and due date under `key`."""
    outlines = full_outlines(plan.id, {item.id: item.path for item in items}) if items else {}
    leads = leads_by_department(item.lead_department_id for item in items if item.lead_department_id)
    told = Told()
    for item in items:
        people = [item.owner] if item.owner is not None else []
        department = item.lead_department
        if department is not None and department.active:
            people += leads[department.id]
        told.add(
            notify(
                people,
                kind,
                numbered(outlines.get(item.id, item.shown_outline_no), item.title),
                body=_("完成期限：%(due)s", due=item.due_date.isoformat() if item.due_date else ""),
                link=item.url,
                subject=item,
                dedupe_key=f"{key}:{item.id}:{item.due_date.isoformat() if item.due_date else ''}",
            )
        )
    return told


def notify_due_soon(plan: Plan, today: date, due_soon_days: int) -> Told:
    """Open items due from today to `due_soon_days` ahead (DUE_SOON)."""
    items = _open_items_due(plan.id, today, today + timedelta(days=due_soon_days))
    return _notify_items(plan, items, NotificationKind.DUE_SOON, "due_soon")


def notify_newly_overdue(plan: Plan, today: date) -> Told:
    """Open items whose due date passed in the last OVERDUE_WINDOW_DAYS (OVERDUE)."""
    items = _open_items_due(plan.id, today - timedelta(days=OVERDUE_WINDOW_DAYS), today - timedelta(days=1))
    return _notify_items(plan, items, NotificationKind.OVERDUE, "overdue")
