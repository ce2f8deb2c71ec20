"""Projects with their yearly budgets, grouped by department with subtotals; and budgets rolled up per task.

Subtotals are real formulas (SUBTOTAL over cell ranges we lay out ourselves, never over user text), with the
computed value cached in the cell so that readers which do not calculate still show the figure.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from xlsxwriter.utility import xl_rowcol_to_cell

from tracker.core.filters import status_label
from tracker.db import ZERO
from tracker.exports.cells import write_text
from tracker.exports.rows import DepartmentGroup, ExportMeta, ItemBudgetRow, Money3
from tracker.exports.sheets.common import write_header, write_title_block, write_value
from tracker.exports.sheets.formats import MAX_LEVEL, Formats
from tracker.exports.sheets.printing import INDENT_WIDTH, row_height, set_print_layout

_MONEY_KINDS = ("approved", "allocated", "spent")
_MONEY_WIDTH = 11
# Project columns before the money: (label, kind, width); names, tasks and fund sources wrap.
_PROJECT_COLUMNS = (
    ("name", "text", 24),
    ("item", "text", 24),
    ("status", "text", 8),
    ("progress", "int", 7),
    ("owner", "text", 8),
    ("start", "date", 11),
    ("due", "date", 11),
    ("fund_source", "text", 12),
)
_PROJECT_WRAPPED = (0, 1, 7)
# The per-task sheet's columns before the money: 编号, 任务, 牵头部门.
_ITEM_WIDTHS = [13, 30, 12]


def _money_labels() -> list[str]:
    return [_("批复"), _("下达"), _("支出")]


def _rate(money: Money3) -> Decimal | None:
    if not money.allocated:
        return None
    return (money.spent * 100 / money.allocated).quantize(Decimal("0.1"))


def _total(years: dict[int, Money3], wanted: tuple[int, ...]) -> Money3:
    total = Money3()
    for year in wanted:
        money = years.get(year)
        if money:
            total.add(money.approved, money.allocated, money.spent)
    return total


def _write_money_header(worksheet, formats: Formats, row: int, first_col: int, years: tuple[int, ...]) -> int:
    """Year captions merged over their three columns above the 批复/下达/支出 row; returns the next column."""
    col = first_col
    for caption in [_("%(year)d年", year=year) for year in years] + [_("合计")]:
        worksheet.merge_range(row, col, row, col + 2, "", formats.header)
        write_text(worksheet, row, col, caption, formats.header)
        col += 3
    return col


def _write_headers(worksheet, formats: Formats, top: int, labels: list[str], widths: list[int], years, frozen: int):
    """Two header rows: the years (merged) above the money kinds, after the `labels` columns (with their
    `widths`), which span both rows; the lower row stays in view with the first `frozen` columns. Returns the
    lower header row and the execution rate's column."""
    money_col = len(labels)
    for col, width in enumerate(widths):
        worksheet.set_column(col, col, width)
    worksheet.set_column(money_col, money_col + 3 * (len(years) + 1), _MONEY_WIDTH)
    for col in range(money_col):
        worksheet.write_blank(top, col, None, formats.header)
    rate_col = _write_money_header(worksheet, formats, top, money_col, years)
    worksheet.write_blank(top, rate_col, None, formats.header)
    header = top + 1
    money_labels = _money_labels() * (len(years) + 1) + [_("执行率（%）")]
    worksheet.set_row(header, row_height(zip(labels + money_labels, _all_widths(widths, years), strict=True)))
    write_header(worksheet, formats, header, labels + money_labels)
    worksheet.freeze_panes(header + 1, frozen)
    return header, rate_col


def _all_widths(widths: list[int], years) -> list[int]:
    """The label columns' widths, then each year's three money columns, the totals' and the rate's."""
    return list(widths) + [_MONEY_WIDTH] * (3 * (len(years) + 1) + 1)


def _set_print_layout(worksheet, meta: ExportMeta, heading: str, top: int, header: int, widths, last: int, repeat):
    """Every column prints; when they need more than one page width, a page starts only at a year's (or the
    totals') first money column, and the first `repeat` columns name the rows on every page."""
    money_col = len(widths)
    set_print_layout(
        worksheet,
        meta.plan_title,
        heading,
        header_rows=(top, header),
        widths=_all_widths(widths, meta.years),
        repeat_columns=repeat,
        breaks=[money_col + 3 * index for index in range(len(meta.years) + 1)],
        last_row=last,
    )


