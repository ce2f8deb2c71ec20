"""What an office user found reading real documents: rows lost from Word task tables, 牵头 marks in department
lists, appendices, transmittal notices, headings as the first line and numbering continued across sections.

Samples: row_with_lead_mark.docx (the user's three-row repro), smart_city_tasks_2015.docx (a 任务分解表 under
附件, three categories and seven tasks), work_points_notice_2014.docx (a 工作要点 issued with its 通知, two leads
in one clause and a 附件 project table).
"""

from __future__ import annotations

from tests.documents.helpers import SAMPLES, by_title, outline
from tracker.documents.parsing import parse_document, parse_text

LIMIT = 1024 * 1024


def _docx(name: str):
    return parse_document((SAMPLES / name).read_bytes(), max_bytes=LIMIT)


def test_a_row_whose_department_cell_marks_the_lead_is_a_row_not_a_header():
    document = _docx("row_with_lead_mark.docx")
    assert outline(document.items) == ["1. 任务甲 [task]", "2. 任务乙 [task]", "3. 任务丙 [task]"]
    second = by_title(document, "任务乙")
    assert (second.lead, second.supporting) == ("市审管办", ["市信息办"])
    assert "\t" not in by_title(document, "任务甲").mandate
    assert document.warnings == []


def test_the_smart_city_breakdown_reads_three_categories_and_seven_tasks():
    document = _docx("smart_city_tasks_2015.docx")
    assert [item.title for item in document.items] == ["智慧政务", "智慧民生", "智慧基础设施"]
    assert [len(item.children) for item in document.items] == [3, 2, 2]
    assert document.title == "2015年杭州市智慧城市建设重点任务分解表"
    hall = by_title(document, "推进网上办事大厅建设")
    assert (hall.lead, hall.supporting) == ("市审管办", ["市信息办"])
    brain = by_title(document, "建设城市数据大脑（一期）")  # its cell: "市信息办 市公安局", two names
    assert (brain.lead, brain.supporting) == ("市信息办", ["市公安局"])
    assert not any("\t" in item.mandate for item in document.walk())
    # 4. under 二、 continues 1.–3. under 一、: a normal style, not a gap; the note under the table is kept apart
    assert not any("注：" in item.mandate for item in document.walk())
    assert document.table_notes == "注：责任单位中排在第一位的为牵头单位。"
    assert [warning.message for warning in document.warnings] == [
        "表格下的注“注：责任单位中排在第一位的为牵头单位。”不导入，在预览中单独列出。"
    ]


def test_a_table_row_that_cannot_be_read_is_a_warning():
    text = (
        "重点任务分解表\n序号\t重点任务\t责任单位\n1\t建设政务云\t市信息办\n"
        "\t（续上）迁移业务系统\t市财政局\n2\t建设数据平台\t市经信委"
    )
    document = parse_text(text)
    assert [item.title for item in document.items] == ["建设政务云", "建设数据平台"]
    assert [(warning.line, "表格" in warning.message) for warning in document.warnings] == [(4, True)]


def test_lead_marks_inside_a_responsible_list():
    text = (
        "工作要点\n一、主要任务\n1.建设政务云。（责任单位：市信息办，市审管办（牵头））\n"
        "2.建设信用平台。（责任单位：市发改委牵头，市商务委、市统计局）\n3.推进电子商务。（责任单位：市商务委、市统计局）"
    )
    document = parse_text(text)
    cloud, credit, commerce = document.items[0].children
    assert (cloud.lead, cloud.supporting) == ("市审管办", ["市信息办"])
    assert (credit.lead, credit.supporting) == ("市发改委", ["市商务委", "市统计局"])
    assert (commerce.lead, commerce.supporting) == ("市商务委", ["市统计局"])
    assert document.warnings == []


def test_two_leads_keep_the_first_and_warn():
    text = "工作要点\n一、加强信息安全\n1.健全保障体系。（牵头单位：市公安局、市信息办；配合单位：市保密局）"
    document = parse_text(text)
    item = document.items[0].children[0]
    assert (item.lead, item.supporting) == ("市公安局", ["市信息办", "市保密局"])
    assert [(warning.line, warning.message) for warning in document.warnings] == [
        (3, "文件列出两个牵头单位：市公安局、市信息办，系统只能记一个牵头单位，其余记为配合。")
    ]


def test_a_notice_gives_the_plan_its_title_and_an_appendix_stays_apart():
    document = _docx("work_points_notice_2014.docx")
    assert document.title == "2014年杭州市信息化工作要点"
    assert document.preamble.startswith("2014年是全面贯彻落实")
    assert "印发给你们" in document.notice
    last = document.walk()[-1]
    assert last.title == "加强督查考核"
    assert "附件" not in last.mandate
    assert document.appendix.startswith("附件：2014年信息化重点项目表\n序号\t项目名称")
    assert "市政务云平台二期" in document.appendix
    assert any("附件" in warning.message for warning in document.warnings)
    security = by_title(document, "健全信息安全保障体系")
    assert (security.lead, security.supporting) == ("市公安局", ["市信息办", "市保密局"])


def test_a_notice_title_with_book_marks():
    text = (
        "杭州市人民政府关于印发《杭州市智慧经济发展规划》的通知\n各区、县（市）人民政府：\n"
        "现将《杭州市智慧经济发展规划》印发给你们，请认真贯彻执行。\n一、总体要求\n二、主要任务"
    )
    document = parse_text(text)
    assert document.title == "杭州市智慧经济发展规划"
    assert [item.title for item in document.items] == ["总体要求", "主要任务"]


def test_a_first_line_that_is_a_heading_leaves_the_title_empty():
    document = parse_text("一、总体要求\n坚持统筹规划。\n二、主要任务\n（一）建设政务云。")
    assert document.title == ""
    assert [item.title for item in document.items] == ["总体要求", "主要任务"]
    assert document.items[0].mandate == "坚持统筹规划。"
    assert document.warnings == []


def test_numbering_continued_across_sections_is_no_gap_but_a_real_gap_still_warns():
    continued = parse_text("要点\n一、主要任务\n1.甲。\n2.乙。\n二、保障措施\n3.丙。\n4.丁。")
    assert continued.warnings == []
    gap = parse_text("要点\n一、主要任务\n1.甲。\n2.乙。\n二、保障措施\n4.丙。")
    assert [warning.message for warning in gap.warnings] == ["编号不连续：“4.”之前没有“1.”。"]
    repeat = parse_text("要点\n一、主要任务\n1.甲。\n2.乙。\n二、保障措施\n3.丙。\n3.丁。")
    assert [warning.message for warning in repeat.warnings] == ["编号重复：又一个“3.”。"]


def test_three_leads_are_counted():
    document = parse_text("工作要点\n一、保障安全。（牵头单位：市公安局、市信息办、市保密局）")
    assert document.items[0].lead == "市公安局"
    assert [warning.message for warning in document.warnings] == [
        "文件列出 3 个牵头单位：市公安局、市信息办、市保密局，系统只能记一个牵头单位，其余记为配合。"
    ]
