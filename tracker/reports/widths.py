"""A table's column widths, the same rule for both writers: each column its share of the width, but at least as wide
as its widest unbreakable word (a date, "100.0%", "Completed": Chinese wraps between any two characters, a Latin word
would be broken inside), the difference taken from the wide columns with room to spare."""

from __future__ import annotations

from collections.abc import Callable

from tracker.reports.document import Table
from tracker.reports.text import has_cjk

# (word, bold) -> its width in the writer's unit, cell padding not included.
Measure = Callable[[str, bool], float]


def column_widths(block: Table, width: float, measure: Measure, padding: float) -> list[float]:
    total = sum(column.width for column in block.columns) or 1
    shares = [width * column.width / total for column in block.columns]
    needs = [_widest_word(block, number, measure) for number in range(len(block.columns))]
    needs = [need + padding if need else 0.0 for need in needs]
    short = sum(max(need - share, 0) for share, need in zip(shares, needs, strict=True))
    # Only the wide columns give (a task's name, a note): a narrow one of short Chinese ("〔1〕", "已完成") would
    # then wrap instead.
    mean = width / len(shares)
    room = [share - need if share >= mean and share > need else 0.0 for share, need in zip(shares, needs, strict=True)]
    spare = sum(room)
    if not short or short > spare:
        return shares  # nothing to widen, or no room to: the shares as they are
    return [max(need, share) - given * short / spare for share, need, given in zip(shares, needs, room, strict=True)]


def _widest_word(block: Table, number: int, measure: Measure) -> float:
    cells = [(block.columns[number].label, True)]
    cells += [(row.cells[number] if number < len(row.cells) else "", row.emphasis) for row in block.rows]
    return max(
        (measure(word, bold) for value, bold in cells if value and not has_cjk(value) for word in value.split()),
        default=0.0,
    )
