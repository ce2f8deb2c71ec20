"""Lead and supporting departments, in the forms plan documents write them, and inherited from a section."""

from __future__ import annotations

import pytest

from tests.documents.helpers import by_title, sample
from tracker.documents.departments import read_clause, take_from_line
from tracker.documents.parsing import parse_text


@pytest.mark.parametrize(
    ("content", "lead", "supporting"),
    [
        ("牵头单位：市经信委；配合单位：市建委、市规划局", "市经信委", ["市建委", "市规划局"]),
        ("牵头单位：市经信委，配合单位：市建委，市规划局", "市经信委", ["市建委", "市规划局"]),
        ("牵头部门:市经信委 配合部门:市建委", "市经信委", ["市建委"]),
        ("牵头单位：市经信委", "市经信委", []),
        ("市经信委牵头，市科委、市发改委配合", "市经信委", ["市科委", "市发改委"]),
        ("由市经信委牵头，市科委参与", "市经信委", ["市科委"]),
        ("市经信委牵头负责", "市经信委", []),
        ("市经信委负责，市科委配合", "市经信委", ["市科委"]),
        ("市经信委牵头，会同市科委、市发改委负责", "市经信委", ["市科委", "市发改委"]),
        ("责任单位：市发改委、市经信委、市数据资源局", "市发改委", ["市经信委", "市数据资源局"]),
        ("责任部门：市委宣传部及市政府新闻办", "市委宣传部", ["市政府新闻办"]),
        ("责任单位：市经信委和市科委", "市经信委", ["市科委"]),
        ("责任单位：经信委和科委", "经信委", ["科委"]),
        ("责任单位：市财政局、各区、县（市）政府", "市财政局", ["各区、县（市）政府"]),
        (
            "牵头单位：市发展和改革委员会；配合单位：市人力资源和社会保障局",
            "市发展和改革委员会",
            ["市人力资源和社会保障局"],
        ),
        ("牵头单位：市住房和城乡建设委员会", "市住房和城乡建设委员会", []),
        ("责任单位：市经信委（市信息办）、市科委", "市经信委（市信息办）", ["市科委"]),
        ("牵头单位： 市经信委 ；配合单位： 市科委等 ", "市经信委", ["市科委"]),
        ("市科委配合", None, ["市科委"]),
        ("市发改委、市经信委负责", "市发改委", ["市经信委"]),
        ("市发改委、市经信委按职责分工负责", "市发改委", ["市经信委"]),
        ("由市经信委负责", "市经信委", []),
    ],
)
def test_a_clause_names_the_lead_and_the_supporting_departments(content, lead, supporting):
    assignment = read_clause(content)
    assert assignment is not None
    assert (assignment.lead, assignment.supporting) == (lead, supporting)


@pytest.mark.parametrize("content", ["牵头单位：", "牵头单位：；配合单位：", "牵头", "牵头单位：" + "很长的一句话" * 6])
def test_a_clause_that_names_no_department_cannot_be_read(content):
    assert read_clause(content) is None


@pytest.mark.parametrize(
    ("line", "left", "lead"),
    [
        ("推进光网建设。（牵头单位：市经信委）", "推进光网建设。", "市经信委"),
        ("推进光网建设(市经信委牵头)。新建光纤。", "推进光网建设。新建光纤。", "市经信委"),
        ("建设数据大脑。[市数据资源局牵头，会同市公安局负责]", "建设数据大脑。", "市数据资源局"),
        ("发展数字经济。【市经信局牵头，会同市商务局负责】", "发展数字经济。", "市经信局"),
        ("落实资金保障。责任单位：市财政局", "落实资金保障。", "市财政局"),
        ("责任单位：市财政局", "", "市财政局"),
        ("深化改革。（市发改委、市经信委负责）", "深化改革。", "市发改委"),
    ],
)
def test_a_clause_is_taken_out_of_the_line_that_holds_it(line, left, lead):
    taken = take_from_line(line)
    assert taken.assignment is not None
    assert (taken.text, taken.assignment.lead) == (left, lead)


@pytest.mark.parametrize(
    "line",
    [
        "市民卡（城市通卡）已上线",
        "建成农业信息应用平台（一期）",
        "做好政府负责人（分管领导）的培训",
        "占比提高到30%（2015年）",
        "由各单位按规定执行（由各单位自行负责）",
        "建立联络员制度（负责人：张三）",
    ],
)
def test_brackets_that_name_no_role_are_left_alone(line):
    taken = take_from_line(line)
    assert (taken.text, taken.assignment, taken.unreadable) == (line, None, [])


def test_work_points_with_lead_and_supporting_clauses():
    document = parse_text(sample("work_points_2014.txt"))
    assert document.closing == "杭州市经济和信息化委员会\n2014年2月20日"
    last = document.items[-1].children[-1]
    assert last.mandate == "行政许可项目在线办理实现率不低于90%，办理时限控制在5个工作日以内。"
    fibre = by_title(document, "推进城市光网建设")
    assert (fibre.lead, fibre.supporting, fibre.departments_inherited) == ("市经信委", ["市建委", "市规划局"], False)
    assert (
        fibre.mandate
        == "新建光纤到户20万户，城市家庭宽带接入能力达到50M以上。\n加快推进老旧小区光纤改造，做好光缆管道统一规划。"
    )
    wireless = by_title(document, "推进无线城市建设")
    assert (wireless.lead, wireless.supporting) == ("市经信委", ["各区、县（市）政府"])
    tv = by_title(document, "推进三网融合")
    assert (tv.lead, tv.supporting) == ("市广电集团", ["市经信委", "市文广新局"])
    trade = by_title(document, "网上交易额超过2000亿元")
    assert (trade.lead, trade.supporting) == ("市商务委", ["市经信委", "市工商局"])
    sharing = by_title(document, "深化政务信息资源共享")
    assert (sharing.lead, sharing.supporting) == ("市发改委", ["市经信委", "市数据资源局"])
    assert document.department_names() == [
        "市经信委",
        "市建委",
        "市规划局",
        "各区、县（市）政府",
        "市广电集团",
        "市文广新局",
        "市商务委",
        "市工商局",
        "市发改委",
        "市数据资源局",
    ]


