"""The indicator register: reading indicators with their assessment, and recording yearly values.

Reads run a fixed number of statements whatever the number of indicators and values (asserted in tests).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from tracker.auth.models import User
from tracker.core import audit, clock
from tracker.core.errors import ConflictError, PermissionDenied, Problems
from tracker.core.models import AuditEvent
from tracker.core.params import parse_id
from tracker.core.transactions import flush
from tracker.extensions import db
from tracker.indicators.models import Indicator, IndicatorValue
from tracker.indicators.progress import Assessment, Point, Track, assess
from tracker.org.assignment import confirm_default
from tracker.org.permissions import can_confirm_assignments
from tracker.plan.models import Plan

ENTITY = audit.AuditEntity.INDICATOR
HISTORY_LIMIT = 50
# The register's status filter: the three tracks, and "reached" (on track and already at the target).
REACHED = "reached"
STATUS_FILTERS = (*(track.value for track in Track), REACHED)


def points(indicator: Indicator, until_year: int | None = None) -> list[Point]:
    """The recorded values, or those of `until_year` and before (a report on a past period)."""
    return [
        Point(value.year, value.value) for value in indicator.values if until_year is None or value.year <= until_year
    ]


def assess_indicator(indicator: Indicator, until_year: int | None = None) -> Assessment:
    """The indicator assessed on its recorded values, or on those up to `until_year`."""
    target = Point(indicator.target_year, indicator.target_value)
    recorded = points(indicator, until_year)
    return assess(indicator.baseline_year, indicator.baseline_value, target, indicator.comparator, recorded)


@dataclass
class IndicatorRow:
    indicator: Indicator
    assessment: Assessment

    def matches(self, status: str | None) -> bool:
        if status is None:
            return True
        if status == REACHED:
            return self.assessment.reached
        return self.assessment.track == status


@dataclass(frozen=True)
class RegisterFilters:
    status: str | None = None
    department_id: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> RegisterFilters:
        """Unknown values filter nothing: a hand-edited URL shows the whole register instead of failing."""
        status = (args.get("status") or "").strip()
        department = (args.get("department") or "").strip()
        return cls(
            status=status if status in STATUS_FILTERS else None,
            department_id=parse_id(department),
        )

    def to_args(self, **changes: object) -> dict[str, object]:
        values = {"status": self.status, "department": self.department_id, **changes}
        return {key: value for key, value in values.items() if value is not None}


@dataclass
class Register:
    rows: list[IndicatorRow]  # the filtered rows, in register order
    counts: Counter[str]  # per status filter (and "all"), over the rows of the chosen department


def _register_query(plan_id: int, with_targets: bool) -> Select[Indicator]:
    query = (
        select(Indicator)
        .where(Indicator.plan_id == plan_id)
        .options(
            joinedload(Indicator.responsible_department),
            joinedload(Indicator.goal_item),
            selectinload(Indicator.values),
        )
        .order_by(Indicator.sort_order, Indicator.id)
    )
    return query.options(selectinload(Indicator.targets)) if with_targets else query


def indicator_rows(plan_id: int, with_targets: bool = False) -> list[IndicatorRow]:
    """Every indicator of the plan with its assessment: two statements (three `with_targets`, the yearly targets
    the register shows; the dashboard, exports and reports do not read them)."""
    indicators = db.session.scalars(_register_query(plan_id, with_targets)).unique()
    return [IndicatorRow(indicator, assess_indicator(indicator)) for indicator in indicators]


def count_statuses(rows: list[IndicatorRow]) -> Counter[str]:
    counts: Counter[str] = Counter({status: 0 for status in STATUS_FILTERS})
    counts["all"] = len(rows)
    for row in rows:
        counts[row.assessment.track.value] += 1
        counts[REACHED] += int(row.assessment.reached)
    return counts


def register(plan_id: int, filters: RegisterFilters) -> Register:
    rows = indicator_rows(plan_id, with_targets=True)
    if filters.department_id is not None:
        rows = [row for row in rows if row.indicator.responsible_department_id == filters.department_id]
    return Register(rows=[row for row in rows if row.matches(filters.status)], counts=count_statuses(rows))


def load_indicator(indicator_id: int) -> Indicator | None:
    """The indicator with what its page shows (department, goal, plan, values and who entered them, yearly targets):
    three statements."""
    return db.session.scalar(
        select(Indicator)
        .where(Indicator.id == indicator_id)
        .options(
            joinedload(Indicator.responsible_department),
            joinedload(Indicator.goal_item),
            joinedload(Indicator.plan),
            selectinload(Indicator.values).joinedload(IndicatorValue.entered_by),
            selectinload(Indicator.targets),
        )
    )


def value_history(indicator_id: int) -> list[tuple[AuditEvent, User | None]]:
    """Recorded and replaced values, newest first: one statement."""
    rows = db.session.execute(
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.entity_type == ENTITY, AuditEvent.entity_id == indicator_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return [(event, user) for event, user in rows]


def year_bounds(indicator: Indicator, plan: Plan, today: date) -> tuple[int, int]:
    """The years a value may be recorded for: from the year before the plan (the plan's baseline year, 2010 for a
    2011–2015 plan) or the indicator's earlier baseline, to the target year or the plan's last year, and never a
    year that has not begun."""
    first = min(plan.start_year - 1, indicator.baseline_year or plan.start_year)
    last = min(max(indicator.target_year, plan.end_year), today.year)
    return first, last


def next_year(indicator: Indicator, bounds: tuple[int, int]) -> int:
    """The year the form offers first: the one after the latest value (or after the baseline), within `bounds`."""
    first, last = bounds
    latest = max((value.year for value in indicator.values), default=indicator.baseline_year)
    return max(first, min(last, latest + 1)) if latest is not None else first


class Outcome(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


def _audit_fields(year: int) -> tuple[str, str]:
    """The audit log's field names for one year's value and source ("value:2012"); labels.value_field_label
    words them for the indicator's page."""
    return f"value:{year}", f"source:{year}"


