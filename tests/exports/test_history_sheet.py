"""The 进展记录 sheet of plan.xlsx and of a department's tasks.xlsx: every status update that took effect on the
scope's items and projects, in posting order, in local time; drafts, returned reports, retired subjects and (in
a department's file) other departments' work left out."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.exports.helpers import open_workbook
from tracker.updates.models import StatusUpdate

HEADER = [
    "报送时间",
    "事项",
    "报送人",
    "状态变化",
    "进度变化（%）",
    "进展说明",
    "滞后原因",
    "整改措施",
    "预计完成日期",
]
BEIJING = timedelta(hours=8)


def _history(client, url: str) -> list[list]:
    response = client.get(url)
    assert response.status_code == 200
    sheet = open_workbook(response.data)["进展记录"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values.index(HEADER)
    return values[header + 1 :]


def _post(session, subject, author, moment: datetime, note: str, **kw) -> StatusUpdate:
    subject_columns = {"project": subject} if hasattr(subject, "fund_source") else {"work_item": subject}
    update = StatusUpdate(
        **subject_columns,
        author=author,
        created_at=moment,
        status_before=kw.pop("status_before", "in_progress"),
        status_after=kw.pop("status_after", "at_risk"),
        progress_before=kw.pop("progress_before", 10),
        progress_after=kw.pop("progress_after", 20),
        note=note,
        **kw,
    )
    session.add(update)
    return update


@pytest.fixture
def reports(export_plan, make, session):
    """Reports on both departments' items and projects, posted out of insertion order, with a draft, a returned
    report and a report on an item retired since."""
    p = export_plan
    retired = make.item(p.plan, p.task2, title="已撤销事项", lead_department=p.dept_a, retired=True)
    _post(session, p.sub2, p.lead_a, datetime(2013, 6, 12, 1, 0), "门户上线", status_after="completed")
    _post(session, p.other_project, p.lead_a, datetime(2013, 5, 2, 16, 30), "=改版启动")
    _post(session, p.project, p.lead_b, datetime(2013, 6, 11, 0, 0), "平台招标")
    _post(session, p.sub4, p.member_b, datetime(2013, 6, 13), "草稿", sign_off="pending")
    _post(session, p.sub3, p.member_b, datetime(2013, 6, 13), "退回", sign_off="returned")
    _post(session, retired, p.lead_a, datetime(2013, 6, 1), "撤销前的报告")
    session.commit()
    return p


def _row(moment: datetime, subject: str, author: str, before: str, after: str, progress: tuple, note: str, **kw):
    return [
        moment + BEIJING,
        subject,
        author,
        f"{before} → {after}",
        "{} → {}".format(*progress),
        note,
        kw.get("reason"),
        kw.get("remedy"),
        kw.get("expected"),
    ]


def _expected(p) -> dict[str, list]:
    return {
        "other_project": _row(
            datetime(2013, 5, 2, 16, 30), "门户网站改版", "王科长", "进行中", "有风险", (10, 20), "'=改版启动"
        ),
        "sub1": _row(
            datetime(2013, 6, 10, 2, 30),
            "三、1.〔1〕 建设政务云平台",
            "李处长",
            "进行中",
            "滞后",
            (15, 20),
            "招标延后",
            reason="招标文件审核延期",
            remedy="加快审核流程",
            expected=datetime(2013, 12, 31),
        ),
        "project": _row(
            datetime(2013, 6, 11), "软件园公共服务平台", "李处长", "进行中", "有风险", (10, 20), "平台招标"
        ),
        "sub2": _row(
            datetime(2013, 6, 12, 1), "三、1.〔2〕 完善门户网站", "王科长", "进行中", "已完成", (10, 20), "门户上线"
        ),
    }


def test_the_plan_workbook_lists_every_report_that_took_effect_in_posting_order(client_for, reports):
    rows = _history(client_for(reports.viewer), "/export/plan.xlsx")
    expected = _expected(reports)
    assert rows == [expected[key] for key in ("other_project", "sub1", "project", "sub2")]


def test_a_departments_file_lists_its_items_supported_ones_and_its_projects_only(client_for, reports):
    p = reports
    rows_a = _history(client_for(p.viewer), f"/export/tasks.xlsx?department={p.dept_a.id}")
    expected = _expected(p)
    # sub1 is led by B and supported by A: in both departments' files; each project in its own department's only.
    assert rows_a == [expected[key] for key in ("other_project", "sub1", "sub2")]
    rows_b = _history(client_for(p.viewer), f"/export/tasks.xlsx?department={p.dept_b.id}")
    assert rows_b == [expected[key] for key in ("sub1", "project")]


def test_reports_posted_at_the_same_moment_keep_their_posting_order(client_for, export_plan, session):
    p = export_plan
    moment = datetime(2013, 6, 14, 3)
    for n in range(3):
        _post(session, p.task2, p.lead_b, moment, f"同一时刻{n}")
    session.commit()
    notes = [row[5] for row in _history(client_for(p.viewer), "/export/plan.xlsx")]
    assert notes[-3:] == ["同一时刻0", "同一时刻1", "同一时刻2"]


def test_an_empty_history_is_a_header_without_rows(client_for, make):
    plan = make.plan()
    viewer = make.user("viewer")
    make.item(plan, title="唯一任务")
    make.session.commit()
    assert _history(client_for(viewer), "/export/plan.xlsx") == []


def test_the_history_prints_on_a4_landscape_with_its_header_on_every_page(client_for, export_plan):
    response = client_for(export_plan.viewer).get("/export/plan.xlsx")
    sheet = open_workbook(response.data)["进展记录"]
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "报送时间")
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.cell(row=header_row + 1, column=1).is_date
    assert sheet.cell(row=header_row + 1, column=9).value is None or sheet.cell(row=header_row + 1, column=9).is_date
    assert date(2013, 6, 10) == sheet.cell(row=header_row + 1, column=1).value.date()


def test_a_failure_while_the_history_is_written_leaves_the_database_usable(client_for, reports, monkeypatch):
    """A failure half-way through the history: a 500, and the next export works (run with --db= for the servers,
    whose server-side cursor the sheet's writer closes itself rather than leaving it to the garbage collector)."""
    from tracker.exports.sheets import history as history_sheet

    written = []

    def failing(row):
        written.append(row)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        return real(row)

    real = history_sheet._values
    monkeypatch.setattr(history_sheet, "_values", failing)
    client = client_for(reports.viewer)
    assert client.get("/export/plan.xlsx").status_code == 500
    monkeypatch.setattr(history_sheet, "_values", real)
    assert len(_history(client, "/export/plan.xlsx")) == 4
