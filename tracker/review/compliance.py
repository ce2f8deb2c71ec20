"""Reporting compliance: which department has not reported on which of its items in a reporting period.

Departments report on the items they lead once per period (monthly or quarterly: the
TRACKER_REPORTING_PERIOD setting). An item is due to report in a period when it is part of the plan, not
retired, existed and had started by the period's end, and was open during the period: open now, or closed
by a report made on or after the period's start (status changes only through reports, so an item closed
earlier has its last report before the period). It is missing when no status update on it falls inside
the period. Periods are calendar dates in the configured zone (TRACKER_TIMEZONE), compared with the stored UTC
timestamps through tracker.core.localtime.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import joinedload

from tracker.core.localtime import utc_day_bounds
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem
from tracker.plan.rules import open_clause
from tracker.updates.models import SignOff, StatusUpdate

# Missing items are listed by due date (the most urgent first), undated last.
_ITEM_ORDER = (WorkItem.due_date.is_(None), WorkItem.due_date, WorkItem.id)
MONTHLY = "monthly"
QUARTERLY = "quarterly"


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == QUARTERLY:
            return _("%(year)d年第%(quarter)d季度", year=self.start.year, quarter=(self.start.month - 1) // 3 + 1)
        return _("%(year)d年%(month)d月", year=self.start.year, month=self.start.month)

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), self.kind)

    @property
    def key(self) -> str:
        """How a URL names the period: 2013-05 (a month) or 2013-Q2 (a quarter)."""
        if self.kind == QUARTERLY:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"


# [0-9], not \d: a full-width "２０１３" is no key.
_MONTH_KEY = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER_KEY = re.compile(r"([0-9]{4})-[Qq]([1-4])")


def parse_period(raw: str, kind: str) -> Period | None:
    """The period a key names (Period.key) in the configured kind, or None for anything else."""
    match = (_QUARTER_KEY if kind == QUARTERLY else _MONTH_KEY).fullmatch(raw.strip())
    if match is None:
        return None
    year, part = int(match[1]), int(match[2])
    month = (part - 1) * 3 + 1 if kind == QUARTERLY else part
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        return None
    return period_containing(date(year, month, 1), kind)


def plan_periods(plan: Plan | None, today: date, kind: str) -> list[Period]:
    """The periods one may look at, newest first: the current one and those before it back to the plan's first
    year (only the current one without a plan)."""
    periods = [period_containing(today, kind)]
    first = date(plan.start_year, 1, 1) if plan is not None else periods[0].start
    while periods[-1].start > first:
        periods.append(periods[-1].previous())
    return periods


def period_containing(day: date, kind: str) -> Period:
    """The monthly or quarterly period `day` falls in."""
    if kind not in (MONTHLY, QUARTERLY):
        raise ValueError(f"unknown reporting period {kind!r}")
    months = 3 if kind == QUARTERLY else 1
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    following = date(start.year + (first_month + months - 1) // 12, (first_month + months - 1) % 12 + 1, 1)
    return Period(kind, start, following - timedelta(days=1))


def _due_clause(plan_id: int, period_start: date, period_end: date) -> ColumnElement[bool]:
    begin, after = utc_day_bounds(period_start, period_end)
    return and_(
        WorkItem.live_in(plan_id),
        WorkItem.lead_department_id.is_not(None),
        WorkItem.created_at < after,
        or_(WorkItem.start_date.is_(None), WorkItem.start_date <= period_end),
        or_(open_clause(WorkItem), WorkItem.last_update_at >= begin),
    )


def _reported_clause(period_start: date, period_end: date) -> ColumnElement[bool]:
    """An approved status update on the item falls inside the period (a draft awaiting its lead's sign-off, or a
    returned one, does not count: issue 10).

    last_update_at is the newest report's time (the updates service keeps it so), which settles most items
    without looking at the journal: nothing since the period began means no report in it. The others need the
    journal, which alone knows whether a report in the period was approved.
    """
    begin, after = utc_day_bounds(period_start, period_end)
    approved_in_period = exists().where(
        StatusUpdate.work_item_id == WorkItem.id,
        StatusUpdate.created_at >= begin,
        StatusUpdate.created_at < after,
        StatusUpdate.sign_off == SignOff.APPROVED.value,
    )
    # Never reported: false rather than NULL, so that "not reported" is true for it.
    return and_(WorkItem.last_update_at.is_not(None), WorkItem.last_update_at >= begin, approved_in_period)


@dataclass
class DepartmentCompliance:
    department: Department
    due: int = 0
    missing: list[WorkItem] = field(default_factory=list)

    @property
    def reported(self) -> int:
        return self.due - len(self.missing)

    @property
    def rate(self) -> int | None:
        """Share of due items reported, in whole percent; None when nothing was due."""
        return None if not self.due else round(self.reported * 100 / self.due)


def missing_reports(
    plan_id: int, period_start: date, period_end: date, *, department_id: int | None = None
) -> list[DepartmentCompliance]:
    """Per department (only those with something due), most missing first: the number of items due to report in
    the period and the items that did not. One statement; `today` plays no part, so a past period gives the
    same answer tomorrow."""
    query = (
        select(WorkItem, case((_reported_clause(period_start, period_end), 1), else_=0))
        .options(joinedload(WorkItem.lead_department))
        .where(_due_clause(plan_id, period_start, period_end))
        .order_by(WorkItem.lead_department_id, *_ITEM_ORDER)
    )
    if department_id is not None:
        query = query.where(WorkItem.lead_department_id == department_id)
    rows: dict[int, DepartmentCompliance] = {}
    for item, was_reported in db.session.execute(query):
        row = rows.setdefault(item.lead_department_id, DepartmentCompliance(item.lead_department))
        row.due += 1
        if not was_reported:
            row.missing.append(item)
    return sorted(rows.values(), key=lambda r: (-len(r.missing), r.department.sort_order, r.department.id))


# ---------------------------------------------------------------------------------------------------------------
# The compliance page: counts for two periods in one statement, one department's list on demand


@dataclass
class ComplianceRow:
    department: Department
    due: int
    missing: int
    previous_due: int
    previous_missing: int
    previous_reported_at: datetime | None = None  # the department's newest report in the previous period

    @property
    def rate(self) -> int | None:
        return None if not self.due else round((self.due - self.missing) * 100 / self.due)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def compliance_table(
    plan_id: int, period: Period, previous: Period, *, department_id: int | None = None
) -> list[ComplianceRow]:
    """Every department with something due in the period (or the one asked for): due and missing counts for
    the period and the one before, and when the department last reported in the one before; most missing first.
    One statement, whatever the size of the plan."""
    due_now = _due_clause(plan_id, period.start, period.end)
    due_before = _due_clause(plan_id, previous.start, previous.end)
    reported_now = _reported_clause(period.start, period.end)
    reported_before = _reported_clause(previous.start, previous.end)
    scope = [WorkItem.live_in(plan_id), WorkItem.lead_department_id.is_not(None)]
    if department_id is not None:
        scope.append(WorkItem.lead_department_id == department_id)
    # "+ 0": grouping by the bare column makes SQLite walk the department index and fetch every row in that
    # order; grouping the expression lets it read the table (or the clock index) in storage order.
    department = WorkItem.lead_department_id + 0
    sums = (
        select(
            department.label("department_id"),
            _count_if(due_now).label("due"),
            _count_if(and_(due_now, ~reported_now)).label("missing"),
            _count_if(due_before).label("previous_due"),
            _count_if(and_(due_before, ~reported_before)).label("previous_missing"),
        )
        .where(*scope)
        .group_by(department)
        .subquery()
    )
    begin, after = utc_day_bounds(previous.start, previous.end)
    reported_before_at = (
        select(WorkItem.lead_department_id.label("department_id"), func.max(StatusUpdate.created_at).label("at"))
        .join(StatusUpdate, StatusUpdate.work_item_id == WorkItem.id)
        .where(
            *scope,
            StatusUpdate.created_at >= begin,
            StatusUpdate.created_at < after,
            StatusUpdate.sign_off == SignOff.APPROVED.value,
        )
        .group_by(WorkItem.lead_department_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Department,
            sums.c.due,
            sums.c.missing,
            sums.c.previous_due,
            sums.c.previous_missing,
            reported_before_at.c.at,
        )
        .join(sums, sums.c.department_id == Department.id)
        .outerjoin(reported_before_at, reported_before_at.c.department_id == Department.id)
        .where(sums.c.due > 0)
        .order_by(sums.c.missing.desc(), Department.sort_order, Department.id)
    )
    return [
        ComplianceRow(department, int(due or 0), int(missing or 0), int(before or 0), int(missed or 0), at)
        for department, due, missing, before, missed, at in rows
    ]


def missing_items(plan_id: int, period: Period, department_id: int, limit: int) -> list[WorkItem]:
    """The first `limit` items of one department that have not reported in the period: one statement."""
    return list(
        db.session.scalars(
            select(WorkItem)
            .where(
                _due_clause(plan_id, period.start, period.end),
                ~_reported_clause(period.start, period.end),
                WorkItem.lead_department_id == department_id,
            )
            .order_by(*_ITEM_ORDER)
            .limit(limit)
        )
    )


@dataclass
class CompliancePage:
    """What the compliance page shows: the plan, the chosen period and the one before, the periods one may
    choose, the departments' rows, and the missing items of the department whose row is open."""

    plan: Plan | None
    period: Period
    previous: Period
    periods: list[Period] = field(default_factory=list)
    rows: list[ComplianceRow] = field(default_factory=list)
    expanded: ComplianceRow | None = None
    items: list[WorkItem] = field(default_factory=list)
    # False when the period asked for was not one of `periods` (the page then shows the current one and says so).
    period_valid: bool = True

    @property
    def departments_missing(self) -> list[ComplianceRow]:
        """The rows of active departments with reports missing: those a reminder goes to."""
        return [row for row in self.rows if row.missing and row.department.active]


