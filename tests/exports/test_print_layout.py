"""Issue 11, point 1: every sheet of tasks.xlsx and plan.xlsx carries its print settings, read back with openpyxl:
A4, orientation, the header rows on every page, a print area without the technical columns, the page header and
the "第 &P 页 共 &N 页" footer, and a scale that keeps 10 pt text at least 7 pt on paper."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from tests.exports.helpers import open_workbook, task_table
from tracker.exports.columns import COLUMN_INDEX, PRINTED_COLUMNS, TASK_COLUMNS
from tracker.exports.sheets.printing import MIN_SCALE, fit_scale, page_breaks, page_header, row_height, text_width
from tracker.updates.models import StatusUpdate

A4 = 9
FOOTER = "第 &P 页 共 &N 页"
BODY_POINTS = 10
_AREA = re.compile(r"^'?(?P<sheet>[^']+)'?!\$A\$1:\$(?P<col>[A-Z]+)\$(?P<row>\d+)$")
# The header text of each sheet's (lower) header row, in its first cell.
FIRST_HEADER = {
    "任务清单": "编号",
    "规划原文": "编号",
    "项目预算": "部门 / 项目",
    "预算按任务": "编号",
    "指标": "代码",
    "督办清单": "类型",
}


@pytest.fixture
def viewer_client(client_for, export_plan):
    return client_for(export_plan.viewer)


def _export(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return open_workbook(response.data)


def _header_row(sheet) -> int:
    return next(r for r in range(1, 30) if sheet.cell(row=r, column=1).value == FIRST_HEADER[sheet.title])


def _area(sheet) -> tuple[int, int]:
    """The print area's last column and row (1-based); it always starts at A1."""
    # None when the area is whole columns (openpyxl cannot read those): give set_print_layout the last_row.
    match = _AREA.match(sheet.print_area or "")
    assert match and match["sheet"] == sheet.title, (sheet.title, sheet.print_area)
    return column_index_from_string(match["col"]), int(match["row"])


def _widths(sheet, last_col: int) -> list[float]:
    return [sheet.column_dimensions[get_column_letter(col)].width for col in range(1, last_col + 1)]


def _check_sheet(sheet, plan_title: str) -> None:
    """The settings every printed sheet shares, and a scale (fitted or fixed) that keeps the text >= 7 pt; for
    the sheets named in FIRST_HEADER, landscape with their header row on every page."""
    setup = sheet.page_setup
    assert int(setup.paperSize) == A4, sheet.title
    assert sheet.print_title_rows, sheet.title
    if sheet.title in FIRST_HEADER:
        assert setup.orientation == "landscape", sheet.title
        header = _header_row(sheet)
        first_title_row = int(sheet.print_title_rows.split(":")[0].strip("$"))
        assert sheet.print_title_rows.endswith(f":${header}") and first_title_row in (header, header - 1)
    last_col, last_row = _area(sheet)
    assert last_row == sheet.max_row, sheet.title  # every row, and nothing past the table
    assert sheet.oddFooter.center.text == FOOTER
    assert sheet.oddHeader.left.text == plan_title.replace("&", "&&")
    assert sheet.oddHeader.center.text
    widths = _widths(sheet, last_col)
    if sheet.sheet_properties.pageSetUpPr.fitToPage:
        # One page wide (1 is the default, which the file leaves out), as many pages down as the rows need.
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title
        scale = fit_scale(widths, landscape=True)
    else:
        scale = setup.scale / 100
        assert scale == MIN_SCALE
    assert BODY_POINTS * scale >= 7, (sheet.title, scale)


def test_the_task_list_prints_its_office_columns_on_a4(viewer_client, export_plan):
    workbook = _export(viewer_client, "/export/tasks.xlsx?status=delayed")
    table = task_table(workbook)
    sheet = table.sheet
    _check_sheet(sheet, export_plan.plan.title)
    assert sheet.print_title_rows == f"${table.header_row}:${table.header_row}"
    last_col, _last_row = _area(sheet)
    assert last_col == PRINTED_COLUMNS
    printed = [sheet.cell(row=table.header_row, column=col).value for col in range(1, last_col + 1)]
    assert printed == [
        "编号", "任务", "状态", "进度（%）", "汇总进度（%）", "牵头部门", "责任人", "完成期限", "逾期天数",
        "进展说明", "滞后原因", "整改措施", "预计完成日期",
    ]  # fmt: skip
    # The printed columns lead the list (a print area is one range); the columns the import needs and nobody
    # reads stay off paper (hidden, after the print area).
    assert all(column.printed for column in TASK_COLUMNS[:PRINTED_COLUMNS])
    assert all(COLUMN_INDEX[key] >= last_col for key in ("id", "version", "check"))
    # The sheet and its filters head every page.
    assert sheet.oddHeader.center.text == "任务清单"
    assert "状态：滞后" in sheet.oddHeader.right.text
    # Fitted to one page width, the text prints at more than 7 pt.
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert BODY_POINTS * fit_scale(_widths(sheet, last_col), landscape=True) >= 7.5


