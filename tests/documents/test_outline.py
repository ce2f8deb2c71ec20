"""Headings by their numbering, nested by the order their styles appear in; titles and mandates."""

from __future__ import annotations

import pytest

from tests.documents.helpers import by_title, outline, sample
from tracker.documents.markers import read_marker
from tracker.documents.model import DocumentRefused
from tracker.documents.parsing import parse_text


def test_the_four_basic_styles_nest_in_the_order_they_appear():
    document = parse_text(
        "某某规划\n前言第一段。\n前言第二段。\n"
        "一、总体要求\n（一）指导思想。坚持创新驱动。\n1.需求导向。从实际出发。\n（1）细则甲。\n（2）细则乙。\n"
        "2.统筹规划。\n（二）基本原则\n二、主要任务\n（一）推进融合\n"
    )
    assert document.title == "某某规划"
    assert document.preamble == "前言第一段。\n前言第二段。"
    assert outline(document.items) == [
        "一、 总体要求 [section]",
        "  （一） 指导思想 [section]",
        "    1. 需求导向 [task]",
        "      （1） 细则甲 [subtask]",
        "      （2） 细则乙 [subtask]",
        "    2. 统筹规划 [task]",
        "  （二） 基本原则 [task]",
        "二、 主要任务 [task]",
        "  （一） 推进融合 [subtask]",
    ]
    assert document.warnings == []


def test_title_is_the_headings_first_sentence_and_the_rest_is_the_mandate():
    document = parse_text("规划\n一、推进两化融合。围绕重点行业，开展示范。\n第二段正文。\n\n第三段正文。\n二、其他\n")
    first = document.items[0]
    assert first.title == "推进两化融合"
    assert first.mandate == "围绕重点行业，开展示范。\n第二段正文。\n第三段正文。"
    assert first.line == 2
    assert document.items[1].mandate == ""


def test_a_sentence_end_inside_brackets_or_quotes_does_not_end_the_title():
    document = parse_text("规划\n1.建设“城市大脑。”平台（一期。）。正文。\n")
    assert document.items[0].title == "建设“城市大脑。”平台（一期。）"
    assert document.items[0].mandate == "正文。"


def test_a_document_that_starts_at_paren_cn_or_skips_a_level_builds_a_tree():
    document = parse_text("工作要点\n（一）甲\n（1）甲一\n（2）甲二\n（二）乙\n①乙一\n")
    assert outline(document.items) == [
        "（一） 甲 [task]",
        "  （1） 甲一 [subtask]",
        "  （2） 甲二 [subtask]",
        "（二） 乙 [task]",
        "  ① 乙一 [subtask]",
    ]


def test_a_later_heading_of_a_higher_style_whose_first_is_missing_goes_to_the_top():
    # The seed plan lost its "一、": its "二、" must not nest under the last （三）.
    document = parse_text("规划\n前言。\n（一）甲\n1.甲一\n（二）乙\n二、丙\n（一）丙一\n")
    assert outline(document.items) == [
        "（一） 甲 [task]",
        "  1. 甲一 [subtask]",
        "（二） 乙 [task]",
        "二、 丙 [task]",
        "  （一） 丙一 [subtask]",
    ]
    assert [(w.line, w.message) for w in document.warnings] == [(6, "编号不连续：“二、”之前没有“一、”。")]


def test_a_first_chapter_that_lost_its_number_is_read_as_a_heading_without_one():
    document = parse_text("规划\n前言。\n发展基础\n（一）甲\n1.甲一\n（二）乙\n二、丙\n（一）丙一\n")
    assert document.preamble == "前言。"
    assert outline(document.items) == [
        " 发展基础 [section]",
        "  （一） 甲 [task]",
        "    1. 甲一 [subtask]",
        "  （二） 乙 [task]",
        "二、 丙 [task]",
        "  （一） 丙一 [subtask]",
    ]
    assert document.items[0].line == 3
    assert [(w.line, w.message) for w in document.warnings] == [
        (3, "标题“发展基础”没有编号，读作“二、”之前的同级标题。")
    ]


