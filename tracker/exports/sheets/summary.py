"""The 汇总 sheet at the front of plan.xlsx and of a department's tasks.xlsx: the figures an office files
(tracker.dashboard.summary), then lines to fill in and sign by hand (填报单位, 填报人, 审核人, 日期).

Four small tables share the sheet's columns, one under another (rows are written strictly in order: the
workbook is in constant-memory mode): the label in the wide first column, figures in the narrow ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from tracker.core.filters import status_label
from tracker.core.statuses import STATUS_VALUES
from tracker.dashboard.summary import PlanSummary, StatusCounts
from tracker.exports.cells import write_text
from tracker.exports.rows import ExportMeta, OfficeSheets
from tracker.exports.sheets.common import write_header, write_title_block, write_value
from tracker.exports.sheets.formats import Formats
from tracker.exports.sheets.printing import row_height, set_print_layout
from tracker.indicators.labels import indicator_status_label
from tracker.indicators.progress import Track
from tracker.indicators.services import REACHED

LABEL_WIDTH = 40
FIGURE_WIDTH = 11
# Label, items, each status, overdue, stale, and the chapters' progress.
COLUMN_COUNT = 1 + 1 + len(STATUS_VALUES) + 2 + 1
INDICATOR_KEYS = ("all", REACHED, Track.ON_TRACK.value, Track.OFF_TRACK.value, Track.NO_DATA.value)
SIGNATURE_ROW_HEIGHT = 30  # points: room to sign by hand


class _Sheet:
    """A worksheet written top to bottom: `row` is the next row to write."""

    def __init__(self, worksheet, formats: Formats, row: int) -> None:
        self.worksheet, self.formats, self.row = worksheet, formats, row
        self.section = formats.workbook.add_format({"bold": True, "font_size": 11, "valign": "vcenter"})

    def heading(self, text: str) -> None:
        write_text(self.worksheet, self.row, 0, text, self.section)
        self.row += 1

    def header(self, labels: Sequence[str]) -> None:
        """Labels wrap in the narrow figure columns: the row gets the height of the longest."""
        widths = [LABEL_WIDTH] + [FIGURE_WIDTH] * (len(labels) - 1)
        self.worksheet.set_row(self.row, row_height(zip(labels, widths, strict=True)))
        write_header(self.worksheet, self.formats, self.row, labels)
        self.row += 1

    def line(self, cells: Sequence[tuple[str, object]], style: str = "normal") -> None:
        """One table row: (kind, value) per column."""
        for col, (kind, value) in enumerate(cells):
            write_value(self.worksheet, self.row, col, kind, value, self.formats.cell(kind, style))
        self.row += 1

    def gap(self) -> None:
        self.row += 1


def _status_header(first: str) -> list[str]:
    return [first, _("任务数"), *(status_label(status) for status in STATUS_VALUES), _("逾期"), _("久未更新")]


def _counts(label: str, counts: StatusCounts) -> list[tuple[str, object]]:
    return [
        ("text", label),
        ("int", counts.items),
        *(("int", counts.by_status.get(status, 0)) for status in STATUS_VALUES),
        ("int", counts.overdue),
        ("int", counts.stale),
    ]


def write_summary_sheet(workbook, formats: Formats, meta: ExportMeta, office: OfficeSheets, name: str) -> None:
    worksheet = workbook.add_worksheet(name)
    worksheet.set_column(0, 0, LABEL_WIDTH)
    worksheet.set_column(1, COLUMN_COUNT - 1, FIGURE_WIDTH)
    heading = _("汇总")
    start = write_title_block(worksheet, formats, meta, heading, filtered=False)
    write_text(worksheet, start - 1, 0, _("范围：%(scope)s", scope=office.scope), formats.meta)
    sheet = _Sheet(worksheet, formats, start)
    summary = office.summary
    _write_items(sheet, summary)
    _write_budget(sheet, summary)
    _write_indicators(sheet, summary, office.scope)
    _write_signatures(sheet, office.unit)
    # Rarely more than a page; should it run over, the title line names the sheet again on the next.
    widths = [LABEL_WIDTH] + [FIGURE_WIDTH] * (COLUMN_COUNT - 1)
    set_print_layout(
        worksheet,
        meta.plan_title,
        heading,
        header_rows=(0, 0),
        widths=widths,
        filters=[office.scope],
        last_row=sheet.row - 1,
    )


def _write_items(sheet: _Sheet, summary: PlanSummary) -> None:
    sheet.heading(_("一、任务进展（按牵头部门）"))
    sheet.header(_status_header(_("牵头部门")))
    for group in summary.by_department:
        sheet.line(_counts(group.label, group.counts))
    sheet.line(_counts(_("合计"), summary.total), "total")
    sheet.gap()
    sheet.heading(_("二、任务进展（按章节）"))
    sheet.header([*_status_header(_("章节")), _("进度（%）")])
    for group in summary.by_chapter:
        sheet.line([*_counts(group.label, group.counts), ("decimal", group.progress)])
    # The whole plan's progress is the dashboard's figure, not a sum of these rows: the cell stays empty.
    sheet.line([*_counts(_("合计"), summary.total), ("decimal", None)], "total")
    sheet.gap()


def _write_budget(sheet: _Sheet, summary: PlanSummary) -> None:
    sheet.heading(_("三、资金执行情况（万元）"))
    sheet.header([_("部门"), _("批复金额（万元）"), _("下达金额（万元）"), _("支出金额（万元）"), _("执行率（%）")])
    groups = [(group.label, group.budget, "normal") for group in summary.budget_by_department]
    for label, budget, style in [*groups, (_("合计"), summary.budget_total, "total")]:
        sheet.line(
            [
                ("text", label),
                ("amount", budget.approved),
                ("amount", budget.allocated),
                ("amount", budget.spent),
                ("decimal", budget.execution_rate),
            ],
            style,
        )
    sheet.gap()


def _write_indicators(sheet: _Sheet, summary: PlanSummary, scope: str) -> None:
    sheet.heading(_("四、指标完成情况"))
    labels = [_("指标数"), *(indicator_status_label(key) for key in INDICATOR_KEYS[1:])]
    sheet.header([_("范围"), *labels])
    sheet.line([("text", scope), *(("int", summary.indicators[key]) for key in INDICATOR_KEYS)])
    sheet.gap()


def _write_signatures(sheet: _Sheet, unit: str) -> None:
    """Label, then a bordered blank to write on: the department's name is printed for it as 填报单位."""
    workbook = sheet.formats.workbook
    label = workbook.add_format({"bold": True, "align": "right", "valign": "bottom"})
    blank = workbook.add_format({"bottom": 1, "valign": "bottom"})
    for caption, value in (
        (_("填报单位："), unit),
        (_("填报人："), ""),
        (_("审核人："), ""),
        (_("日期："), _("　　　　年　　月　　日")),
    ):
        sheet.worksheet.set_row(sheet.row, SIGNATURE_ROW_HEIGHT)
        write_text(sheet.worksheet, sheet.row, 0, caption, label)
        sheet.worksheet.merge_range(sheet.row, 1, sheet.row, 4, "", blank)
        if value:
            # merge_range writes with write(), which guesses; the text goes through the safe writer instead.
            write_text(sheet.worksheet, sheet.row, 1, value, blank)
        sheet.row += 1
