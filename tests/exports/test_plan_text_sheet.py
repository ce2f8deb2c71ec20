"""Issue 9 review: the background was "stored but shown … in no export". The plan workbook has a sheet 规划原文:
the preamble and every part of the plan in document order (contexts and work items), each with its marker as shown
(an added number in 〔 〕), title and text, and for a work item its kind and its number as the task sheet shows it;
wrapped and printable. The import never reads it: an untouched plan.xlsx re-imports as nothing to do."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.exports.helpers import PLAN_SHEETS, open_workbook, saved, task_table
from tests.exports.test_import import _batch_id, upload
from tests.seed.conftest import SEED_DIR
from tracker.documents.plan_page import plan_document
from tracker.exports.models import ImportBatch
from tracker.extensions import db
from tracker.plan.models import Plan, PlanContext, WorkItem
from tracker.seeding.loader import load_seed_dir
from tracker.updates.models import StatusUpdate

SHEET = "规划原文"
HEADER = ["编号", "标题", "正文", "工作项类型", "任务清单编号"]


def _workbook(client):
    response = client.get("/export/plan.xlsx")
    assert response.status_code == 200
    return open_workbook(response.data)


def _table(sheet) -> tuple[int, list[list]]:
    """(header row number, data rows as lists of values, None read as "")."""
    header = next(r for r in range(1, 30) if sheet.cell(row=r, column=1).value == HEADER[0])
    assert [cell.value for cell in sheet[header]] == HEADER
    rows = [[value or "" for value in row] for row in sheet.iter_rows(min_row=header + 1, values_only=True)]
    return header, rows


def _with_background(make, p):
    """The export plan with the parts a document has around its items: a preamble, a background chapter whose
    number the tracker added, a box after the tasks, and a retired item (never shown)."""
    p.plan.preamble = "“十二五”时期是关键时期。\n本规划是行动纲领。"
    chapter = make.plan_context(
        p.plan, kind="heading", outline_no="一、", outline_added=True, title="发展趋势", sort_order=0
    )
    make.plan_context(
        p.plan, kind="trend", parent_id=chapter.id, outline_no="1.", title="信息技术孕育着新的重大突破",
        body="信息技术孕育着新的重大突破。=SUM(A1:A3) 不是公式。", sort_order=1,
    )  # fmt: skip
    # After the tasks, whose sort orders come from the factories' session-wide counter (past 10,000 in a full run).
    make.plan_context(
        p.plan, kind="box", work_item_id=p.root.id, outline_no="专栏3", title="重点建设平台",
        sort_order=p.task2.sort_order + 1,
    )  # fmt: skip
    make.item(p.plan, p.task2, kind="subtask", outline_no="(3)", title="已撤销的段落", retired=True)
    make.session.flush()


def test_the_sheet_reads_the_plan_in_document_order(client_for, export_plan, make):
    p = export_plan
    _with_background(make, p)
    workbook = _workbook(client_for(p.viewer))
    assert workbook.sheetnames == PLAN_SHEETS
    sheet = workbook[SHEET]
    assert sheet.cell(row=1, column=1).value == f"{p.plan.title} · 规划原文"
    _header, rows = _table(sheet)
    assert rows == [
        ["", "前言", "“十二五”时期是关键时期。\n本规划是行动纲领。", "", ""],
        ["〔一〕", "发展趋势", "", "", ""],
        ["1.", "信息技术孕育着新的重大突破", "信息技术孕育着新的重大突破。=SUM(A1:A3) 不是公式。", "", ""],
        ["三、", "主要任务", "", "章节", "三、"],
        ["1.", "推进电子政务建设", "", "主要任务", "三、1."],
        ["〔1〕", "建设政务云平台", "", "子任务", "三、1.〔1〕"],
        ["〔2〕", "完善门户网站", "", "子任务", "三、1.〔2〕"],
        ["2.", "发展信息产业", "", "主要任务", "三、2."],
        ["〔1〕", "建设软件园", "", "子任务", "三、2.〔1〕"],
        ["〔2〕", "培育龙头企业", "", "子任务", "三、2.〔2〕"],
        ["专栏3", "重点建设平台", "", "", ""],
    ]
    # Each work item's number is the one its row in the task sheet carries.
    tasks = task_table(workbook)
    task_numbers = {tasks.value(row, "outline") for row in tasks.rows}
    assert {row[4] for row in rows if row[4]} == task_numbers
    # Text never becomes a formula, and the sheet says what the brackets mean.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "〔 〕内的编号为系统添加，非规划原文" in [sheet.cell(row=r, column=1).value for r in range(1, 6)]


def test_the_sheet_prints_wrapped_in_widths_for_chinese(client_for, export_plan, make):
    p = export_plan
    _with_background(make, p)
    sheet = _workbook(client_for(p.viewer))[SHEET]
    header, rows = _table(sheet)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDE"]
    assert widths[2] >= 60 and widths[1] >= 24 and all(width >= 8 for width in widths)  # 正文 ≈ 30+ characters a line
    for row in range(header + 1, header + 1 + len(rows)):
        assert sheet.cell(row=row, column=2).alignment.wrap_text and sheet.cell(row=row, column=3).alignment.wrap_text
        assert sheet.cell(row=row, column=3).alignment.vertical == "top"
    # Deeper parts are indented under their parents.
    assert sheet.cell(row=header + 3, column=2).alignment.indent > sheet.cell(row=header + 2, column=2).alignment.indent
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == f"${header}:${header}"  # the header on every printed page
    assert sheet.freeze_panes == f"C{header + 1}"


def test_a_wrapped_paragraph_gets_the_height_of_its_lines(client_for, make, session):
    """LibreOffice keeps a row whose height the file does not set at one line: without a height, the seeded
    plan's paragraphs printed over each other (seen converting plan.xlsx to PDF)."""
    load_seed_dir(SEED_DIR)
    sheet = _workbook(client_for(make.user(role="viewer")))[SHEET]
    header, rows = _table(sheet)
    heights = {row[1]: sheet.row_dimensions[header + 1 + index].height for index, row in enumerate(rows)}
    # 35 Chinese characters fill a line of the 正文 column: a paragraph of ~300 needs about 9 lines of 15 points.
    assert heights["信息技术孕育着新的重大突破"] >= 8 * 15
    assert heights["发展趋势"] is None  # a heading without text keeps the default single line
    assert max(height or 0 for height in heights.values()) <= 409  # Excel's limit for a row