def _rate_formula(row: int, spent_col: int, allocated_col: int) -> str:
    allocated = xl_rowcol_to_cell(row, allocated_col)
    spent = xl_rowcol_to_cell(row, spent_col)
    return f'=IF({allocated}=0,"",ROUND({spent}/{allocated}*100,1))'


def write_projects_sheet(workbook, formats: Formats, meta: ExportMeta, groups: list[DepartmentGroup], name: str):
    worksheet = workbook.add_worksheet(name)
    worksheet.outline_settings(True, False, False, False)
    years = meta.years
    heading = _("项目预算（万元）")
    top = write_title_block(worksheet, formats, meta, heading, filtered=False, numbered=True)
    labels = [
        _("部门 / 项目"),
        _("所属任务"),
        _("状态"),
        _("进度（%）"),
        _("责任人"),
        _("开始日期"),
        _("完成期限"),
        _("资金来源"),
    ]
    money_col = len(labels)
    widths = [width for _key, _kind, width in _PROJECT_COLUMNS]
    header, _rate_col = _write_headers(worksheet, formats, top, labels, widths, years, frozen=1)
    total_col = money_col + 3 * len(years)

    row = header
    grand = {year: Money3() for year in years}
    first_data = header + 1
    for group in groups:
        row += 1
        group_row = row
        group_years = {year: Money3() for year in years}
        for project in group.projects:
            for year in years:
                money = project.years.get(year)
                if money:
                    group_years[year].add(money.approved, money.allocated, money.spent)
        last_project = group_row + len(group.projects)
        height = row_height([(group.name, _PROJECT_COLUMNS[0][2])])
        worksheet.set_row(group_row, height, None, {"level": 0, "hidden": False})
        _write_sum_row(
            worksheet,
            formats,
            group_row,
            group.name,
            group_years,
            years,
            money_col,
            group_row + 1,
            last_project,
            "group",
        )
        for project in group.projects:
            row += 1
            style = "overdue" if project.overdue else "normal"
            values = (
                project.name,
                project.item,
                status_label(project.status),
                project.progress,
                project.owner,
                project.start,
                project.due,
                project.fund_source,
            )
            # The wrapped columns: the name (indented one level under its department), the task, the fund source.
            name_width, item_width, fund_width = (_PROJECT_COLUMNS[col][2] for col in _PROJECT_WRAPPED)
            height = row_height(
                [
                    (project.name, name_width - INDENT_WIDTH),
                    (project.item, item_width),
                    (project.fund_source, fund_width),
                ]
            )
            worksheet.set_row(row, height, None, {"level": 1, "hidden": False})
            for col, ((_key, kind, _width), value) in enumerate(zip(_PROJECT_COLUMNS, values, strict=True)):
                cell_format = formats.cell(kind, style, 1 if col == 0 else 0, wrap=col in _PROJECT_WRAPPED)
                write_value(worksheet, row, col, kind, value, cell_format)
            _write_money_cells(worksheet, formats, row, project.years, years, money_col, style)
        for year in years:
            grand[year].add(group_years[year].approved, group_years[year].allocated, group_years[year].spent)
    row += 1
    _write_sum_row(worksheet, formats, row, _("合计"), grand, years, money_col, first_data, row - 1, "total")
    worksheet.autofilter(header, 0, row - 1, total_col + 3)
    _set_print_layout(worksheet, meta, heading, top, header, widths, row, repeat=1)


def _write_money_cells(worksheet, formats, row, project_years, years, money_col, style) -> None:
    """Each year's numbers, then the project's totals and execution rate, as numbers: formulas are kept for the
    subtotal rows (a formula per project row would cost more to write than the row itself)."""
    amount = formats.cell("amount", style)
    write_number = worksheet.write_number
    for index, year in enumerate(years):
        money = project_years.get(year) or Money3()
        col = money_col + 3 * index
        write_number(row, col, float(money.approved), amount)
        write_number(row, col + 1, float(money.allocated), amount)
        write_number(row, col + 2, float(money.spent), amount)
    total = _total(project_years, years)
    total_col = money_col + 3 * len(years)
    for offset, kind in enumerate(_MONEY_KINDS):
        write_number(row, total_col + offset, float(getattr(total, kind)), amount)
    write_value(worksheet, row, total_col + 3, "decimal", _rate(total), formats.cell("decimal", style))


