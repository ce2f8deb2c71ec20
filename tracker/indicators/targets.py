"""Yearly targets (年度目标值): saving the office's entry, and holding targets against recorded values by year.

Saving flushes, never commits (the request lifecycle does). Every change is audited like a recorded value: one
event per year ("target:2012", old → new; a removed target has an empty new value).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from tracker.auth.models import User
from tracker.core import audit
from tracker.core.errors import ConflictError, PermissionDenied
from tracker.core.merge import table_fingerprint
from tracker.extensions import db
from tracker.indicators.models import Comparator, Indicator, IndicatorTarget
from tracker.indicators.permissions import can_set_targets
from tracker.indicators.progress import meets
from tracker.indicators.services import ENTITY, format_number
from tracker.indicators.target_rules import Direction, check_targets, direction, target_years
from tracker.indicators.trajectory import straight_line

TARGET_FIELD = "target"


def target_field(year: int) -> str:
    """The audit log's field for one year's target ("target:2012"); labels.value_field_label words it."""
    return f"{TARGET_FIELD}:{year}"


def targets_by_year(indicator: Indicator) -> dict[int, Decimal]:
    return {target.year: target.value for target in indicator.targets}


def fingerprint(targets: Mapping[int, Decimal]) -> str:
    """The targets as the form was loaded (tracker.core.merge.table_fingerprint); 150 and 150.0000 are one."""
    return table_fingerprint({year: f"{value.normalize():f}" for year, value in targets.items()})


def propose(indicator: Indicator) -> dict[int, Decimal]:
    """The straight line from the baseline to the final target for the years a target may be set for."""
    years = target_years(indicator, indicator.plan)
    if not years:
        return {}
    return straight_line(
        indicator.baseline_year,
        indicator.baseline_value,
        indicator.target_year,
        indicator.target_value,
        years[0],
        years[-1],
    )


def conflict_message(both_changed: list[int]) -> str:
    """After a conflict (the inputs were merged with what is stored now: tracker.core.merge)."""
    if not both_changed:
        return _(
            "保存失败：其他人刚刚修改了该指标的年度目标。您没有改动的年份已换成当前保存的值，您改动的年份保留了您填写的数值，请核对后再提交。"
        )
    return _(
        "保存失败：其他人刚刚修改了该指标的年度目标。%(years)s 年双方都改动过，保留了您填写的数值（当前保存值见右列）；"
        "您没有改动的年份已换成当前保存的值。请核对后再提交。",
        years=_("、").join(str(year) for year in both_changed),
    )


def save_targets(
    indicator: Indicator, entered: Mapping[int, Decimal | None], loaded_fingerprint: str, actor: User
) -> int:
    """Store the office's yearly targets: `entered` maps every year of the form to its value, None (blank) meaning
    no target for that year (an existing one is removed). Returns how many years changed. Flushes, never commits."""
    if not can_set_targets(actor, indicator):
        raise PermissionDenied(_("只有信息化办公室和系统管理员可以设定年度目标。"))
    stored = {target.year: target for target in indicator.targets}
    if loaded_fingerprint != fingerprint({year: row.value for year, row in stored.items()}):
        raise ConflictError(
            _("保存失败：其他人刚刚修改了该指标的年度目标。您填写的数值保留在下方，请核对当前目标后再提交。")
        )
    kept = check_targets(indicator, indicator.plan, entered)
    changed = 0
    for year in sorted(entered):
        row, value = stored.get(year), kept.get(year)
        if (row.value if row is not None else None) == value:
            continue
        old = format_number(row.value) if row is not None else None
        action = audit.AuditAction.CREATE if row is None else audit.AuditAction.UPDATE
        audit.record(actor.id, ENTITY, indicator.id, action, target_field(year), old, format_number(value) or None)
        if row is None:
            db.session.add(IndicatorTarget(indicator=indicator, year=year, value=value, set_by_id=actor.id))
        elif value is None:
            db.session.delete(row)
        else:
            row.value, row.set_by_id = value, actor.id
        changed += 1
    try:
        db.session.flush()
    except IntegrityError as error:  # someone added the same year between our check and this insert
        raise ConflictError(_("保存失败：其他人刚刚修改了该指标的年度目标。请刷新后核对再提交。")) from error
    return changed


@dataclass(frozen=True)
class YearRow:
    """One year of the indicator's page: the target for the year (a yearly one, or the final target in the
    target year), the recorded value, and whether the value meets the target (None while one of them is missing)."""

    year: int
    target: Decimal | None
    is_final: bool
    actual: Decimal | None
    met: bool | None


def _comparator_for(indicator: Indicator, year: int) -> str:
    """The final target is held by the plan's comparator; a yearly target by the indicator's direction (a rising
    indicator meets it at or above it, a falling one at or below it)."""
    if year >= indicator.target_year:
        return indicator.comparator
    return {Direction.UP: Comparator.GE, Direction.DOWN: Comparator.LE}.get(direction(indicator), Comparator.EQ)


def meets_target(indicator: Indicator, year: int, actual: Decimal, target: Decimal) -> bool:
    final = Fraction(indicator.target_value)
    return meets(Fraction(actual), Fraction(target), final, _comparator_for(indicator, year))


def target_for(indicator: Indicator, targets: Mapping[int, Decimal], year: int) -> Decimal | None:
    if year == indicator.target_year:
        return indicator.target_value
    return targets.get(year)


def year_rows(indicator: Indicator) -> list[YearRow]:
    """The years with a target or a value, in order (no statement beyond the loaded values and targets)."""
    targets = targets_by_year(indicator)
    actuals = {value.year: value.value for value in indicator.values}
    rows = []
    for year in sorted({*targets, *actuals, indicator.target_year}):
        target, actual = target_for(indicator, targets, year), actuals.get(year)
        met = meets_target(indicator, year, actual, target) if target is not None and actual is not None else None
        rows.append(YearRow(year, target, year == indicator.target_year, actual, met))
    return rows


@dataclass(frozen=True)
class YearCheck:
    """The register's compact column: this year's target, and the latest value against its own year's target."""

    this_year: int
    this_year_target: Decimal | None
    latest_year: int | None
    latest_target: Decimal | None
    behind: bool  # 落后年度目标: the latest value misses its year's target

    @property
    def checked(self) -> bool:
        return self.latest_target is not None


def year_check(indicator: Indicator, this_year: int) -> YearCheck:
    targets = targets_by_year(indicator)
    latest = max(indicator.values, key=lambda value: value.year, default=None)
    latest_target = target_for(indicator, targets, latest.year) if latest is not None else None
    behind = (
        latest is not None
        and latest_target is not None
        and not meets_target(indicator, latest.year, latest.value, latest_target)
    )
    return YearCheck(
        this_year,
        target_for(indicator, targets, this_year),
        latest.year if latest is not None else None,
        latest_target,
        behind,
    )


def chart_targets(indicator: Indicator, years: Iterable[int]) -> list[float | None]:
    """The yearly targets aligned with the chart's years (floats only here, for the chart's JSON)."""
    targets = targets_by_year(indicator)
    return [float(targets[year]) if year in targets else None for year in years]