def test_every_sheet_of_the_plan_workbook_prints_on_a4(viewer_client, export_plan):
    workbook = _export(viewer_client, "/export/plan.xlsx")
    visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    assert [sheet.title for sheet in visible if sheet.title in FIRST_HEADER] == list(FIRST_HEADER)
    for sheet in visible:
        _check_sheet(sheet, export_plan.plan.title)
    # The whole plan: no filters in the task sheet's header.
    assert workbook["任务清单"].oddHeader.right.text is None
    assert workbook["督办清单"].oddHeader.center.text == "督办清单（逾期、落后年度目标或久未更新）"


def test_budget_sheets_too_wide_for_a_page_break_between_years(viewer_client, export_plan):
    workbook = _export(viewer_client, "/export/plan.xlsx")
    sheet = workbook["项目预算"]
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_cols == "$A:$A"
    header = _header_row(sheet)
    breaks = [brk.id for brk in sheet.col_breaks.brk]
    assert breaks
    for column in breaks:  # a page starts at a year's (or the totals') 批复 column
        assert sheet.cell(row=header, column=column + 1).value == "批复"
    assert workbook["预算按任务"].print_title_cols == "$A:$B"


def test_long_text_wraps_and_its_row_grows(viewer_client, export_plan, session):
    p = export_plan
    reason = "招标文件须经两轮审核，第二轮审核意见六月上旬才反馈，施工窗口推迟到汛期之后。" * 2
    session.add(
        StatusUpdate(
            work_item=p.task2,
            author=p.lead_b,
            created_at=datetime(2013, 6, 14, 2, 0),
            status_before="in_progress",
            status_after="delayed",
            progress_before=50,
            progress_after=50,
            note="进展",
            delay_reason=reason,
            remedy="加快",
            expected_completion=date(2013, 12, 31),
        )
    )
    session.commit()
    table = task_table(_export(viewer_client, "/export/tasks.xlsx"))
    row = table.row_of(p.task2.id)
    assert table.cell(row, "delay_reason").alignment.wrap_text
    assert table.cell(row, "title").alignment.wrap_text
    assert table.cell(row, "delay_reason").border.left.style == "thin"
    # ~76 Chinese characters in a column of 19 units (9 a line): 9 lines of 15 points.
    assert table.sheet.row_dimensions[row].height >= 8 * 15
    assert table.sheet.row_dimensions[table.row_of(p.sub4.id)].height is None  # short texts keep one line
    # Empty printed cells are written too, so the printed table has all its borders.
    assert table.cell(table.row_of(p.sub4.id), "remedy").border.left.style == "thin"


def test_english_users_get_an_english_footer(client_for, make, export_plan):
    workbook = _export(client_for(make.user("viewer", locale="en")), "/export/tasks.xlsx")
    assert all(sheet.oddFooter.center.text == "Page &P of &N" for sheet in workbook.worksheets[:-1])


def test_an_ampersand_in_the_header_is_text_and_long_filters_are_cut():
    header = page_header("A&B 规划", "任务清单", ["搜索：" + "很长的词" * 30])
    left, rest = header.removeprefix("&L").split("&C", 1)
    assert left == "A&&B 规划"
    assert len(header) <= 255 and rest.endswith("…")


def test_row_height_counts_wrapped_lines_and_line_breaks():
    assert row_height([("短", 10), (None, 10), ("", 10)]) is None
    assert row_height([("一二三四五六七八九", 10)]) == 2 * 15  # 18 units in a column of 10 (9 after its padding)
    assert row_height([("一二三四五六七八九十", 10)]) == 3 * 15
    assert row_height([("a\nb", 10)]) == 2 * 15
    assert row_height([("字" * 10_000, 10)]) == 409  # Excel's most


@pytest.mark.parametrize("years", [1, 3, 5, 10])
def test_page_breaks_fill_each_page_and_fall_only_where_allowed(years):
    widths = [24, 24, 8, 7, 8, 11, 11, 12] + [11] * (3 * (years + 1) + 1)
    allowed = [8 + 3 * index for index in range(years + 1)]
    starts = page_breaks(widths, allowed, 1, landscape=True)
    assert set(starts) <= set(allowed)
    pages = list(zip([0, *starts], [*starts, len(widths)], strict=True))
    for number, (first, last) in enumerate(pages):
        repeated = widths[:1] if number else []
        # Each page fits at the fixed scale (a group wider than a page cannot, and is not asked to).
        assert fit_scale(repeated + widths[first:last], landscape=True) >= MIN_SCALE


def test_text_width_counts_chinese_twice_and_latin_once():
    assert text_width("abc") == 3
    assert text_width("规划任务") == 8
    assert text_width("进度 45%，按计划") == 16
