"""The 汇总 sheet at the front of plan.xlsx and of a department's tasks.xlsx: read back with openpyxl, its figures
are plan_summary's for the same scope, and it ends with the lines an office signs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import TODAY
from tests.exports.helpers import open_workbook
from tracker.dashboard.summary import plan_summary
from tracker.updates.models import StatusUpdate

STATUS_HEADERS = ["任务数", "未启动", "进行中", "有风险", "滞后", "已完成", "暂停", "逾期", "久未更新"]
STATUSES = ("not_started", "in_progress", "at_risk", "delayed", "completed", "suspended")


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return open_workbook(response.data)


def _table(sheet, heading: str) -> tuple[list, list[list]]:
    """The header and the rows of the table under `heading`, up to the blank row after it."""
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    start = next(n for n, row in enumerate(values) if row[0] == heading)
    rows = []
    for row in values[start + 2 :]:
        if row[0] is None:
            break
        rows.append(row)
    return values[start + 1], rows


def _counts_row(label: str, counts) -> list:
    return [label, counts.items, *(counts.by_status[status] for status in STATUSES), counts.overdue, counts.stale]


def _figures(sheet, summary) -> None:
    header, rows = _table(sheet, "一、任务进展（按牵头部门）")
    assert header[:10] == ["牵头部门", *STATUS_HEADERS]
    assert [row[:10] for row in rows] == [
        *(_counts_row(group.label, group.counts) for group in summary.by_department),
        _counts_row("合计", summary.total),
    ]
    header, rows = _table(sheet, "二、任务进展（按章节）")
    assert header == ["章节", *STATUS_HEADERS, "进度（%）"]
    assert rows == [
        *([*_counts_row(group.label, group.counts), float(group.progress)] for group in summary.by_chapter),
        [*_counts_row("合计", summary.total), None],
    ]
    header, rows = _table(sheet, "三、资金执行情况（万元）")
    assert header[:5] == ["部门", "批复金额（万元）", "下达金额（万元）", "支出金额（万元）", "执行率（%）"]
    expected = [(group.label, group.budget) for group in summary.budget_by_department] + [
        ("合计", summary.budget_total)
    ]
    assert [row[:5] for row in rows] == [
        [
            label,
            float(money.approved),
            float(money.allocated),
            float(money.spent),
            None if money.execution_rate is None else float(money.execution_rate),
        ]
        for label, money in expected
    ]
    header, rows = _table(sheet, "四、指标完成情况")
    assert header[:6] == ["范围", "指标数", "已达标", "符合进度", "落后于进度", "暂无数据"]
    keys = ("all", "reached", "on_track", "off_track", "no_data")
    assert [row[1:6] for row in rows] == [[summary.indicators[key] for key in keys]]


def _signatures(sheet) -> dict[str, str | None]:
    lines = {}
    for row in sheet.iter_rows(values_only=True):
        if row[0] in ("填报单位：", "填报人：", "审核人：", "日期："):
            lines[row[0]] = row[1]
    return lines


@pytest.fixture
def indicators(export_plan, make, session):
    """Two indicators: department A's keeps pace, department B's has no value yet."""
    p = export_plan
    kept = make.indicator(
        p.plan, responsible_department=p.dept_a, baseline_year=2010, baseline_value=Decimal(100), target_year=2015
    )
    make.indicator_value(kept, 2012, "200")
    make.indicator(p.plan, responsible_department=p.dept_b)
    session.commit()


def test_the_plan_workbook_opens_on_the_whole_plans_summary(client_for, export_plan, indicators, app):
    p = export_plan
    workbook = _get(client_for(p.viewer), "/export/plan.xlsx")
    assert workbook.sheetnames[0] == "汇总"
    sheet = workbook["汇总"]
    assert sheet.cell(row=1, column=1).value == f"{p.plan.title} · 汇总"
    summary = plan_summary(p.plan.id, TODAY, app.config["TRACKER_STALE_DAYS"])
    assert summary.total.items == 7 and summary.budget_total.spent == Decimal("110.50")
    assert summary.indicators["all"] == 2
    _figures(sheet, summary)
    # Nobody's unit is printed for the whole plan: the office writes its own by hand.
    blanks = {"填报单位：": None, "填报人：": None, "审核人：": None}
    assert _signatures(sheet) == {**blanks, "日期：": "　　　　年　　月　　日"}


def test_a_departments_export_carries_its_own_summary_and_its_name_as_the_unit(
    client_for, export_plan, indicators, app
):
    p = export_plan
    workbook = _get(client_for(p.lead_b), f"/export/tasks.xlsx?department={p.dept_a.id}")
    assert workbook.sheetnames == ["汇总", "任务清单", "进展记录", "_tracker"]
    sheet = workbook["汇总"]
    summary = plan_summary(p.plan.id, TODAY, app.config["TRACKER_STALE_DAYS"], p.dept_a.id)
    # Department A leads task1 and sub2 and supports sub1 (led by B); only its own project's budget.
    assert summary.total.items == 3 and [g.label for g in summary.by_department] == ["市经信委", "市发改委"]
    assert summary.budget_total.approved == Decimal(30) and summary.indicators["all"] == 1
    _figures(sheet, summary)
    assert _signatures(sheet)["填报单位："] == p.dept_a.name


@pytest.mark.parametrize(
    "query",
    ["", "status=delayed", "department={a}&status=delayed", "department={a}&lead=1", "department={a}&q=网站"],
)
def test_only_a_departments_filing_gets_the_office_sheets(client_for, export_plan, query):
    p = export_plan
    workbook = _get(client_for(p.viewer), "/export/tasks.xlsx?" + query.format(a=p.dept_a.id))
    assert workbook.sheetnames == ["任务清单", "_tracker"]


def test_a_departments_sort_order_still_makes_a_filing(client_for, export_plan):
    p = export_plan
    workbook = _get(client_for(p.viewer), f"/export/tasks.xlsx?department={p.dept_b.id}&sort=due")
    assert workbook.sheetnames == ["汇总", "任务清单", "进展记录", "_tracker"]


def test_the_summary_prints_on_a4_landscape_with_page_numbers(client_for, export_plan):
    sheet = _get(client_for(export_plan.viewer), "/export/plan.xlsx")["汇总"]
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    assert "第 &P 页 共 &N 页" in sheet.oddFooter.center.text
    assert sheet.oddHeader.center.text == "汇总"


def test_a_departments_names_stay_text(client_for, export_plan, session):
    """A department named like a formula stays text in the sheet (the safe writer), as its unit line too."""
    p = export_plan
    p.dept_a.name = "=HYPERLINK(1)"
    session.commit()
    sheet = _get(client_for(p.viewer), f"/export/tasks.xlsx?department={p.dept_a.id}")["汇总"]
    assert _signatures(sheet)["填报单位："] == "'=HYPERLINK(1)"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_drafts_do_not_count_anywhere(client_for, export_plan, session):
    """The summary counts items, not reports: a draft changes nothing in it (its subject has not moved)."""
    p = export_plan
    before = [[c.value for c in row] for row in _get(client_for(p.viewer), "/export/plan.xlsx")["汇总"].iter_rows()]
    session.add(
        StatusUpdate(
            work_item=p.sub3,
            author=p.member_b,
            status_before="in_progress",
            status_after="completed",
            progress_before=30,
            progress_after=100,
            sign_off="pending",
        )
    )
    session.commit()
    after = [[c.value for c in row] for row in _get(client_for(p.viewer), "/export/plan.xlsx")["汇总"].iter_rows()]
    assert after[3:] == before[3:]  # below the export time
