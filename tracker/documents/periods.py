"""The years a plan covers, read from its title: 十二五 → 2011-2015, "（2016-2020年）" → 2016-2020,
"2014年工作计划" → 2014-2014; None when the title does not say.

Only the title is read: the body of a five-year plan names the previous plan too ("十一五"期间……取得的成效).
"""

from __future__ import annotations

import re

from tracker.documents.markers import chinese_number

_RANGE = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-－–—~～至到]+\s*((?:19|20)\d\d)\s*年?")
# The 11th to the 19th plan (十一五 … 十九五): the forms plans still in use are named by.
FIVE_YEAR_PLAN = re.compile(r"(十[一二三四五六七八九])五")
_ONE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def five_year_plan_years(number: int) -> tuple[int, int]:
    """The n-th five-year plan's years: the 3rd ran 1966-1970 (after the 1963-65 adjustment), every one since
    follows on (the 12th 2011-2015, the 14th 2021-2025)."""
    start = 1966 + 5 * (number - 3)
    return start, start + 4


def find_period(title: str) -> tuple[int, int] | None:
    if match := _RANGE.search(title):
        start, end = int(match.group(1)), int(match.group(2))
        return (start, end) if start <= end else None
    if match := FIVE_YEAR_PLAN.search(title):
        return five_year_plan_years(chinese_number(match.group(1)))
    if match := _ONE_YEAR.search(title):
        year = int(match.group(1))
        return year, year
    return None
