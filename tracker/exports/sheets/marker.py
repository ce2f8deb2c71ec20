"""The very hidden sheet that marks a workbook as one of our exports (format, version, plan, installation, task
sheet)."""

from __future__ import annotations

from tracker.exports.cells import write_text
from tracker.exports.columns import FORMAT_NAME, FORMAT_VERSION, MARKER_SHEET


def write_marker(workbook, plan_code: str, installation: str, task_sheet: str, exported_at) -> None:
    worksheet = workbook.add_worksheet(MARKER_SHEET)
    # "Very hidden": not listed under Excel's Unhide, so nobody edits it by accident.
    worksheet.very_hidden()
    pairs = (
        ("format", FORMAT_NAME),
        ("format_version", FORMAT_VERSION),
        ("plan", plan_code),
        ("installation", installation),
        ("task_sheet", task_sheet),
        ("exported_at", exported_at.isoformat(timespec="seconds")),
    )
    for row, (key, value) in enumerate(pairs):
        write_text(worksheet, row, 0, key)
        write_text(worksheet, row, 1, value)
