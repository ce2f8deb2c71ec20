"""The plan workbook: every sheet, budgets with subtotals per department and per task, the indicator register,
the review queue as the user may read it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.conftest import TODAY
from tests.exports.helpers import PLAN_SHEETS, open_workbook, task_table


def _workbook(client, **kwargs):
    response = client.get("/export/plan.xlsx")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="plan-workbook-hz-12th-test-2013-06-15.xlsx"')
    return open_workbook(response.data, **kwargs)


def _rows(sheet, header_text: str):
    """(header row number, data rows as lists of values) of a sheet whose header row starts with `header_text`."""
    header = next(r for r in range(1, 30) if sheet.cell(row=r, column=1).value == header_text)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header + 1)]
    return header, rows


def test_every_sheet_is_there_and_the_marker_last(client_for, export_plan):
    workbook = _workbook(client_for(export_plan.viewer))
    assert workbook.sheetnames == PLAN_SHEETS
    assert workbook["_tracker"].sheet_state == "veryHidden"
    # The whole plan, unfiltered, importable like the filtered list.
    assert task_table(workbook).ids() == [
        i.id
        for i in (
            export_plan.root,
            export_plan.task1,
            export_plan.sub1,
            export_plan.sub2,
            export_plan.task2,
            export_plan.sub3,
            export_plan.sub4,
        )
    ]


def test_projects_by_department_with_subtotal_formulas_and_cached_values(client_for, export_plan, make):
    p = export_plan
    extra = make.project(
        p.sub3, p.dept_b, name="龙头企业培育工程", status="delayed", progress=5, due_date=date(2013, 3, 1)
    )
    make.budget(extra, 2013, approved="12.34", allocated="10", spent="1")
    client = client_for(p.viewer)
    values = _workbook(client, data_only=True)["项目预算"]
    formulas = _workbook(client)["项目预算"]
    header, rows = _rows(values, "部门 / 项目")
    names = [row[0] for row in rows]
    assert names == [
        "杭州市经济和信息化委员会",
        "门户网站改版",
        "杭州市发展和改革委员会",
        "软件园公共服务平台",
        "龙头企业培育工程",
        "合计",
    ]

    # Columns: 8 descriptive, then per year 2011..2015 (approved, allocated, spent), then the totals and the rate.
    def money(row, year, kind):
        return row[8 + 3 * (year - 2011) + ("approved", "allocated", "spent").index(kind)]

    b_group, software, total = rows[2], rows[3], rows[5]
    assert money(software, 2011, "approved") == 100 and money(software, 2012, "spent") == 20
    assert money(b_group, 2011, "spent") == pytest.approx(60.5)
    assert money(b_group, 2013, "approved") == pytest.approx(12.34)
    assert money(total, 2012, "approved") == 80  # 30 (A) + 50 (B)
    assert total[23:26] == [pytest.approx(192.34), pytest.approx(170), pytest.approx(111.5)]
    assert software[26] == pytest.approx(round(80.5 / 130 * 100, 1))
    # Real formulas over cell ranges we laid out; the grand total's SUBTOTAL skips the department subtotals.
    first = header + 1
    b_row = first + 2
    assert formulas.cell(row=b_row, column=9).value == f"=SUBTOTAL(9,I{b_row + 1}:I{b_row + 2})"
    assert formulas.cell(row=first + 5, column=9).value == f"=SUBTOTAL(9,I{first}:I{first + 4})"
    assert formulas.cell(row=b_row, column=24).value == f"=SUBTOTAL(9,X{b_row + 1}:X{b_row + 2})"
    assert formulas.cell(row=b_row + 1, column=24).value == 150  # a project's own totals are plain numbers
    assert values.row_dimensions[b_row + 1].outline_level == 1 and values.row_dimensions[b_row].outline_level == 0
    # The overdue project is highlighted.
    assert formulas.cell(row=b_row + 2, column=1).fill.fgColor.rgb.endswith("FCE4E4")
    # Only our own formulas: no project or department text is ever one.
    for row in formulas.iter_rows(min_row=header + 1):
        for cell in row:
            if cell.data_type == "f":
                assert cell.column > 8 and cell.value.startswith(("=SUBTOTAL(9,", "=IF("))


def test_budgets_per_task_roll_up_the_subtree_in_plan_order(client_for, export_plan):
    p = export_plan
    _header, rows = _rows(_workbook(client_for(p.viewer))["预算按任务"], "编号")
    assert [row[0] for row in rows] == ["三、", "三、1.", "三、1.〔2〕", "三、2."]
    root = rows[0]
    assert root[3:6] == [100, 80, pytest.approx(60.5)]  # 2011: the software park only
    assert root[18:21] == [180, 160, pytest.approx(110.5)]  # every year, both projects
    assert root[21] == pytest.approx(69.1)


def test_indicator_register_with_latest_value_and_track(client_for, export_plan, session, make):
    p = export_plan
    indicator = make.indicator(
        p.plan,
        code="G1",
        name="电子政务覆盖率",
        unit="%",
        baseline_year=2010,
        baseline_value=Decimal("60"),
        target_year=2015,
        target_value="90",
        comparator="ge",
        responsible_department=p.dept_a,
        goal_item=p.task1,
    )
    make.indicator_value(indicator, 2012, "66", source="统计年鉴")
    session.commit()
    _header, rows = _rows(_workbook(client_for(p.viewer))["指标"], "代码")
    row = rows[0]
    assert row[:11] == ["G1", "电子政务覆盖率", "%", 2010, 60, 2015, "≥", 90, 2012, 66, 20]
    assert row[11] == "落后于进度"  # 2012 expects 72 on the straight line from 60 (2010) to 90 (2015)
    assert row[12:15] == ["市经信委", "信息办已确认", "1. 推进电子政务建设"]
    assert row[15] in ("", None)  # the table and the text do not disagree about it


def test_review_queue_sheet_lists_overdue_and_silent_work_with_days_and_reason(client_for, export_plan, make):
    p = export_plan
    project = make.project(
        p.sub3,
        p.dept_b,
        name="龙头企业培育工程",
        status="delayed",
        progress=5,
        due_date=date(2013, 3, 1),
        last_update_at=datetime(2013, 6, 1),
    )
    _header, rows = _rows(_workbook(client_for(p.viewer))["督办清单"], "类型")
    titles = [row[2] for row in rows]
    assert titles[:2] == ["推进电子政务建设", "龙头企业培育工程"]  # overdue first, longest overdue at the top
    assert set(titles) == {"推进电子政务建设", "龙头企业培育工程", "主要任务"}  # the root is stale only
    task_row = rows[0]
    assert task_row[3] == p.dept_a.name and task_row[7] == datetime(2013, 1, 31)
    assert task_row[8] == (TODAY - date(2013, 1, 31)).days
    assert rows[1][8] == (TODAY - project.due_date).days


def test_review_queue_sheet_says_which_work_is_behind_its_yearly_milestone(client_for, export_plan, make, session):
    p = export_plan
    # sub1 of the fixture: delayed, 20 %, reported on 2013-06-10 (not stale), due 2014: in the queue only as behind.
    make.milestone(p.sub1, 2012, 30)
    make.milestone(p.sub1, 2013, 60)
    session.flush()
    sheet = _workbook(client_for(p.viewer))["督办清单"]
    header, rows = _rows(sheet, "类型")
    column = [cell.value for cell in sheet[header]].index("落后年度目标")
    row = next(row for row in rows if row[2] == "建设政务云平台")
    expected = (30 * 365 + 30 * 166) // 365  # 2013-06-15 is day 166: 43 % expected
    assert row[column] == f"应达 {expected}%，实际 20%"
    assert all(not other[column] for other in rows if other is not row)
    assert sheet.oddHeader.center.text == "督办清单（逾期、落后年度目标或久未更新）"


def test_leads_get_the_whole_queue_as_the_queue_page_shows_it(client_for, export_plan):
    p = export_plan
    _header, lead_rows = _rows(_workbook(client_for(p.lead_b))["督办清单"], "类型")
    _header, viewer_rows = _rows(_workbook(client_for(p.viewer))["督办清单"], "类型")
    assert lead_rows == viewer_rows
    assert "推进电子政务建设" in [row[2] for row in lead_rows]  # department A's item, seen by B's lead


def test_workbook_statement_count_does_not_grow_with_the_plan(client_for, export_plan, make, session, count_statements):
    p = export_plan
    client = client_for(p.viewer)

    def exported() -> int:
        session.expire_all()
        with count_statements() as counter:
            client.get("/export/plan.xlsx")
        return counter.count

    client.get("/export/plan.xlsx")  # the first export ever also creates the installation's key
    small = exported()
    for n in range(20):
        item = make.item(p.plan, p.task2, lead_department=p.dept_a, due_date=date(2013, 1, 1), status="in_progress")
        project = make.project(item, p.dept_a if n % 2 else p.dept_b)
        make.budget(project, 2011 + n % 5, approved="1")
        make.status_update(item, p.lead_a, note=f"进展{n}")  # the 进展记录 sheet grows with them
        make.status_update(project, p.lead_b, note=f"项目进展{n}")
    session.commit()
    assert exported() == small
