"""The period a report covers: a month, a quarter, a half year, a year, or the whole plan so far.

Months and quarters are the review feature's reporting periods (tracker.review.compliance.period_containing);
half years, years and "all" exist only for reports. A period's key is how a URL names it ("2013-06", "2013-Q2",
"2013-H1", "2013", "all"); its label is how the report's title says it (2013年第二季度).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.plan.models import Plan
from tracker.review.compliance import MONTHLY, QUARTERLY, period_containing

MONTH = "month"
QUARTER = "quarter"
HALF = "half"
YEAR = "year"
ALL = "all"
KINDS = (MONTH, QUARTER, HALF, YEAR, ALL)
# One message per quarter: the numeral is part of the words (第二季度), not a number a translation could reuse.
_QUARTER_LABELS = (
    _l("%(year)d年第一季度"),
    _l("%(year)d年第二季度"),
    _l("%(year)d年第三季度"),
    _l("%(year)d年第四季度"),
)


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    start: date
    end: date  # inclusive
    key: str
    label: str

    @property
    def years(self) -> list[int]:
        """The calendar years the period touches (the budget's years)."""
        return list(range(self.start.year, self.end.year + 1))


def _month(day: date) -> ReportPeriod:
    period = period_containing(day, MONTHLY)
    return ReportPeriod(MONTH, period.start, period.end, period.key, period.label)


def _quarter(day: date) -> ReportPeriod:
    period = period_containing(day, QUARTERLY)
    # The review pages say 第2季度; a report's title spells the quarter out, as official titles do.
    label = str(_QUARTER_LABELS[(period.start.month - 1) // 3]) % {"year": day.year}
    return ReportPeriod(QUARTER, period.start, period.end, period.key, label)


def _half(day: date) -> ReportPeriod:
    first = day.month <= 6
    start = date(day.year, 1 if first else 7, 1)
    end = date(day.year, 6, 30) if first else date(day.year, 12, 31)
    label = _("%(year)d年上半年", year=day.year) if first else _("%(year)d年下半年", year=day.year)
    return ReportPeriod(HALF, start, end, f"{day.year}-H{1 if first else 2}", label)


def _year(day: date) -> ReportPeriod:
    return ReportPeriod(
        YEAR, date(day.year, 1, 1), date(day.year, 12, 31), str(day.year), _("%(year)d年度", year=day.year)
    )


def _all(plan: Plan, today: date) -> ReportPeriod:
    """From the plan's first day to today (or to the plan's last day, once it is over)."""
    end = min(today, date(plan.end_year, 12, 31))
    return ReportPeriod(ALL, date(plan.start_year, 1, 1), max(end, date(plan.start_year, 1, 1)), ALL, _("规划实施以来"))


_CONTAINING = {MONTH: _month, QUARTER: _quarter, HALF: _half, YEAR: _year}

# [0-9], not \d: a full-width "２０１３" is no key.
_KEYS = (
    (re.compile(r"([0-9]{4})-([0-9]{2})"), MONTH),
    (re.compile(r"([0-9]{4})-Q([1-4])"), QUARTER),
    (re.compile(r"([0-9]{4})-H([12])"), HALF),
    (re.compile(r"([0-9]{4})"), YEAR),
)
# How many months the second part of a key counts in: 2013-06 is month 6, 2013-Q2 starts in month 4.
_MONTHS_PER_PART = {MONTH: 1, QUARTER: 3, HALF: 6}


def _last_year(plan: Plan, today: date) -> int:
    return min(plan.end_year, today.year)


def parse_report_period(raw: str, plan: Plan, today: date) -> ReportPeriod | None:
    """The period a key names, when it lies within the plan's years up to today's year; None for anything else."""
    if raw == ALL:
        return _all(plan, today)
    for pattern, kind in _KEYS:
        match = pattern.fullmatch(raw)
        if match is None:
            continue
        year = int(match[1])
        month = (int(match[2]) - 1) * _MONTHS_PER_PART[kind] + 1 if kind in _MONTHS_PER_PART else 1
        if not (plan.start_year <= year <= _last_year(plan, today) and 1 <= month <= 12):
            return None
        period = _CONTAINING[kind](date(year, month, 1))
        return period if period.start <= today else None
    return None


def report_periods(plan: Plan, today: date, kind: str) -> list[ReportPeriod]:
    """The periods of a kind one may report on, newest first: from the one containing today (or the plan's last,
    once it is over) back to the plan's first."""
    if kind == ALL:
        return [_all(plan, today)]
    first = date(plan.start_year, 1, 1)
    last = min(today, date(plan.end_year, 12, 31))
    if last < first:
        return []
    periods = [_CONTAINING[kind](last)]
    while periods[-1].start > first:
        periods.append(_CONTAINING[kind](periods[-1].start - timedelta(days=1)))
    return periods


def default_period(plan: Plan, today: date) -> ReportPeriod:
    """The last finished quarter (what an office reports on in the weeks after it), or the current quarter while
    the plan's first one is still running."""
    current = _quarter(min(today, date(plan.end_year, 12, 31)))
    if current.start <= date(plan.start_year, 1, 1) or current.end < today:
        return current
    return _quarter(current.start - timedelta(days=1))
