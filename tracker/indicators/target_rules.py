"""Which yearly targets an indicator may carry (年度目标值): pure rules, every refusal at once.

- The years: those of the plan's period after the baseline year (if any) and before the target year. The target
  year's value is the final target itself, fixed by the plan, so it is not entered again.
- The value: a number an IndicatorNumber keeps (no more than 4 places, 11 digits before the point), not negative.
- The direction: rising when the final target is above the baseline (or, without a baseline or when the two are
  equal, when the comparator is ≥ / >), falling when it is below (or the comparator is ≤ / <); "=" without a
  baseline has no direction. Rising, baseline ≤ t(y1) ≤ t(y2) ≤ … ≤ final target must hold; falling, the mirror.
  A yearly target that breaks it is refused with a message naming its year and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

from flask_babel import gettext as _

from tracker.core.errors import Problems
from tracker.indicators.models import Comparator, Indicator, fits_indicator_number
from tracker.plan.models import Plan


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    NONE = "none"


def field_name(year: int) -> str:
    """The form field (and the ValidationError's key) of one year's target."""
    return f"target_{year}"


def target_years(indicator: Indicator, plan: Plan) -> range:
    """The years a yearly target may be set for (possibly none)."""
    first = plan.start_year if indicator.baseline_year is None else max(plan.start_year, indicator.baseline_year + 1)
    last = min(plan.end_year, indicator.target_year - 1)
    return range(first, max(first, last + 1))


def direction(indicator: Indicator) -> Direction:
    baseline, target = indicator.baseline_value, indicator.target_value
    if indicator.baseline_year is not None and baseline is not None and baseline != target:
        return Direction.UP if target > baseline else Direction.DOWN
    if indicator.comparator in (Comparator.GE, Comparator.GT):
        return Direction.UP
    if indicator.comparator in (Comparator.LE, Comparator.LT):
        return Direction.DOWN
    return Direction.NONE


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def _check_value(problems: Problems, year: int, value: Decimal) -> bool:
    field = field_name(year)
    if value < 0:
        problems.add(_("%(year)d 年目标值不能为负数。", year=year), field)
    elif not fits_indicator_number(value):
        problems.add(_("%(year)d 年目标值须为最多 11 位整数和 4 位小数的数值。", year=year), field)
    else:
        return True
    return False


def _check_order(problems: Problems, indicator: Indicator, ordered: list[tuple[int, Decimal]]) -> None:
    """Walk the years in order: each target against the baseline, the previous year's target and the final one."""
    way = direction(indicator)
    if way == Direction.NONE:
        return
    rising = way == Direction.UP
    final = indicator.target_value
    baseline = indicator.baseline_value if indicator.baseline_year is not None else None
    previous: tuple[int, Decimal] | None = None
    for year, value in ordered:
        field = field_name(year)
        wrong_side = (lambda a, b: a < b) if rising else (lambda a, b: a > b)
        if baseline is not None and wrong_side(value, baseline):
            message = (
                _(
                    "%(year)d 年目标值 %(value)s 低于基准值 %(baseline)s：该指标应逐年上升。",
                    year=year,
                    value=_number(value),
                    baseline=_number(baseline),
                )
                if rising
                else _(
                    "%(year)d 年目标值 %(value)s 高于基准值 %(baseline)s：该指标应逐年下降。",
                    year=year,
                    value=_number(value),
                    baseline=_number(baseline),
                )
            )
            problems.add(message, field)
        elif wrong_side(final, value):
            message = (
                _(
                    "%(year)d 年目标值 %(value)s 超过了 %(final_year)d 年的最终目标 %(final)s。",
                    year=year,
                    value=_number(value),
                    final_year=indicator.target_year,
                    final=_number(final),
                )
                if rising
                else _(
                    "%(year)d 年目标值 %(value)s 低于 %(final_year)d 年的最终目标 %(final)s。",
                    year=year,
                    value=_number(value),
                    final_year=indicator.target_year,
                    final=_number(final),
                )
            )
            problems.add(message, field)
        elif previous is not None and wrong_side(value, previous[1]):
            message = (
                _(
                    "%(year)d 年目标值 %(value)s 低于 %(previous_year)d 年的 %(previous)s：该指标应逐年上升。",
                    year=year,
                    value=_number(value),
                    previous_year=previous[0],
                    previous=_number(previous[1]),
                )
                if rising
                else _(
                    "%(year)d 年目标值 %(value)s 高于 %(previous_year)d 年的 %(previous)s：该指标应逐年下降。",
                    year=year,
                    value=_number(value),
                    previous_year=previous[0],
                    previous=_number(previous[1]),
                )
            )
            problems.add(message, field)
        else:
            # Only a year that passed is the next one's yardstick: one wrong figure is not blamed on its neighbour.
            previous = (year, value)


def check_targets(indicator: Indicator, plan: Plan, targets: Mapping[int, Decimal | None]) -> dict[int, Decimal]:
    """The yearly targets to keep (year → value; None or a missing year means no target for that year), or one
    ValidationError with every refusal. A value the form could not read arrives as None and is left to the form."""
    problems = Problems()
    allowed = target_years(indicator, plan)
    kept: dict[int, Decimal] = {}
    for year in sorted(targets):
        value = targets[year]
        if year not in allowed:
            if not allowed:
                problems.add(_("该指标在规划期内没有可设年度目标的年份。"), field_name(year))
            else:
                problems.add(
                    _(
                        "%(year)d 年不能设年度目标：年度须在 %(first)d 到 %(last)d 之间。",
                        year=year,
                        first=allowed[0],
                        last=allowed[-1],
                    ),
                    field_name(year),
                )
            continue
        if value is not None and _check_value(problems, year, value):
            kept[year] = value
    _check_order(problems, indicator, sorted(kept.items()))
    problems.raise_if_any()
    return kept
