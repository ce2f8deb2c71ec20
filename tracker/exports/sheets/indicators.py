"""The indicator register: target, baseline, the latest value, % of the way and whether it keeps pace."""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.exports.rows import ExportMeta
from tracker.exports.sheets.common import write_header, write_title_block, write_value
from tracker.exports.sheets.formats import Formats
from tracker.indicators.labels import comparator_sign, indicator_status_label

_COLUMNS = (
    ("text", 10),  # code
    ("text", 40),  # name
    ("text", 8),  # unit
    ("int", 9),  # baseline year
    ("number", 12),  # baseline value
    ("int", 9),  # target year
    ("text", 6),  # comparator
    ("number", 12),  # target value
    ("int", 9),  # latest year
    ("number", 12),  # latest value
    ("decimal", 12),  # % of the way
    ("text", 12),  # track
    ("text", 16),  # department
    ("text", 30),  # goal item
)


def _number(value):
    return None if value is None else value


def write_indicators_sheet(workbook, formats: Formats, meta: ExportMeta, rows, name: str) -> None:
    """`rows` are tracker.indicators.services.IndicatorRow (indicator with department, goal and values loaded)."""
    worksheet = workbook.add_worksheet(name)
    header = write_title_block(worksheet, formats, meta, _("指标"), filtered=False)
    labels = [
        _("代码"),
        _("指标"),
        _("单位"),
        _("基准年"),
        _("基准值"),
        _("目标年"),
        _("比较"),
        _("目标值"),
        _("最新年份"),
        _("最新值"),
        _("完成程度（%）"),
        _("进度判断"),
        _("责任部门"),
        _("关联目标"),
    ]
    for col, (_kind, width) in enumerate(_COLUMNS):
        worksheet.set_column(col, col, width)
    write_header(worksheet, formats, header, labels)
    worksheet.freeze_panes(header + 1, 2)
    row = header
    for entry in rows:
        row += 1
        indicator, assessment = entry.indicator, entry.assessment
        latest = assessment.latest
        track = "reached" if assessment.reached else assessment.track.value
        goal = indicator.goal_item
        values = (
            indicator.code,
            indicator.name,
            indicator.unit,
            indicator.baseline_year,
            indicator.baseline_value,
            indicator.target_year,
            comparator_sign(indicator.comparator),
            indicator.target_value,
            latest.year if latest else None,
            latest.value if latest else None,
            assessment.percent,
            indicator_status_label(track),
            indicator.responsible_department.short_name if indicator.responsible_department else "",
            f"{goal.outline_no} {goal.title}".strip() if goal else "",
        )
        style = "overdue" if assessment.track.value == "off_track" else "normal"
        for col, ((kind, _width), value) in enumerate(zip(_COLUMNS, values, strict=True)):
            write_value(worksheet, row, col, kind, value, formats.cell(kind, style))
    worksheet.autofilter(header, 0, row, len(labels) - 1)
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)
