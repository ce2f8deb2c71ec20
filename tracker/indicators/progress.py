"""How far an indicator has come and whether it keeps pace. Pure functions over plain numbers: no database.

The terms, as the register and the dashboard show them:

- **baseline**: the indicator's own baseline (year and value). Without one, the first recorded yearly value
  stands in for it (`baseline_assumed`); without any value there is nothing to judge ("no data").
- **trajectory**: the straight line from the baseline to the target. Before the baseline year it stays at the
  baseline value, after the target year at the target value.
- **on track**: the latest value (the one for the highest year) is where the trajectory expects it in that
  year or better, in the comparator's direction: ≥ at or above the expected value, ≤ at or below it, = at
  least as close to the target as the expected value. A value that already meets the target is on track.
  > (超过) and < (低于) are strict: a value equal to the target does not meet it.
- **% of the way**: (latest − baseline) ÷ (target − baseline) × 100, rounded half up to 0.1. Above 100 once
  the target is passed, negative when the value moved away from it; None when baseline and target are equal
  (there is no way to go).

Arithmetic is exact (fractions), so a value exactly on the trajectory counts as on track whatever the years.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from tracker.indicators.models import Comparator


class Track(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


@dataclass(frozen=True, order=True)
class Point:
    year: int
    value: Decimal


@dataclass(frozen=True)
class Assessment:
    baseline: Point | None  # the one used: the indicator's, or the first recorded value
    baseline_assumed: bool  # True when the first recorded value stands in for a missing baseline
    latest: Point | None
    expected: Decimal | None  # the trajectory's value in the latest value's year (4 decimals, half up)
    percent: Decimal | None  # % of the way from baseline to target
    track: Track
    reached: bool  # the latest value meets the target itself


def _round(value: Fraction, places: int) -> Decimal:
    """Half up (away from zero) to `places` decimals, exactly."""
    scale = 10**places
    magnitude = abs(value) * scale
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if 2 * rest >= magnitude.denominator:
        whole += 1
    signed = -whole if value < 0 else whole
    return Decimal(signed).scaleb(-places)


def latest_value(values: Iterable[Point]) -> Point | None:
    return max(values, key=lambda point: point.year, default=None)


def effective_baseline(
    baseline_year: int | None, baseline_value: Decimal | None, values: Iterable[Point]
) -> tuple[Point | None, bool]:
    """The indicator's baseline, else its first recorded value (flagged as assumed), else None."""
    if baseline_year is not None and baseline_value is not None:
        return Point(baseline_year, baseline_value), False
    first = min(values, key=lambda point: point.year, default=None)
    return first, first is not None


def trajectory_value(baseline: Point, target: Point, year: int) -> Fraction:
    """The straight line from baseline to target, held flat outside the two years.

    From the target year on the target is expected (also when an assumed baseline falls in or after it).
    """
    if year >= target.year:
        return Fraction(target.value)
    if year <= baseline.year:
        return Fraction(baseline.value)
    share = Fraction(year - baseline.year, target.year - baseline.year)
    return Fraction(baseline.value) + (Fraction(target.value) - Fraction(baseline.value)) * share


def meets(value: Fraction, reference: Fraction, target: Fraction, comparator: str) -> bool:
    """Is `value` at `reference` or better, "better" meaning towards the target in the comparator's sense?

    A strict comparator (gt: 超过, lt: 低于) is strict about the target only: a value equal to the target has not
    gone beyond it, while a value on the way there keeps pace as with ge / le."""
    strict = comparator in (Comparator.GT, Comparator.LT) and reference == target
    if comparator in (Comparator.LE, Comparator.LT):
        return value < reference if strict else value <= reference
    if comparator == Comparator.EQ:
        return abs(value - target) <= abs(reference - target)
    return value > reference if strict else value >= reference


def percent_of_way(baseline: Point, target: Point, latest: Point) -> Decimal | None:
    distance = Fraction(target.value) - Fraction(baseline.value)
    if distance == 0:
        return None
    return _round((Fraction(latest.value) - Fraction(baseline.value)) * 100 / distance, 1)


def assess(
    baseline_year: int | None,
    baseline_value: Decimal | None,
    target: Point,
    comparator: str,
    values: Iterable[Point],
) -> Assessment:
    recorded = list(values)
    baseline, assumed = effective_baseline(baseline_year, baseline_value, recorded)
    latest = latest_value(recorded)
    if baseline is None or latest is None:
        return Assessment(baseline, assumed, latest, None, None, Track.NO_DATA, False)
    goal = Fraction(target.value)
    now = Fraction(latest.value)
    expected = trajectory_value(baseline, target, latest.year)
    reached = now == goal if comparator == Comparator.EQ else meets(now, goal, goal, comparator)
    on_track = reached or meets(now, expected, goal, comparator)
    return Assessment(
        baseline=baseline,
        baseline_assumed=assumed,
        latest=latest,
        expected=_round(expected, 4),
        percent=percent_of_way(baseline, target, latest),
        track=Track.ON_TRACK if on_track else Track.OFF_TRACK,
        reached=reached,
    )
