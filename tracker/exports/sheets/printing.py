"""How every sheet prints: A4, a print area of the columns an office files, the header rows on every page, a page
header naming the plan, the sheet and the filters, and "第 N 页 共 M 页" at the foot.

The printed columns are sized so that one page width holds them at a scale that keeps 10 pt body text at least
7 pt on paper (MIN_SCALE). A sheet too wide for that prints at MIN_SCALE across several pages instead of being
squeezed onto one (the first `repeat_columns` columns repeated on each), never smaller.

Wrapped cells need a row height: XlsxWriter writes none, and LibreOffice keeps a row without one at a single
line, so a long reason would print over the next row. `row_height` computes it from the text and column width.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from flask_babel import gettext as _

A4 = 9  # XlsxWriter's paper code
# Inches. The header and footer sit in the top and bottom margins.
MARGINS = {"left": 0.3, "right": 0.3, "top": 0.7, "bottom": 0.6}
HEADER_MARGIN = 0.3
# A4 is 8.27 x 11.69 inches: the width left between the margins, in points, by orientation.
PRINTABLE_WIDTH = {True: (11.69 - 0.6) * 72, False: (8.27 - 0.6) * 72}
# 10 pt body text, at least 7.5 pt on paper (7 pt is the floor; the rest absorbs fonts that run a little wider).
MIN_SCALE = 0.75
# Points a wrapped line of 10 pt text takes, and the most Excel allows a row (longer text is cut on paper only).
LINE_HEIGHT = 15
MAX_ROW_HEIGHT = 409
# Width units an indent level takes from a cell's text (Excel indents by about three spaces a level).
INDENT_WIDTH = 3
# What a header section may hold (XlsxWriter's limit for the whole header is 255 characters).
_HEADER_PART = 60
_LAST_ROW = 1_048_575


def text_width(text: str) -> int:
    """Excel width units a line fills: a Chinese character takes two, a Latin one one.

    Counted from the UTF-8 length, not character by character: Chinese characters and full-width punctuation take
    three bytes, ASCII one, so each character counts 1 plus half its extra bytes. This runs for every wrapped cell
    of 进展记录's hundreds of thousands of rows, where the per-character lookup cost seconds; it errs towards wider
    (curly quotes count two), which only leaves a little room below a wrapped cell.
    """
    return len(text) + (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2


def column_points(width: float) -> float:
    """A column's printed width at 100 %, in points, from its width in Excel units (characters of the default
    font: 7 pixels each plus 5 pixels of padding, at 96 pixels an inch)."""
    return (int(width * 7 + 0.5) + 5) * 0.75


def fit_scale(widths: Iterable[float], *, landscape: bool) -> float:
    """The scale at which one page width holds columns of these widths (at most 1)."""
    total = sum(column_points(width) for width in widths)
    return min(1.0, PRINTABLE_WIDTH[landscape] / total) if total else 1.0


def row_height(cells: Iterable[tuple[str | None, float]]) -> float | None:
    """The height that shows every line of the wrapped `cells` ((text, column width) pairs), or None for one
    line. Cheap for short texts: one line that fits its width even at two units a character needs no counting."""
    lines = 1
    for text, width in cells:
        if not text or (len(text) * 2 <= width and "\n" not in text):
            continue
        # A unit less than the column: the cell's padding, and a character that does not fit goes to the next line.
        usable = max(width - 1, 1)
        lines = max(lines, sum(max(1, math.ceil(text_width(line) / usable)) for line in text.split("\n")))
    return None if lines == 1 else min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)


def _header_text(value: str) -> str:
    """Text safe in a page header: "&" starts a control code there, so it is doubled; long text is cut."""
    value = " ".join(value.split())
    if len(value) > _HEADER_PART:
        value = value[: _HEADER_PART - 1] + "…"
    return value.replace("&", "&&")


def page_header(plan_title: str, heading: str, filters: Sequence[str]) -> str:
    """Plan on the left, the sheet in the middle, the filters (if any) on the right."""
    right = _header_text(_("；").join(filters)) if filters else ""
    return f"&L{_header_text(plan_title)}&C{_header_text(heading)}&R{right}"


def page_footer() -> str:
    return "&C" + _("第 &P 页 共 &N 页")


def set_print_layout(
    worksheet,
    plan_title: str,
    heading: str,
    *,
    header_rows: tuple[int, int],
    widths: Sequence[float],
    landscape: bool = True,
    filters: Sequence[str] = (),
    repeat_columns: int = 0,
    breaks: Sequence[int] = (),
    last_row: int | None = None,
) -> float:
    """Print `worksheet` on A4: the columns 0..len(widths)-1 (their widths as the sheet sets them; the columns
    after them are left off paper), rows header_rows[0]..header_rows[1] (0-based, inclusive) on every page.
    Give the `last_row` written when calling after the rows (openpyxl cannot read a print area of whole columns,
    which is what None gives: call it so only when the rows are not known yet). When the columns need several
    page widths, a page starts only at one of the columns in `breaks` (a year's three money columns stay
    together), and the first `repeat_columns` columns print again on each page.
    `heading` names the sheet in the page header, `filters` say what the rows are a selection of. Returns the
    print scale (fitted to one page width, or MIN_SCALE across pages when the columns are too wide for that)."""
    worksheet.set_paper(A4)
    if landscape:
        worksheet.set_landscape()
    else:
        worksheet.set_portrait()
    worksheet.set_margins(**MARGINS)
    worksheet.set_header(page_header(plan_title, heading, filters), {"margin": HEADER_MARGIN})
    worksheet.set_footer(page_footer(), {"margin": HEADER_MARGIN})
    worksheet.repeat_rows(*header_rows)
    worksheet.print_area(0, 0, _LAST_ROW if last_row is None else last_row, len(widths) - 1)
    scale = fit_scale(widths, landscape=landscape)
    if scale >= MIN_SCALE:
        worksheet.fit_to_pages(1, 0)
        return scale
    worksheet.set_print_scale(int(MIN_SCALE * 100))
    if repeat_columns:
        worksheet.repeat_columns(0, repeat_columns - 1)
    if breaks:
        worksheet.set_v_pagebreaks(page_breaks(widths, breaks, repeat_columns, landscape=landscape))
    return MIN_SCALE


def page_breaks(widths: Sequence[float], allowed: Sequence[int], repeat_columns: int, *, landscape: bool) -> list[int]:
    """The columns that start a new page at MIN_SCALE, chosen among `allowed` so that each page is as full as it
    can be; pages after the first also carry the `repeat_columns` first columns."""
    room = PRINTABLE_WIDTH[landscape] / MIN_SCALE
    points = [column_points(width) for width in widths]
    repeated = sum(points[:repeat_columns])
    starts: list[int] = []
    used, group_start = 0.0, 0
    for bound in [col for col in sorted(set(allowed)) if 0 < col < len(widths)] + [len(widths)]:
        group = sum(points[group_start:bound])  # the columns from one allowed break to the next
        if used and used + group > room:
            starts.append(group_start)
            used = repeated
        used += group
        group_start = bound
    return starts
