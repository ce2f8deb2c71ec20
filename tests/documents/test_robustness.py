"""Whatever the input, the reader answers a document or a refusal: never another exception."""

from __future__ import annotations

import contextlib
import random

import pytest

from tracker.documents.model import DocumentRefused
from tracker.documents.parsing import parse_document, parse_text

# Fragments of markers, clauses and targets, shuffled into lines: marker look-alikes that are no numeral
# (十十、, 一二三、), brackets left open, clauses without names, numbers without units.
PIECES = [
    *("一、", "十十、", "一二三、", "（一）", "(十一)", "1.", "１．", "0.", "99.", "（1）", "⑴", "①", "⑳", "●", "■"),
    *("专栏0：", "专栏１", "第一章", "第十节", "第1部分", "（牵头单位：", "）", "【", "】", "[", "]", "（", "("),
    *("市经信委", "牵头", "配合", "会同", "负责", "责任单位：", "，", "、", "。", "；", "超过", "达到", "以上", "以内"),
    *("2015年", "4500亿元", "%", "1.5", "十二五", "\t", " ", "\u3000", "正文", ""),
]


def test_shuffled_fragments_parse_or_are_refused():
    chance = random.Random(9)
    for _ in range(3000):
        lines = [
            "".join(chance.choice(PIECES) for _ in range(chance.randint(0, 6))) for _ in range(chance.randint(1, 10))
        ]
        text = "\n".join(lines)
        try:
            document = parse_text(text)
        except DocumentRefused:
            continue
        assert document.items, text
        for item in document.walk():
            assert item.line >= 1 and item.kind in {"section", "task", "subtask", "platform", "goal"}, text


@pytest.mark.parametrize("head", [b"", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", "规划\n一、".encode("gb18030")])
def test_random_bytes_are_read_or_refused(head):
    chance = random.Random(head)
    for _ in range(300):
        data = head + bytes(chance.randrange(256) for _ in range(chance.randint(0, 300)))
        with contextlib.suppress(DocumentRefused):
            parse_document(data, max_bytes=1024)
