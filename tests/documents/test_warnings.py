"""Numbering out of order, empty headings: shown as warnings on their lines, never renumbered."""

from __future__ import annotations

from tests.documents.helpers import sample
from tracker.documents.parsing import parse_text


def _warnings(text: str) -> list[tuple[int, str]]:
    return [(warning.line, warning.message) for warning in parse_text(text).warnings]


def test_a_skipped_number_is_a_warning_and_the_marker_is_kept():
    document = parse_text("规划\n一、甲\n（一）甲一\n（三）甲三\n")
    assert [item.marker for item in document.walk()] == ["一、", "（一）", "（三）"]
    assert [(w.line, w.message) for w in document.warnings] == [
        (4, "编号不连续：“（一）”之后是“（三）”，缺少“（二）”。")
    ]


def test_a_list_that_does_not_start_at_one():
    assert _warnings("规划\n一、甲\n2.乙\n3.丙\n") == [(3, "编号不连续：“2.”之前没有“1.”。")]


def test_a_repeated_and_a_backwards_number():
    assert _warnings("规划\n一、甲\n二、乙\n二、丙\n一、丁\n") == [
        (4, "编号重复：又一个“二、”。"),
        (5, "编号倒序：“一、”在“二、”之后。"),
    ]


def test_numbers_are_counted_per_parent_and_boxes_across_the_document():
    text = "规划\n一、甲\n1.甲一\n2.甲二\n专栏1：框一\n二、乙\n1.乙一\n专栏3：框三\n"
    assert _warnings(text) == [(8, "编号不连续：“专栏1”之后是“专栏3”，缺少“专栏2”。")]


def test_bullets_have_no_numbers_to_check():
    assert _warnings("规划\n一、甲\n●甲一\n●甲二\n■甲三\n") == []


def test_an_empty_heading():
    document = parse_text("规划\n一、甲\n（一）\n正文。\n（二） 。\n")
    assert [(item.marker, item.title, item.mandate) for item in document.walk()] == [
        ("一、", "甲", ""),
        ("（一）", "", "正文。"),
        ("（二）", "", ""),
    ]
    assert [(w.line, w.message) for w in document.warnings] == [
        (3, "标题为空：“（一）”之后没有文字。"),
        (5, "标题为空：“（二）”之后没有文字。"),
    ]


def test_the_task_breakdown_sample_warns_in_line_order():
    assert _warnings(sample("task_breakdown.txt")) == [
        (10, "编号不连续：“（一）”之后是“（三）”，缺少“（二）”。"),
        (11, "编号重复：又一个“（三）”。"),
        (13, "编号不连续：“2.”之前没有“1.”。"),
    ]


def test_a_tidy_document_has_no_warnings():
    assert _warnings(sample("work_points_2014.txt")) == []
    assert _warnings(sample("implementation_plan_chapters.txt")) == []