def choose_period(plan: Plan | None, today: date, kind: str, asked: str | None) -> tuple[Period, list[Period], bool]:
    """The period `asked` names when it is one of the plan's periods so far, else the current one; the periods to
    choose from; whether the ask was good (no ask is good)."""
    periods = plan_periods(plan, today, kind)
    if not asked:
        return periods[0], periods, True
    chosen = parse_period(asked, kind)
    if chosen is None or chosen not in periods:
        return periods[0], periods, False
    return chosen, periods, True


def compliance_page(
    plan: Plan | None,
    today: date,
    period_kind: str,
    open_department_id: int | None,
    limit: int,
    asked_period: str | None = None,
) -> CompliancePage:
    """The page for the period `asked_period` names (by default, or when it names no period of the plan so far,
    the one containing `today`), with the row of `open_department_id` open and its first `limit` missing items
    listed: two statements."""
    period, periods, valid = choose_period(plan, today, period_kind, asked_period)
    page = CompliancePage(plan, period, period.previous(), periods, period_valid=valid)
    if plan is not None:
        page.rows = compliance_table(plan.id, period, page.previous)
        page.expanded = next((row for row in page.rows if row.department.id == open_department_id), None)
        if page.expanded is not None and page.expanded.missing:
            page.items = missing_items(plan.id, period, page.expanded.department.id, limit)
    return page
