"""The indicator register: target, baseline, the latest value, % of the way and whether it keeps pace."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.exports.rows import ExportMeta
from tracker.exports.sheets.common import write_table, write_title_block
from tracker.exports.sheets.formats import Formats
from tracker.exports.sheets.printing import set_print_layout
from tracker.indicators.labels import comparator_sign, indicator_status_label
from tracker.org.assignment import source_label
from tracker.plan.outline import numbered

# (kind, width, header) of each column.
_COLUMNS = (
    ("text", 16, _l("代码")),
    ("text", 32, _l("指标")),
    ("text", 8, _l("单位")),
    ("int", 9, _l("基准年")),
    ("number", 12, _l("基准值")),
    ("int", 9, _l("目标年")),
    ("text", 6, _l("比较")),
    ("number", 12, _l("目标值")),
    ("int", 9, _l("最新年份")),
    ("number", 12, _l("最新值")),
    ("decimal", 12, _l("完成程度（%）")),
    ("text", 12, _l("进度判断")),
    ("text", 14, _l("责任部门")),
    ("text", 16, _l("分工来源")),
    ("text", 30, _l("关联目标")),
    ("text", 50, _l("表文表述")),
)
# The columns 代码 to 责任部门 print (a print area is one range); the source, goal and wording stay on screen.
_PRINTED = 13
# Codes (up to 30 characters, broken at their hyphens) and the texts wrap.
_WRAPPED = (0, 1, 12, 14, 15)


def _number(value):
    return None if value is None else value


def write_indicators_sheet(workbook, formats: Formats, meta: ExportMeta, rows, name: str) -> None:
    """`rows` are tracker.indicators.services.IndicatorRow (indicator with department, goal and values loaded)."""
    worksheet = workbook.add_worksheet(name)
    heading = _("指标")
    header = write_title_block(worksheet, formats, meta, heading, filtered=False)
    last = write_table(
        worksheet, formats, header, _COLUMNS, (_row(entry) for entry in rows), frozen=2, wrapped=_WRAPPED
    )
    widths = [width for _kind, width, _label in _COLUMNS[:_PRINTED]]
    set_print_layout(worksheet, meta.plan_title, heading, header_rows=(header, header), widths=widths, last_row=last)


def _wordings(indicator) -> str:
    """Where the 专栏2 table and the text word the target differently, both wordings; else nothing."""
    if not indicator.wordings_differ:
        return ""
    return _(
        "表文表述不一致。专栏2：%(table)s；正文：%(text)s",
        table=indicator.table_wording,
        text=" ".join(indicator.text_wording.split()),
    )


def _row(entry) -> tuple[tuple, str]:
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
        source_label(indicator.assignment_source) if indicator.responsible_department else "",
        numbered(goal.shown_outline_no, goal.title) if goal else "",
        _wordings(indicator),
    )
    return values, "overdue" if assessment.track.value == "off_track" else "normal"