def check_value(
    indicator: Indicator, year: int | None, value: Decimal | None, today: date, replace: bool = False
) -> IndicatorValue | None:
    """The year's stored value (None if there is none), or one ValidationError naming every field that is wrong.

    Writes nothing. A year or value the form could not read arrives as None and is left to the form's message.
    """
    problems = Problems()
    existing = None
    if year is not None:
        first, last = year_bounds(indicator, indicator.plan, today)
        if not first <= year <= last:
            problems.add(_("年度须在 %(first)d 到 %(last)d 之间。", first=first, last=last), "year")
        else:
            existing = db.session.scalar(
                select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id, IndicatorValue.year == year)
            )
    if existing is not None and not replace:
        message = _(
            "%(year)d 年已有数值 %(value)s（来源：%(source)s）。如需替换，请勾选“替换该年度已有数值”后再提交。",
            year=year,
            value=format_number(existing.value),
            source=existing.source or "—",
        )
        problems.add(message, "year")
    if value is not None and value < 0:
        problems.add(_("指标数值不能为负数。"), "value")
    problems.raise_if_any()
    return existing


def record_value(
    indicator: Indicator,
    year: int,
    value: Decimal,
    source: str,
    actor: User,
    today: date,
    replace: bool = False,
) -> Outcome:
    """Record the value for `year`. A year that already has a value is replaced only when `replace` is set;
    either way the change is audited (old → new). Flushes, never commits."""
    existing = check_value(indicator, year, value, today, replace)
    value_field, source_field = _audit_fields(year)
    if existing is None:
        db.session.add(
            IndicatorValue(indicator=indicator, year=year, value=value, source=source, entered_by_id=actor.id)
        )
        audit.record(actor.id, ENTITY, indicator.id, audit.AuditAction.CREATE, value_field, None, format_number(value))
        audit.record(actor.id, ENTITY, indicator.id, audit.AuditAction.CREATE, source_field, None, source)
        outcome = Outcome.ADDED
    elif existing.value == value and existing.source == source:
        return Outcome.UNCHANGED
    else:
        audit.record_changes(
            actor.id,
            ENTITY,
            indicator.id,
            {
                value_field: (format_number(existing.value), format_number(value)),
                source_field: (existing.source, source),
            },
        )
        existing.value, existing.source = value, source
        existing.entered_by_id, existing.entered_at = actor.id, clock.now()
        outcome = Outcome.REPLACED
    try:
        db.session.flush()
    except IntegrityError as error:  # someone recorded the same year between our check and this insert
        raise ConflictError(_("保存失败：其他人刚刚录入了同一年度的数值。请刷新后核对再提交。")) from error
    return outcome


def format_number(value: Decimal | None) -> str:
    """An indicator value as people write it: no trailing zeros, no exponent, thousands separated."""
    if value is None:
        return ""
    return f"{value.normalize():,f}"


def confirm_assignment(indicator: Indicator, actor: User) -> int:
    """The office confirms the indicator's default responsible department as it stands (audited); returns 1, or 0
    when it was no default."""
    if not can_confirm_assignments(actor):
        raise PermissionDenied(_("只有信息化办公室和系统管理员可以确认分工。"))
    confirmed = confirm_default([indicator], actor.id, ENTITY)
    flush()
    return confirmed