def test_the_seeded_plan_whole_in_the_order_of_the_plan_page(client_for, make, session):
    load_seed_dir(SEED_DIR)
    plan = session.scalars(select(Plan)).one()
    _header, rows = _table(_workbook(client_for(make.user(role="viewer")))[SHEET])
    document = plan_document(plan)
    assert [row[:2] for row in rows] == [["", "前言"]] + [[part.outline, part.title] for part in document.walk()]
    contexts = session.scalar(select(func.count()).select_from(PlanContext).where(PlanContext.plan_id == plan.id))
    items = session.scalar(select(func.count()).select_from(WorkItem).where(WorkItem.plan_id == plan.id))
    assert len(rows) == 1 + contexts + items
    # The background the issue names: trends, the 十一五 results and the main problems, with their text.
    titles = {row[1]: row for row in rows}
    assert titles["缺乏有效的统计与绩效评估体系"][2]
    assert titles["开展“两化”融合区域示范"][:2] == ["〔1〕", "开展“两化”融合区域示范"]
    assert titles["开展“两化”融合区域示范"][3:] == ["子任务", "三、(一)1.〔1〕"]
    assert titles["RFID研发应用平台"][0] == "●" and titles["RFID研发应用平台"][3] == "重点平台"


def test_an_untouched_plan_workbook_reimports_as_nothing_to_do(client_for, export_plan, make):
    p = export_plan
    _with_background(make, p)
    client = client_for(p.lead_b)
    exported = _workbook(client)
    # Even an edited 规划原文 sheet is not read: only the task sheet is.
    sheet = exported[SHEET]
    header, _rows = _table(sheet)
    sheet.cell(row=header + 4, column=2).value = "改过的标题"
    sheet.cell(row=header + 4, column=3).value = "进度 100"
    updates = db.session.scalar(select(func.count()).select_from(StatusUpdate))
    batch_id = _batch_id(upload(client, saved(exported), "规划汇总.xlsx"))
    assert db.session.get(ImportBatch, batch_id).state == "nothing"
    assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == updates
    assert db.session.get(WorkItem, p.root.id).title == "主要任务"


def test_statement_count_does_not_grow_with_the_document(client_for, export_plan, make, session, count_statements):
    p = export_plan
    client = client_for(p.viewer)

    def exported() -> int:
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/export/plan.xlsx").status_code == 200
        return counter.count

    client.get("/export/plan.xlsx")  # the first export ever also creates the installation's key
    _with_background(make, p)
    session.commit()
    small = exported()
    for n in range(15):
        heading = make.plan_context(p.plan, kind="heading", title=f"背景{n}", sort_order=-n)
        make.plan_context(p.plan, kind="trend", parent_id=heading.id, title=f"趋势{n}", body="正文")
        make.plan_context(p.plan, kind="box_entry", work_item_id=p.task1.id, title=f"条目{n}")
        make.item(p.plan, p.task2, kind="subtask", title=f"段落{n}")
    session.commit()
    assert exported() == small