def test_a_department_named_for_a_section_covers_the_items_below_that_name_none():
    document = parse_text(sample("work_points_2014.txt"))
    region = by_title(document, "开展区域示范")
    assert (region.lead, region.departments_inherited) == ("市经信委", False)
    for title in ("培育两化融合示范企业", "推进中小企业信息化服务平台建设"):
        item = by_title(document, title)
        assert (item.lead, item.supporting, item.departments_inherited) == ("市经信委", [], True)
    unnamed = by_title(document, "推广电子支付，第三方支付平台交易额增长20%")
    assert (unnamed.lead, unnamed.supporting, unnamed.departments_inherited) == (None, [], False)


def test_an_item_that_names_its_own_departments_keeps_them_under_a_section_that_names_others():
    document = parse_text("规划\n一、甲（牵头单位：市经信委）\n1.乙（牵头单位：市科委）\n2.丙\n")
    assert [(item.title, item.lead, item.departments_inherited) for item in document.walk()] == [
        ("甲", "市经信委", False),
        ("乙", "市科委", False),
        ("丙", "市经信委", True),
    ]


def test_an_item_that_names_only_supporting_departments_takes_the_sections_lead():
    document = parse_text(
        "要点\n一、推进产业数字化（牵头单位：市经信委）\n1．推进智能制造。内容。（配合单位：市科委）\n"
        "（1）建设示范工厂。（配合单位：市经信委、市商务委）\n2．推进电商。（市商务委牵头）\n"
        "二、保障\n1．加强考核。（配合单位：市考评办）\n"
    )
    assert [(item.title, item.lead, item.supporting, item.departments_inherited) for item in document.walk()] == [
        ("推进产业数字化", "市经信委", [], False),
        ("推进智能制造", "市经信委", ["市科委"], True),
        ("建设示范工厂", "市经信委", ["市商务委"], True),
        ("推进电商", "市商务委", [], False),
        ("保障", None, [], False),
        ("加强考核", None, ["市考评办"], False),
    ]


def test_full_width_square_brackets_are_read_like_the_others():
    document = parse_text("要点\n一、推进产业\n1）推进农业数字化。建设基地10个。［市农业局牵头，会同市农办负责］\n")
    farming = by_title(document, "推进农业数字化")
    assert (farming.marker, farming.lead, farming.supporting) == ("1）", "市农业局", ["市农办"])
    assert farming.mandate == "建设基地10个。"


def test_bracketed_forms_with_huijiang_and_square_brackets():
    document = parse_text(sample("implementation_plan_chapters.txt"))
    brain = by_title(document, "建设城市数据大脑")
    assert (brain.lead, brain.supporting) == ("市数据资源局", ["市公安局", "市交通运输局"])
    traffic = by_title(document, "建设交通信号智能控制系统")
    assert (traffic.lead, traffic.departments_inherited) == ("市数据资源局", True)
    economy = by_title(document, "发展数字经济")
    assert (economy.lead, economy.supporting) == ("市经信局", ["市发改委", "市商务局"])


def test_a_task_breakdown_names_responsible_units_first_as_lead():
    document = parse_text(sample("task_breakdown.txt"))
    hall = by_title(document, "建设网上办事大厅")
    assert (hall.marker, hall.lead, hall.supporting) == ("1.", "市审管办", ["市经信委", "市数据资源局"])
    weibo = by_title(document, "推进政务微博微信建设")
    assert (weibo.marker, weibo.lead, weibo.supporting) == ("（三）", "市委宣传部", ["市政府新闻办"])


def test_a_clause_under_the_heading_or_ending_its_last_paragraph_is_read():
    document = parse_text(
        "规划\n一、甲\n（牵头单位：市经信委；配合单位：市科委）\n正文一。\n二、乙\n正文一。\n正文二。（责任单位：市财政局）。\n"
        "三、丙\n正文一。（责任单位：市审计局）\n正文二。\n"
    )
    first, second, third = document.items
    assert (first.lead, first.supporting, first.mandate) == ("市经信委", ["市科委"], "正文一。")
    assert (second.lead, second.mandate) == ("市财政局", "正文一。\n正文二。")
    # A clause ending a paragraph that is not the last is about that paragraph: left in the text, not read.
    assert (third.lead, third.mandate) == (None, "正文一。（责任单位：市审计局）\n正文二。")


def test_a_clause_that_cannot_be_read_is_a_warning_and_stays_in_the_text():
    document = parse_text("规划\n一、推进光网建设（牵头单位：）。正文。\n二、乙\n（配合单位：；牵头单位：）\n")
    first, second = document.items
    assert first.lead is None
    assert first.title == "推进光网建设（牵头单位：）"
    assert second.mandate == "（配合单位：；牵头单位：）"
    assert [(warning.line, warning.message) for warning in document.warnings] == [
        (2, "部门写法无法识别，未读取：“（牵头单位：）”。"),
        (4, "部门写法无法识别，未读取：“（配合单位：；牵头单位：）”。"),
    ]