def _subtotal_cells(worksheet, cell_format, row, money_col, years, first, last, totals: dict[int, Money3]) -> None:
    """SUBTOTAL(9, …) over rows first..last of every money column: it skips other SUBTOTAL cells in the range,
    so the grand total over everything does not count the department rows twice."""
    total = _total(totals, years)
    for index in range(len(years) + 1):
        for offset, kind in enumerate(_MONEY_KINDS):
            col = money_col + 3 * index + offset
            source = totals.get(years[index]) if index < len(years) else total
            value = getattr(source, kind) if source else ZERO
            if last < first:
                worksheet.write_number(row, col, 0.0, cell_format)
                continue
            cells = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"
            worksheet.write_formula(row, col, f"=SUBTOTAL(9,{cells})", cell_format, float(value))


def _write_sum_row(worksheet, formats, row, label, sums, years, money_col, first, last, style) -> None:
    """A row of subtotals over the rows first..last: a department's projects ("group") or all of them ("total")."""
    text = formats.cell("text", style, wrap=True)
    write_value(worksheet, row, 0, "text", label, text)
    for col in range(1, money_col):
        worksheet.write_blank(row, col, None, text)
    _subtotal_cells(worksheet, formats.cell("amount", style), row, money_col, years, first, last, sums)
    total_col = money_col + 3 * len(years)
    rate = _rate(_total(sums, years))
    worksheet.write_formula(
        row,
        total_col + 3,
        _rate_formula(row, total_col + 2, total_col + 1),
        formats.cell("decimal", style),
        "" if rate is None else float(rate),
    )


def write_item_budgets_sheet(workbook, formats: Formats, meta: ExportMeta, rows: list[ItemBudgetRow], name: str):
    """Budgets per task: each item's projects and its descendants', in plan order, foldable by level."""
    worksheet = workbook.add_worksheet(name)
    worksheet.outline_settings(True, False, False, False)
    years = meta.years
    # Every row is a roll-up (the item and all below it): the heading says so, as summing rows would count twice.
    heading = _("预算汇总（按任务，万元；每行含其全部下级任务，请勿逐行相加）")
    top = write_title_block(worksheet, formats, meta, heading, filtered=False, numbered=True)
    labels = [_("编号"), _("任务"), _("牵头部门")]
    money_col = len(labels)
    header, rate_col = _write_headers(worksheet, formats, top, labels, _ITEM_WIDTHS, years, frozen=2)
    row = header
    amount = formats.cell("amount")
    for item in rows:
        row += 1
        level = min(item.depth, MAX_LEVEL)
        title_width = max(_ITEM_WIDTHS[1] - INDENT_WIDTH * level, 1)
        height = row_height([(item.title, title_width), (item.lead, _ITEM_WIDTHS[2])])
        worksheet.set_row(row, height, None, {"level": level, "hidden": False})
        write_value(worksheet, row, 0, "text", item.outline, formats.cell("text"))
        write_value(worksheet, row, 1, "title", item.title, formats.cell("title", "normal", item.depth, wrap=True))
        write_value(worksheet, row, 2, "text", item.lead, formats.cell("text", wrap=True))
        # Rolled-up figures (an item includes its descendants), so written as numbers: a SUM would count twice.
        for index, year in enumerate(years):
            money = item.years.get(year) or Money3()
            for offset, kind in enumerate(_MONEY_KINDS):
                worksheet.write_number(row, money_col + 3 * index + offset, float(getattr(money, kind)), amount)
        total = _total(item.years, years)
        for offset, kind in enumerate(_MONEY_KINDS):
            worksheet.write_number(row, rate_col - 3 + offset, float(getattr(total, kind)), amount)
        write_value(worksheet, row, rate_col, "decimal", _rate(total), formats.cell("decimal"))
    worksheet.autofilter(header, 0, max(row, header), rate_col)
    _set_print_layout(worksheet, meta, heading, top, header, _ITEM_WIDTHS, max(row, header), repeat=2)
