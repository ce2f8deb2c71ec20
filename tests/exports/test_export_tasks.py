"""The task list export read back with openpyxl: the tree page's rows in its order, outline levels, typed cells,
formats, the title block, the hidden columns and marker, safe text, headers per language, the file name."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import xlsxwriter

from tests.conftest import TODAY
from tests.exports.helpers import open_workbook, page_ids, task_table
from tracker.exports import workbook as workbook_module
from tracker.exports.cells import TRUNCATION_MARK
from tracker.exports.columns import COLUMN_INDEX, TASK_COLUMNS
from tracker.updates.models import StatusUpdate


@pytest.fixture
def viewer_client(client_for, export_plan):
    return client_for(export_plan.viewer)


def _export(client, query: str = "") -> bytes:
    response = client.get("/export/tasks.xlsx" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response.data


def test_rows_come_in_plan_order_with_outline_numbers_levels_and_indentation(viewer_client, export_plan):
    p = export_plan
    table = task_table(open_workbook(_export(viewer_client)))
    expected = [p.root, p.task1, p.sub1, p.sub2, p.task2, p.sub3, p.sub4]
    assert table.ids() == [item.id for item in expected]
    assert [table.value(r, "outline") for r in table.rows] == [
        "三、",
        "三、1.",
        "三、1.〔1〕",
        "三、1.〔2〕",
        "三、2.",
        "三、2.〔1〕",
        "三、2.〔2〕",
    ]
    depths = [0, 1, 2, 2, 1, 2, 2]
    assert [table.sheet.row_dimensions[r].outline_level for r in table.rows] == depths
    assert [table.cell(r, "title").alignment.indent for r in table.rows] == depths
    # Summary rows above their details, so a folded level keeps its parent row.
    assert table.sheet.sheet_properties.outlinePr.summaryBelow is False
    assert not any(table.sheet.row_dimensions[r].hidden for r in table.rows)


def test_cells_are_real_dates_and_numbers_with_formats(viewer_client, export_plan):
    p = export_plan
    table = task_table(open_workbook(_export(viewer_client)))
    row = table.row_of(p.sub1.id)
    due = table.cell(row, "due")
    assert due.value == datetime(2014, 6, 30) and due.is_date and due.number_format == "yyyy-mm-dd"
    assert table.value(row, "start") == datetime(2012, 1, 1)
    assert table.value(row, "expected_completion") == datetime(2013, 12, 31)
    # The newest report's time in Beijing time (stored 02:30 UTC).
    last = table.cell(row, "last_update")
    assert last.value == datetime(2013, 6, 10, 10, 30) and last.number_format == "yyyy-mm-dd hh:mm"
    progress = table.cell(row, "progress")
    assert progress.value == 20 and progress.data_type == "n" and progress.number_format == "0"
    assert table.cell(row, "status").value == "滞后"
    assert table.value(row, "supporting") == "市经信委"
    task2 = table.row_of(p.task2.id)
    assert table.value(task2, "progress") == 50  # the item's own reported progress (what an import changes)
    assert table.value(task2, "rollup") == 20  # the page's figure: rolled up from the children (30 and 10)
    approved = table.cell(task2, "approved")
    assert approved.value == 150 and approved.data_type == "n" and approved.number_format == "#,##0.00"
    assert table.value(task2, "spent") == pytest.approx(80.5)
    task1 = table.row_of(p.task1.id)
    assert table.value(task1, "days_overdue") == (TODAY - date(2013, 1, 31)).days
    assert table.value(task1, "flags") == "逾期、久未更新"


def test_overdue_rows_are_filled_and_context_rows_greyed(viewer_client, export_plan):
    p = export_plan
    table = task_table(open_workbook(_export(viewer_client)))
    fill = table.cell(table.row_of(p.task1.id), "title").fill.fgColor.rgb
    assert fill.endswith("FCE4E4")
    assert table.cell(table.row_of(p.task1.id), "due").fill.fgColor.rgb == fill  # the whole row, dates included
    assert table.cell(table.row_of(p.task2.id), "title").fill.fgColor.rgb != fill
    # Filtered: the ancestors shown for context are grey and italic, as the page greys them.
    table = task_table(open_workbook(_export(viewer_client, "status=delayed")))
    assert table.ids() == [p.root.id, p.task1.id, p.sub1.id]
    assert table.cell(table.row_of(p.root.id), "title").font.i is True
    assert not table.cell(table.row_of(p.sub1.id), "title").font.i


def test_header_is_frozen_filtered_and_sized_with_hidden_key_columns(viewer_client, export_plan):
    table = task_table(open_workbook(_export(viewer_client)))
    sheet = table.sheet
    assert sheet.freeze_panes == f"C{table.header_row + 1}"
    last_col = sheet.cell(row=1, column=len(TASK_COLUMNS)).column_letter
    assert sheet.auto_filter.ref == f"A{table.header_row}:{last_col}{table.rows[-1]}"
    assert sheet.column_dimensions["B"].width == pytest.approx(30, abs=1)
    hidden = {
        column.key
        for column in TASK_COLUMNS
        if sheet.column_dimensions[sheet.cell(row=1, column=COLUMN_INDEX[column.key] + 1).column_letter].hidden
    }
    assert hidden == {"id", "version", "check"}
    assert [sheet.cell(row=table.header_row, column=i + 1).value for i in range(4)] == [
        "编号",
        "任务",
        "状态",
        "进度（%）",
    ]


def test_title_block_names_plan_time_filters_and_exporter(viewer_client, export_plan):
    p = export_plan
    sheet = task_table(open_workbook(_export(viewer_client, f"status=delayed&department={p.dept_b.id}&q=云"))).sheet
    lines = [sheet.cell(row=r, column=1).value for r in range(1, 7)]
    assert lines[0] == "杭州市“十二五”信息化发展规划 · 任务清单"
    assert lines[1].startswith("导出时间：") and lines[1].endswith("（北京时间）")
    assert lines[2] == "筛选条件：搜索：云；部门：市发改委；状态：滞后"
    assert lines[3] == "导出人：钱主任"
    assert lines[4] == "显示 1 / 共 7 项 · 逾期 0 · 久未更新 0"
    assert lines[5] == "〔 〕内的编号为系统添加，非规划原文"


def test_invalid_filters_are_reported_as_ignored(viewer_client, export_plan):
    sheet = task_table(open_workbook(_export(viewer_client, "status=bogus"))).sheet
    assert sheet.cell(row=3, column=1).value == "筛选条件：已忽略：未知的状态，状态筛选已忽略。"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=delayed",
        "status=completed",
        "overdue=1",
        "on_time=1",
        "department={dept_a}&lead=1&on_time=1",
        "stale=1",
        "kind=subtask",
        "q=软件",
        "department={dept_a}",
        "department={dept_b}&status=in_progress",
        "department={dept_a}&lead=1",
        "sort=due",
        "sort=progress",
        "sort=status",
        "status=bogus&overdue=maybe",
        "q=不存在的词",
    ],
)
def test_exported_rows_equal_the_tree_page_rows_for_the_same_query(viewer_client, export_plan, query):
    query = query.format(dept_a=export_plan.dept_a.id, dept_b=export_plan.dept_b.id)
    page = viewer_client.get("/" + (f"?{query}" if query else "")).get_data(as_text=True)
    table = task_table(open_workbook(_export(viewer_client, query)))
    assert table.ids() == page_ids(page)


def test_retired_items_appear_only_when_the_page_shows_them(viewer_client, export_plan, session):
    p = export_plan
    p.sub4.retired = True
    session.commit()
    assert p.sub4.id not in task_table(open_workbook(_export(viewer_client))).ids()
    table = task_table(open_workbook(_export(viewer_client, "retired=1")))
    assert table.ids() == page_ids(viewer_client.get("/?retired=1").get_data(as_text=True))
    assert table.value(table.row_of(p.sub4.id), "flags") == "已撤销"


@pytest.mark.parametrize("role", ["admin", "office", "lead", "member", "viewer"])
def test_every_signed_in_role_may_export_the_same_rows(client_for, make, export_plan, role):
    user = make.user(role, export_plan.dept_b if role in ("lead", "member") else None)
    client = client_for(user)
    table = task_table(open_workbook(_export(client, "kind=subtask")))
    assert table.ids() == page_ids(client.get("/?kind=subtask").get_data(as_text=True))


def test_anonymous_users_are_sent_to_sign_in(client, export_plan):
    for url in ("/export/tasks.xlsx", "/export/plan.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_user_text_never_becomes_a_formula_and_bad_characters_are_removed(viewer_client, export_plan, make, session):
    p = export_plan
    titles = ["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\tx", "a\x01b\x1fc"]
    items = [make.item(p.plan, p.task2, title=title, lead_department=p.dept_b) for title in titles]
    session.add(
        StatusUpdate(
            work_item=items[0],
            author=p.lead_b,
            created_at=datetime(2013, 6, 12),
            status_before="in_progress",
            status_after="delayed",
            progress_before=0,
            progress_after=0,
            delay_reason="reason " * 5_000 + "y" * 5_000,  # 40,000 characters (MariaDB TEXT holds 64 KB)
            remedy='=HYPERLINK("http://x")',
            expected_completion=date(2013, 12, 31),
        )
    )
    session.commit()
    workbook = open_workbook(_export(viewer_client))
    table = task_table(workbook)
    written = [table.value(table.row_of(item.id), "title") for item in items]
    assert written == ["'=1+1", "'@SUM(A1)", "'+cmd|' /C calc'!A0", "'-2+3", "'\tx", "abc"]
    first = table.row_of(items[0].id)
    reason = table.value(first, "delay_reason")
    assert len(reason) == 32_767 and reason.endswith(TRUNCATION_MARK)
    assert table.value(first, "remedy") == '\'=HYPERLINK("http://x")'
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert not [cell.coordinate for cell in row if cell.data_type == "f"], sheet.title


def test_marker_sheet_is_very_hidden_and_names_the_plan(viewer_client, export_plan):
    workbook = open_workbook(_export(viewer_client))
    assert workbook.sheetnames == ["任务清单", "_tracker"]
    marker = workbook["_tracker"]
    assert marker.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in marker.iter_rows(values_only=True)}
    assert values["format"] == "plan-tracker-tasks" and values["format_version"] == "2"
    assert len(values["installation"]) == 32
    assert values["plan"] == export_plan.plan.code and values["task_sheet"] == "任务清单"


def test_download_name_is_chinese_safe_per_rfc_5987(viewer_client, export_plan):
    response = viewer_client.get("/export/tasks.xlsx")
    code = export_plan.plan.code
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="plan-tasks-{code}-2013-06-15.xlsx"; '
        f"filename*=UTF-8''%E8%A7%84%E5%88%92%E4%BB%BB%E5%8A%A1-{code}-2013-06-15.xlsx"
    )
    assert "no-store" in response.headers["Cache-Control"]
    assert int(response.headers["Content-Length"]) == len(response.data)


def test_english_users_get_english_headers(client_for, make, export_plan):
    from flask_babel import force_locale

    user = make.user("viewer", locale="en")
    workbook = open_workbook(_export(client_for(user)))
    with force_locale("en"):
        expected_headers = [str(column.label) for column in TASK_COLUMNS]
        sheet_title = str(workbook_module.task_sheet_name())
    table_sheet = workbook[sheet_title]
    header_row = next(r for r in range(1, 30) if table_sheet.cell(row=r, column=2).value == expected_headers[1])
    assert [table_sheet.cell(row=header_row, column=i + 1).value for i in range(len(TASK_COLUMNS))] == expected_headers
    assert expected_headers[1] != "任务"  # the English catalogue translates them


@pytest.mark.parametrize("filing", [False, True], ids=["whole-list", "department-filing"])
def test_statement_count_does_not_grow_with_the_plan(
    viewer_client, export_plan, make, session, count_statements, filing
):
    """The whole list, and a department's filing with its 汇总 and 进展记录 sheets."""
    p = export_plan
    query = f"department={p.dept_b.id}" if filing else ""

    def exported() -> int:
        session.expire_all()  # as in a fresh request: nothing cached from the fixture
        with count_statements() as counter:
            workbook = open_workbook(_export(viewer_client, query))
        assert ("进展记录" in workbook.sheetnames) is filing
        return counter.count

    _export(viewer_client)  # the first export ever also creates the installation's key
    small = exported()
    for n in range(30):
        item = make.item(p.plan, p.task2, lead_department=p.dept_a if n % 2 else p.dept_b)
        project = make.project(item, p.dept_b)
        make.budget(project, 2011 + n % 5, approved="1")
        for subject in (item, project):
            session.add(
                StatusUpdate(
                    **({"work_item": subject} if subject is item else {"project": subject}),
                    author=p.lead_b,
                    created_at=datetime(2013, 6, 1),
                    status_before="not_started",
                    status_after="in_progress",
                    progress_before=0,
                    progress_after=5,
                )
            )
    session.commit()
    assert exported() == small