@pytest.mark.parametrize("last_preamble_line", ["现提出如下意见。", "为加快发展，提出如下要求：", "x" * 31])
def test_a_sentence_before_the_first_heading_stays_in_the_preamble(last_preamble_line):
    document = parse_text(f"规划\n{last_preamble_line}\n（一）甲\n（二）乙\n二、丙\n")
    assert document.preamble == last_preamble_line
    assert [item.marker for item in document.items] == ["（一）", "（二）", "二、"]


@pytest.mark.parametrize(
    ("line", "marker", "rest"),
    [
        ("一、总体要求", "一、", "总体要求"),
        ("一．总体要求", "一、", "总体要求"),
        ("十二、其他事项", "十二、", "其他事项"),
        ("（一）指导思想", "（一）", "指导思想"),
        ("(一)指导思想", "（一）", "指导思想"),
        ("（ 一 ） 指导思想", "（一）", "指导思想"),
        ("1.需求导向", "1.", "需求导向"),
        ("1、需求导向", "1.", "需求导向"),
        ("1．需求导向", "1.", "需求导向"),
        ("１．需求导向", "1.", "需求导向"),
        ("１２、需求导向", "12.", "需求导向"),
        ("1 . 需求导向", "1.", "需求导向"),
        ("（1）细则", "（1）", "细则"),
        ("(1)细则", "（1）", "细则"),
        ("（１）细则", "（1）", "细则"),
        ("⑴细则", "（1）", "细则"),
        ("1）细则", "1）", "细则"),
        ("1)细则", "1）", "细则"),
        ("１２） 细则", "12）", "细则"),
        ("①细则", "①", "细则"),
        ("⑩细则", "⑩", "细则"),
        ("●物联网", "●", "物联网"),
        ("■ 云计算", "■", "云计算"),
        ("◆大数据", "◆", "大数据"),
        ("专栏1：重点平台", "专栏1", "重点平台"),
        ("专栏 ２ 重点平台", "专栏2", "重点平台"),
        ("专栏三：重点平台", "专栏3", "重点平台"),
        ("第一章 总则", "第一章", "总则"),
        ("第十二章　附则", "第十二章", "附则"),
        ("第三节 任务", "第三节", "任务"),
    ],
)
def test_markers_are_read_in_every_width_and_normalised(line, marker, rest):
    found = read_marker(line)
    assert found is not None
    assert (found.text, found.rest) == (marker, rest)


@pytest.mark.parametrize(
    "line",
    [
        "1.5倍于全国平均水平",
        "1、2号线同步建设",
        "3.5G网络",
        "2015年，全市信息产业主营业务收入超过4500亿元。",
        "2015.全年",
        "一、二季度完成招标",
        "一、二、三产业协调发展",
        "10%以上的企业",
        "1927.75",
        "3)5G网络",
        "(不含电信运营业)",
        "（2006-2020年）",
        "第一时间发现问题",
        "十二五期间",
        "专栏内容见附件",
        "一二三、正文",  # no numeral: it crashed the number reading once
        "十十、正文",
    ],
)
def test_lines_that_only_look_like_headings_are_running_text(line):
    assert read_marker(line) is None


def test_trap_lines_stay_in_the_mandate():
    document = parse_text("规划\n一、发展产业\n2015年，产业规模扩大。\n1.5倍于全国平均。\n1、2号线同步建设。\n")
    assert len(document.items) == 1
    assert document.items[0].mandate == "2015年，产业规模扩大。\n1.5倍于全国平均。\n1、2号线同步建设。"


def test_digits_with_a_closing_bracket_are_their_own_level_under_arabic():
    document = parse_text(
        "要点\n一、推进产业数字化\n1．推进智能制造。\n1）实施机器换人。内容，共完成2)项。\n2)建设示范工厂。\n"
        "（1）细则。\n2．推进农业数字化。\n"
    )
    assert outline(document.items) == [
        "一、 推进产业数字化 [section]",
        "  1. 推进智能制造 [section]",
        "    1） 实施机器换人 [task]",
        "    2） 建设示范工厂 [task]",
        "      （1） 细则 [subtask]",
        "  2. 推进农业数字化 [task]",
    ]
    assert by_title(document, "实施机器换人").mandate == "内容，共完成2)项。"
    assert not document.warnings


def test_trailing_full_stop_and_stray_spaces_are_trimmed():
    document = parse_text("规划\n  （ 二 ）  完善政府门户网站 。  \n")
    assert document.items[0].marker == "（二）"
    assert document.items[0].title == "完善政府门户网站"


