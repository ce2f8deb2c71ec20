"""The straight-line proposal of an indicator's yearly targets (年度目标按直线测算). Pure: no database, no floats.

The office phases a five-year target by year. The proposal puts every year of the plan's period strictly between
the baseline year and the target year on the straight line from the baseline value to the final target; the
office then edits it. Rounding keeps the figures as precise as the plan's own: the places of the more precise of
baseline and target, one more when the yearly step does not come out exact at that precision (23.5 → 30 over
four years steps by 1.625: one place becomes two), never more than an IndicatorNumber keeps (4).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from tracker.indicators.models import NUMBER_PLACES


def places_of(value: Decimal) -> int:
    """Decimal places as written, trailing zeros aside (the database hands back 80.0000 for 80)."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _exact_at(value: Fraction, places: int) -> bool:
    return (value * 10**places).denominator == 1


def _to_decimal(value: Fraction, places: int) -> Decimal:
    """`value` half up (away from zero) to `places` decimals, exactly (the fraction's digits, never a float)."""
    scaled = value * 10**places
    whole, rest = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    signed = -whole if scaled < 0 else whole
    return Decimal(signed).scaleb(-places)


def proposal_places(baseline_year: int, baseline_value: Decimal, target_year: int, target_value: Decimal) -> int:
    places = max(places_of(baseline_value), places_of(target_value))
    span = target_year - baseline_year
    if span > 0:
        step = (Fraction(target_value) - Fraction(baseline_value)) / span
        if not _exact_at(step, places):
            places += 1
    return min(places, NUMBER_PLACES)


def straight_line(
    baseline_year: int | None,
    baseline_value: Decimal | None,
    target_year: int,
    target_value: Decimal,
    first_year: int,
    last_year: int,
) -> dict[int, Decimal]:
    """Year → proposed target for the years of `first_year`..`last_year` (the plan's period) strictly between the
    baseline year and the target year. Empty without a baseline: there is no line to draw."""
    if baseline_year is None or baseline_value is None or target_year <= baseline_year:
        return {}
    places = proposal_places(baseline_year, baseline_value, target_year, target_value)
    start, rise = Fraction(baseline_value), Fraction(target_value) - Fraction(baseline_value)
    span = target_year - baseline_year
    years = range(max(first_year, baseline_year + 1), min(last_year, target_year - 1) + 1)
    return {year: _to_decimal(start + rise * Fraction(year - baseline_year, span), places) for year in years}