def test_the_workbook_is_written_in_constant_memory_mode(viewer_client, export_plan, monkeypatch):
    options_seen = []

    class Spy(xlsxwriter.Workbook):
        def __init__(self, filename, options=None):
            options_seen.append(dict(options or {}))
            super().__init__(filename, options)

    monkeypatch.setattr(workbook_module.xlsxwriter, "Workbook", Spy)
    _export(viewer_client)
    viewer_client.get("/export/plan.xlsx")
    assert len(options_seen) == 2
    for options in options_seen:
        assert options["constant_memory"] is True and options["in_memory"] is False
        assert options["strings_to_formulas"] is False


def test_no_plan_means_nothing_to_export(client_for, make):
    client = client_for(make.user("viewer"))
    assert client.get("/export/tasks.xlsx").status_code == 404


def test_row_bookkeeping_stays_small_however_many_rows_are_written():
    """Constant-memory mode keeps one row of cells; StreamingWorksheet also drops each flushed row's outline
    bookkeeping, which plain XlsxWriter keeps for every row until the file is closed."""
    import io

    from tracker.exports.sheets.streaming import StreamingWorksheet

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    workbook.worksheet_class = StreamingWorksheet
    sheet = workbook.add_worksheet()
    for row in range(3000):
        sheet.set_row(row, None, None, {"level": row % 4, "hidden": False})
        sheet.write_number(row, 0, row)
    assert len(sheet.row_info) <= 2 and len(sheet.row_sizes) <= 2
    workbook.close()
    read = open_workbook(buffer.getvalue())
    levels = [read.active.row_dimensions[row + 1].outline_level for row in range(3000)]
    assert levels == [row % 4 for row in range(3000)]
    assert [read.active.cell(row=r, column=1).value for r in (1, 1500, 3000)] == [0, 1499, 2999]


def test_the_export_time_and_the_file_name_share_the_pinned_day(viewer_client, export_plan):
    response = viewer_client.get("/export/tasks.xlsx")
    disposition = response.headers["Content-Disposition"]
    assert f'filename="plan-tasks-{export_plan.plan.code}-{TODAY.isoformat()}.xlsx"' in disposition
    sheet = task_table(open_workbook(response.data)).sheet
    assert sheet.cell(row=2, column=1).value.startswith(f"导出时间：{TODAY.isoformat()} ")
    marker = {row[0]: row[1] for row in open_workbook(response.data)["_tracker"].iter_rows(values_only=True)}
    assert marker["exported_at"].startswith(TODAY.isoformat())
