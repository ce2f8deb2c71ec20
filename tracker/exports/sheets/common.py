"""Pieces every sheet shares: the title block above the table, typed cell writing, the header row, a plain table."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from tracker.core.localtime import format_datetime, zone_label
from tracker.exports.cells import write_text
from tracker.exports.sheets.formats import Formats
from tracker.exports.sheets.printing import row_height
from tracker.plan.outline import ADDED_LEGEND

# Points: the 14 pt title's row.
TITLE_HEIGHT = 20


def write_title_block(
    worksheet, formats: Formats, meta, heading: str, *, filtered: bool = True, numbered: bool = False
) -> int:
    """Plan and sheet title, export time, filters, who exported; returns the row where the table starts. A
    `numbered` sheet shows outline numbers: its block says how a number the tracker added reads."""
    lines = [
        _("导出时间：%(time)s（%(zone)s）", time=format_datetime(meta.exported_at), zone=zone_label()),
        _("导出人：%(name)s", name=meta.exported_by),
    ]
    if filtered:
        lines.insert(
            1, _("筛选条件：%(filters)s", filters=_("；").join(meta.filters) if meta.filters else _("无（全部任务）"))
        )
        if meta.summary:
            lines.append(meta.summary)
    if numbered:
        lines.append(str(ADDED_LEGEND))
    worksheet.set_row(0, TITLE_HEIGHT)  # LibreOffice keeps a row it is not given a height for at 10 pt
    write_text(worksheet, 0, 0, f"{meta.plan_title} · {heading}", formats.title)
    for offset, line in enumerate(lines, start=1):
        write_text(worksheet, offset, 0, line, formats.meta)
    return len(lines) + 2


def write_header(worksheet, formats: Formats, row: int, labels: Sequence[str], editable: Sequence[bool] = ()) -> None:
    for col, label in enumerate(labels):
        header_format = formats.header_editable if col < len(editable) and editable[col] else formats.header
        write_text(worksheet, row, col, label, header_format)


def write_value(worksheet, row: int, col: int, kind: str, value, cell_format) -> None:
    """A value as a real cell of its kind: text as text, numbers as numbers, dates as dates; None as a blank
    that still carries the row's fill."""
    if value is None or value == "":
        worksheet.write_blank(row, col, None, cell_format)
    elif kind in ("text", "title"):
        write_text(worksheet, row, col, value, cell_format)
    elif kind in ("date", "datetime"):
        if not isinstance(value, date | datetime):
            raise TypeError(f"not a date: {value!r}")
        worksheet.write_datetime(row, col, value, cell_format)
    else:
        if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
            raise TypeError(f"not a number: {value!r}")
        worksheet.write_number(row, col, float(value), cell_format)


def write_table(
    worksheet,
    formats: Formats,
    header: int,
    columns: Sequence[tuple[str, int, str]],
    rows: Iterable[tuple[Sequence, str]],
    *,
    frozen: int,
    wrapped: Collection[int] = (),
) -> int:
    """A plain table from row `header` down: `columns` are (kind, width, header text), each of `rows` is one row's
    values and its style ("normal", "overdue"); the columns numbered in `wrapped` break long text into lines. The
    header stays in view with the first `frozen` columns; the rows get an autofilter. Returns the last row."""
    for col, (_kind, width, _label) in enumerate(columns):
        worksheet.set_column(col, col, width)
    labels = [str(label) for _kind, _width, label in columns]
    worksheet.set_row(header, row_height(zip(labels, (width for _kind, width, _label in columns), strict=True)))
    write_header(worksheet, formats, header, labels)
    worksheet.freeze_panes(header + 1, frozen)
    row = header
    for values, style in rows:
        row += 1
        height = row_height((values[col], columns[col][1]) for col in wrapped if isinstance(values[col], str))
        if height:
            worksheet.set_row(row, height)
        for col, ((kind, _width, _label), value) in enumerate(zip(columns, values, strict=True)):
            write_value(worksheet, row, col, kind, value, formats.cell(kind, style, wrap=col in wrapped))
    worksheet.autofilter(header, 0, row, len(columns) - 1)
    return row
