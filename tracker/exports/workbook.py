"""Building the .xlsx files: pure functions from rows to a binary stream (no queries, no request).

XlsxWriter runs in constant-memory mode: each row goes to a temporary file as soon as the next row starts, so
memory stays flat however many rows there are; the zip is assembled when the workbook closes. Sheets are written
strictly row after row for that reason. The temporary files go to the directory the caller gives (one per export,
tracker.exports.scratch); a workbook that fails half-way closes its open files so that directory can go.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import BinaryIO

import xlsxwriter
from flask_babel import gettext as _

from tracker.exports.cells import clean_text, sheet_name
from tracker.exports.rows import DepartmentGroup, DocumentPartRow, ExportMeta, ItemBudgetRow, OfficeSheets, TaskExport
from tracker.exports.sheets.budgets import write_item_budgets_sheet, write_projects_sheet
from tracker.exports.sheets.document import write_document_sheet
from tracker.exports.sheets.formats import Formats
from tracker.exports.sheets.history import write_history_sheet
from tracker.exports.sheets.indicators import write_indicators_sheet
from tracker.exports.sheets.marker import write_marker
from tracker.exports.sheets.review import write_review_sheet
from tracker.exports.sheets.streaming import StreamingWorksheet
from tracker.exports.sheets.summary import write_summary_sheet
from tracker.exports.sheets.tasks import write_task_sheet

WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "in_memory": False,
    # Belt and braces: we only ever call write_string for text, but nothing may turn text into something else.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_date_format": "yyyy-mm-dd",
}


@dataclass
class ReviewSheet:
    entries: list  # tracker.review.queue.QueueEntry
    scope: str  # in words: the whole queue, or one department's part of it


@dataclass
class PlanExport:
    tasks: TaskExport
    document: list[DocumentPartRow]
    groups: list[DepartmentGroup]
    item_budgets: list[ItemBudgetRow]
    indicators: list  # tracker.indicators.services.IndicatorRow
    review: ReviewSheet | None
    office: OfficeSheets


@contextmanager
def _opened(stream: BinaryIO, meta: ExportMeta, tmpdir: str) -> Iterator[tuple[xlsxwriter.Workbook, Formats]]:
    """A workbook closed (assembled into `stream`) when the block ends, or, on any failure, its temporary files
    closed without assembling anything."""
    workbook = xlsxwriter.Workbook(stream, {**WORKBOOK_OPTIONS, "tmpdir": tmpdir})
    workbook.worksheet_class = StreamingWorksheet
    try:
        workbook.set_properties(
            {
                "title": clean_text(meta.plan_title),
                "author": clean_text(meta.exported_by),
                "comments": "Plan Tracker",
                # The file format keeps this in UTC (XlsxWriter writes it with a "Z"); Excel shows it in the
                # reader's zone. A local wall time here would be read as UTC: 8 hours off in Beijing.
                "created": meta.exported_at.astimezone(UTC),
            }
        )
        yield workbook, Formats(workbook)
    except BaseException:
        _discard(workbook)
        raise
    workbook.close()


def _discard(workbook: xlsxwriter.Workbook) -> None:
    """Close the row files constant-memory mode keeps open (XlsxWriter closes them only in close())."""
    for worksheet in workbook.worksheets():
        handle = getattr(worksheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()
    workbook.fileclosed = True


def task_sheet_name() -> str:
    return sheet_name(_("任务清单"))


def write_summary_front(workbook, formats: Formats, meta: ExportMeta, office: OfficeSheets | None) -> None:
    if office is not None:
        write_summary_sheet(workbook, formats, meta, office, sheet_name(_("汇总")))


def write_history_back(workbook, formats: Formats, meta: ExportMeta, office: OfficeSheets | None) -> None:
    if office is not None:
        write_history_sheet(workbook, formats, meta, office.history, office.scope, sheet_name(_("进展记录")))


def write_task_workbook(stream: BinaryIO, export: TaskExport, tmpdir: str) -> None:
    """The task list as the user filtered it, ready to be edited and imported back; a department's filing (the
    list filtered to exactly one department) with its summary in front and its history behind."""
    meta = export.meta
    with _opened(stream, meta, tmpdir) as (workbook, formats):
        write_summary_front(workbook, formats, meta, export.office)
        write_task_sheet(workbook, formats, export, task_sheet_name())
        write_history_back(workbook, formats, meta, export.office)
        write_marker(workbook, meta.plan_code, meta.installation, task_sheet_name(), meta.exported_at)


def write_plan_workbook(stream: BinaryIO, export: PlanExport, tmpdir: str) -> None:
    """Every sheet: the summary, the whole task list (importable like the filtered one), the plan as its document
    reads, projects and budgets by department and by task, the indicator register, the review queue and the
    history of reports."""
    meta = export.tasks.meta
    with _opened(stream, meta, tmpdir) as (workbook, formats):
        write_summary_front(workbook, formats, meta, export.office)
        write_task_sheet(workbook, formats, export.tasks, task_sheet_name(), filtered=False)
        write_document_sheet(workbook, formats, meta, export.document, sheet_name(_("规划原文")))
        write_projects_sheet(workbook, formats, meta, export.groups, sheet_name(_("项目预算")))
        write_item_budgets_sheet(workbook, formats, meta, export.item_budgets, sheet_name(_("预算按任务")))
        write_indicators_sheet(workbook, formats, meta, export.indicators, sheet_name(_("指标")))
        if export.review is not None:
            write_review_sheet(
                workbook, formats, meta, export.review.entries, sheet_name(_("督办清单")), export.review.scope
            )
        write_history_back(workbook, formats, meta, export.office)
        write_marker(workbook, meta.plan_code, meta.installation, task_sheet_name(), meta.exported_at)
