"""A document that is a task table (任务分解表): its rows read as headings with their departments."""

from __future__ import annotations

from tests.documents.helpers import SAMPLES, by_title, outline, sample, task_table_docx, work_plan_docx
from tracker.documents.parsing import parse_document, parse_text
from tracker.documents.preview import build_preview
from tracker.documents.reading import read_document

LIMIT = 1024 * 1024


def test_a_tab_separated_task_table_reads_as_a_tree():
    document = parse_text(sample("task_table.txt"))
    assert outline(document.items) == [
        "一、 基础设施 [task]",
        "  1. 推进光网城市建设 [subtask]",
        "  2. 建设无线城市 [subtask]",
        "二、 智慧应用 [task]",
        "  1. 建设智慧交通 [subtask]",
        "  2. 建设智慧医疗 [subtask]",
    ]
    fibre = by_title(document, "推进光网城市建设")
    assert (fibre.lead, fibre.supporting, fibre.line) == ("市经信委", ["市建委", "市规划局"], 4)
    assert fibre.mandate == "工作内容：新建光纤到户20万户，城市家庭宽带接入能力达到50M以上。\n完成时限：2015年底"
    wireless = by_title(document, "建设无线城市")
    assert (wireless.supporting, wireless.mandate) == (["各区、县（市）政府"], "完成时限：2015年6月")
    traffic = by_title(document, "建设智慧交通")
    assert (traffic.lead, traffic.supporting) == ("市交通运输局", [])
    assert [(target.item_line, target.name) for target in document.indicators] == [
        (4, "城市家庭宽带接入能力"),
        (7, "公交到站预报覆盖率"),
    ]
    assert document.warnings == []


def test_a_word_task_table_with_merged_category_rows():
    document = parse_document(task_table_docx(), max_bytes=LIMIT)
    assert outline(document.items) == [
        "一、 网上办事 [task]",
        "  1. 建设网上办事大厅 [subtask]",
        "  2. 推行电子证照 [subtask]",
        "二、 数据共享 [task]",
        "  1. 建设数据共享平台 [subtask]",
    ]
    hall = by_title(document, "建设网上办事大厅")
    assert (hall.lead, hall.supporting) == ("市审管办", ["市经信委", "市数据资源局"])
    assert hall.mandate == "实现100%事项网上可办。\n完成时间：2016年底"


def test_the_committed_word_task_table_is_the_one_the_tests_build():
    committed = read_document((SAMPLES / "task_table.docx").read_bytes(), max_bytes=LIMIT)
    assert committed == read_document(task_table_docx(), max_bytes=LIMIT)


def test_a_responsible_column_names_the_lead_first():
    text = "任务分解表\n编号\t工作任务\t责任单位\n1\t推进电子证照\t市数据资源局、市审管办\n2\t推进共享\t市经信委\n"
    document = parse_text(text)
    assert [(item.marker, item.title, item.lead, item.supporting) for item in document.walk()] == [
        ("1.", "推进电子证照", "市数据资源局", ["市审管办"]),
        ("2.", "推进共享", "市经信委", []),
    ]


def test_a_table_attached_to_a_plan_that_numbers_its_tasks_is_its_appendix():
    text = "实施方案\n一、推进光网建设\n附件：任务分解表\n序号\t任务\t牵头单位\n1\t推进光网建设\t市经信委\n"
    document = parse_text(text)
    assert [item.title for item in document.walk()] == ["推进光网建设"]
    assert document.items[0].mandate == ""
    assert document.appendix == "附件：任务分解表\n序号\t任务\t牵头单位\n1\t推进光网建设\t市经信委"
    assert [(warning.line, warning.message) for warning in document.warnings] == [
        (3, "附件“附件：任务分解表”不导入，在预览中单独列出。")
    ]


def test_a_table_without_task_and_department_columns_stays_text():
    document = parse_document(work_plan_docx(), max_bytes=LIMIT)
    assert "平台\t目标\t责任单位" in by_title(document, "培育电子商务平台").mandate


def test_rows_without_a_number_stay_text_under_the_row_before():
    text = "任务分解表\n序号\t任务\t牵头单位\n1\t推进共享\t市经信委\n\t（续）完善目录\t市经信委\n"
    document = parse_text(text)
    (item,) = document.items
    assert item.mandate == "（续）完善目录\t市经信委"


def test_number_cells_in_every_style_become_markers():
    text = (
        "任务分解表\n序号\t任务\t牵头单位\n一\t甲\t市经信委\n（一）\t乙\t市经信委\n①\t丙\t市经信委\n1.1\t丁\t市经信委\n"
    )
    document = parse_text(text)
    assert outline(document.items) == ["一、 甲 [section]", "  （一） 乙 [task]", "    ① 丙 [subtask]"]
    assert by_title(document, "丙").mandate == "1.1\t丁\t市经信委"  # not a marker: the row stays text


def _with_paragraphs_after_the_table(data: bytes, *paragraphs: str) -> bytes:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_a_note_under_a_word_task_table_is_kept_apart_with_a_warning(session):
    data = _with_paragraphs_after_the_table(
        task_table_docx(), "注：责任单位中排在第一位的为牵头单位。", "备注：完成时间以市政府督查为准。"
    )
    document = parse_document(data, max_bytes=LIMIT)
    platform = by_title(document, "建设数据共享平台")
    assert platform.mandate == "完成时间：2016年底"
    assert document.table_notes == "注：责任单位中排在第一位的为牵头单位。\n备注：完成时间以市政府督查为准。"
    assert [warning.message for warning in document.warnings] == [
        "表格下的注“注：责任单位中排在第一位的为牵头单位。”不导入，在预览中单独列出。",
        "表格下的注“备注：完成时间以市政府督查为准。”不导入，在预览中单独列出。",
    ]
    assert build_preview(document).table_notes == document.table_notes


def test_a_note_that_follows_no_table_stays_in_the_mandate():
    document = parse_text("规划\n一、发展产业\n1.建设平台。\n注：平台由市信息办统一建设。\n")
    assert by_title(document, "建设平台").mandate == "注：平台由市信息办统一建设。"
    assert (document.table_notes, document.warnings) == ("", [])
