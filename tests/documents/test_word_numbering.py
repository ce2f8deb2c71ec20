"""Headings numbered by Word's automatic lists are read with the numbers Word draws."""

from __future__ import annotations

import io

import docx
import pytest

from tests.documents.helpers import SAMPLES, by_title, numbered_work_plan_docx, outline
from tracker.documents.parsing import parse_document
from tracker.documents.reading import read_document
from tracker.documents.word_numbering import format_number

LIMIT = 1024 * 1024


def test_the_labels_word_draws_are_read_before_each_paragraph():
    assert read_document(numbered_work_plan_docx(), max_bytes=LIMIT).split("\n") == [
        "滨江区2016年数字经济工作要点",
        "为推动数字经济发展，制定本要点。",
        "一、发展数字产业（牵头单位：区发改局；配合单位：区科技局）",
        "（一）培育龙头企业。到2016年底，营业收入超过10亿元的企业达到20家以上。",
        "1.实施“凤凰计划”",
        "①推动上市",
        "②加快并购",
        "2.培育独角兽企业",  # the deeper level went on; ① … started again under the next 1.
        "（二）建设产业园区",
        "二、完善服务体系",
        "（一）建设公共服务平台",  # a shallower level advancing starts the deeper ones again
        "●云服务平台",  # a bullet drawn from a symbol font
    ]


def test_an_automatically_numbered_plan_is_parsed_like_a_typed_one():
    document = parse_document(numbered_work_plan_docx(), max_bytes=LIMIT)
    assert outline(document.items) == [
        "一、 发展数字产业 [section]",
        "  （一） 培育龙头企业 [section]",
        "    1. 实施“凤凰计划” [task]",
        "      ① 推动上市 [subtask]",
        "      ② 加快并购 [subtask]",
        "    2. 培育独角兽企业 [task]",
        "  （二） 建设产业园区 [task]",
        "二、 完善服务体系 [section]",
        "  （一） 建设公共服务平台 [task]",
        "    ● 云服务平台 [subtask]",
    ]
    listed = by_title(document, "推动上市")
    assert (listed.lead, listed.supporting, listed.departments_inherited) == ("区发改局", ["区科技局"], True)
    assert [(target.name, target.comparator, str(target.target_value)) for target in document.indicators] == [
        ("营业收入超过10亿元的企业", "ge", "20")
    ]
    assert document.warnings == []


def test_the_committed_sample_is_the_one_the_tests_build():
    committed = read_document((SAMPLES / "work_plan_numbered.docx").read_bytes(), max_bytes=LIMIT)
    assert committed == read_document(numbered_work_plan_docx(), max_bytes=LIMIT)


def test_a_list_named_by_the_paragraph_style_counts_too():
    document = docx.Document()
    document.add_paragraph("规划")
    for text in ("甲", "乙"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("说明文字")
    document.add_paragraph("丙", style="List Number")
    stream = io.BytesIO()
    document.save(stream)
    assert read_document(stream.getvalue(), max_bytes=LIMIT).split("\n") == ["规划", "1.甲", "2.乙", "说明文字", "3.丙"]


@pytest.mark.parametrize(
    ("number", "number_format", "written"),
    [
        (3, "decimal", "3"),
        (12, "chineseCounting", "十二"),
        (20, "chineseCountingThousand", "二十"),
        (2, "ideographDigital", "二"),
        (3, "decimalEnclosedCircle", "③"),
        (3, "decimalEnclosedCircleChinese", "③"),
        (12, "decimalFullWidth", "１２"),
        (2, "decimalEnclosedParen", "(2)"),
        (4, "upperRoman", "IV"),
        (2, "lowerLetter", "b"),
        (5, "none", ""),
        (7, "ganada", "7"),  # a format this reader does not know reads as a plain number
    ],
)
def test_number_formats(number, number_format, written):
    assert format_number(number, number_format) == written
