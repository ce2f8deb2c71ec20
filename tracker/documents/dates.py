"""An item's dates from a 完成时间 / 完成时限 / 时间节点 column (a task table row's "完成时间：2015年10月底") or
the same clause in its text ("（完成时限：2014年底前）").

    2015年10月底, 2015年10月, 2015年10月前   due 2015-10-31
    2015年10月15日                           due 2015-10-15
    2014年底前, 2014年底, 2014年, 2014年内   due 2014-12-31
    2015年上半年 / 一季度 / 三季度           due 2015-06-30 / 03-31 / 09-30
    2016-2020年, 2016年—2020年, 2016至2020年 start 2016-01-01, due 2020-12-31
    长期, 持续推进, 年内 (no year)           no date: the writer gives the item the plan's period

Only the first such clause counts; a clause whose value is none of these gives no date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_KEYS = r"完成时间|完成时限|完成期限|时间节点|时间进度|进度安排|完成日期|时限"
_CLAUSE = re.compile(rf"(?:{_KEYS})\s*[:：]\s*(?P<value>[^；;。）)\n\t]+)")
_YEAR = r"((?:19|20)\d\d)"
_RANGE = re.compile(rf"{_YEAR}\s*年?\s*[-—–~～至到]+\s*{_YEAR}\s*年?")
_DAY = re.compile(rf"{_YEAR}\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日")
_MONTH = re.compile(rf"{_YEAR}\s*年\s*(\d{{1,2}})\s*月")
_QUARTER = re.compile(rf"{_YEAR}\s*年\s*(?:第)?([一二三四1-4])\s*季度")
_HALF = re.compile(rf"{_YEAR}\s*年\s*([上下])半年")
_WHOLE_YEAR = re.compile(rf"{_YEAR}\s*年")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def read_value(value: str) -> tuple[date | None, date | None]:
    """(start, due) a date value gives; (None, None) when it gives none (长期, 年内, anything else)."""
    value = value.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if match := _RANGE.search(value):
        first, last = int(match.group(1)), int(match.group(2))
        return (date(first, 1, 1), date(last, 12, 31)) if first <= last else (None, None)
    if match := _DAY.search(value):
        try:
            return None, date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None, None
    if match := _MONTH.search(value):
        return None, _month_end(int(match.group(1)), int(match.group(2)))
    if match := _QUARTER.search(value):
        return None, _month_end(int(match.group(1)), _QUARTERS[match.group(2)] * 3)
    if match := _HALF.search(value):
        return None, _month_end(int(match.group(1)), 6 if match.group(2) == "上" else 12)
    if match := _WHOLE_YEAR.search(value):
        return None, date(int(match.group(1)), 12, 31)
    return None, None


def read_dates(text: str) -> tuple[date | None, date | None]:
    """(start, due) from the first date clause in an item's text; (None, None) when it has none."""
    match = _CLAUSE.search(text)
    return read_value(match.group("value")) if match else (None, None)