def test_boxes_hold_their_entries_and_the_list_they_interrupt_goes_on_beside_them():
    document = parse_text(
        "规划\n一、任务\n1.甲\n专栏1：重点平台\n●平台一。说明。\n●平台二\n2.乙\n专栏2：重点工程\n1.工程一\n2.工程二\n二、保障\n"
    )
    assert outline(document.items) == [
        "一、 任务 [section]",
        "  1. 甲 [task]",
        "  专栏1 重点平台 [section]",
        "    ● 平台一 [platform]",
        "    ● 平台二 [platform]",
        "  2. 乙 [task]",
        "  专栏2 重点工程 [section]",
        "    1. 工程一 [platform]",
        "    2. 工程二 [platform]",
        "二、 保障 [task]",
    ]
    assert by_title(document, "平台一").mandate == "说明。"


def test_leaves_under_a_goals_heading_are_goals():
    document = parse_text("规划\n一、指导思想、发展目标与基本原则\n（一）指导思想\n（二）发展目标\n1.甲\n2.乙\n")
    assert outline(document.items) == [
        "一、 指导思想、发展目标与基本原则 [section]",
        "  （一） 指导思想 [task]",
        "  （二） 发展目标 [section]",
        "    1. 甲 [goal]",
        "    2. 乙 [goal]",
    ]


def test_chapters_and_sections():
    document = parse_text(sample("implementation_plan_chapters.txt"))
    assert document.period == (2016, 2020)
    tree = outline(document.items)
    assert tree[:5] == [
        "第一章 总体要求 [section]",
        "  第一节 指导思想 [task]",
        "  第二节 发展目标 [section]",
        "    1. 基础设施更加完善 [goal]",
        "    2. 数据资源充分共享 [goal]",
    ]
    assert tree[5:] == [
        "第二章 重点任务 [section]",
        "  第一节 建设城市数据大脑 [section]",
        "    1. 交通治理 [task]",
        "      （1） 建设交通信号智能控制系统 [subtask]",
        "      （2） 推广停车诱导服务，城区停车泊位联网率不低于80% [subtask]",
        "    2. 城市管理 [task]",
        "      ① 完善数字城管平台 [subtask]",
        "      ② 推进城市部件物联网感知 [subtask]",
        "  第二节 发展数字经济 [section]",
        "    1. 培育数字经济核心产业，主营业务收入突破1万亿元 [task]",
        "    2. 推动制造业数字化转型 [task]",
        "    专栏1 城市数据大脑重点项目 [section]",
        "      ● 交通小脑 [platform]",
        "      ● 城管小脑 [platform]",
        "第三章 保障措施 [task]",
        "  第一节 加强组织领导 [subtask]",
        "  第二节 强化资金保障 [subtask]",
    ]


def test_a_text_without_a_heading_is_refused():
    with pytest.raises(DocumentRefused, match="找不到可识别的标题"):
        parse_text("一份通知\n请各单位认真贯彻落实。\n2015年12月31日\n")


def test_an_empty_text_is_refused():
    with pytest.raises(DocumentRefused, match="没有文字"):
        parse_text("\n  \n\u3000\n")


def test_the_list_a_box_interrupted_goes_on_beside_it_after_the_boxs_own_numbered_entries():
    document = parse_text("规划\n一、任务\n1.甲\n2.乙\n3.丙\n专栏1：重点工程\n1.工程一\n2.工程二\n4.丁\n二、保障\n")
    assert outline(document.items) == [
        "一、 任务 [section]",
        "  1. 甲 [task]",
        "  2. 乙 [task]",
        "  3. 丙 [task]",
        "  专栏1 重点工程 [section]",
        "    1. 工程一 [platform]",
        "    2. 工程二 [platform]",
        "  4. 丁 [task]",
        "二、 保障 [task]",
    ]
    assert document.warnings == []


def test_a_number_that_continues_the_boxs_entries_stays_in_the_box():
    document = parse_text("规划\n一、任务\n1.甲\n2.乙\n专栏1：重点工程\n1.工程一\n2.工程二\n3.工程三\n")
    (box,) = [item for item in document.walk() if item.marker == "专栏1"]
    assert [item.title for item in box.children] == ["工程一", "工程二", "工程三"]
