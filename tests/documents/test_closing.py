"""The issuer, date and distribution lines at the end of an official document belong to no item."""

from __future__ import annotations

import pytest

from tracker.documents.parsing import parse_text

BODY = "杭州市人民政府办公厅关于印发2015年工作要点的通知\n一、推进光网建设\n正文。\n"


@pytest.mark.parametrize(
    "closing",
    [
        "杭州市人民政府办公厅\n2015年12月31日",
        "杭州市人民政府\n二〇一五年十二月三十一日\n（此件公开发布）",
        "2015年12月31日",
        "中共杭州市委办公厅\n2015年1月5日\n抄送：市委各部门，市人大常委会办公厅。\n"
        "杭州市人民政府办公厅 2015年1月6日印发",
    ],
)
def test_the_closing_is_kept_apart_from_the_last_items_mandate(closing):
    document = parse_text(BODY + closing + "\n")
    assert document.items[0].mandate == "正文。"
    assert document.closing == closing


@pytest.mark.parametrize(
    "ending",
    [
        "到2015年12月31日全部完成。",  # a sentence with a date in it
        "市经信委",  # an issuer-like line without a date after it
        "各区、县（市）人民政府",
    ],
)
def test_text_that_only_resembles_a_closing_stays_in_the_mandate(ending):
    document = parse_text(BODY + ending + "\n")
    assert document.items[0].mandate == "正文。\n" + ending
    assert document.closing == ""
