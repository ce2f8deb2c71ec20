"""A shown outline split into its levels' numbers, where the tree's 编号 column may wrap (never inside a level)."""

from __future__ import annotations

import pytest

from tracker.plan.outline import levels_markup, outline_levels


@pytest.mark.parametrize(
    ("shown", "levels"),
    [
        ("三、(一)1.〔1〕", ["三、", "(一)", "1.", "〔1〕"]),
        ("第二章第一节三、（一）", ["第二章", "第一节", "三、", "（一）"]),
        ("专栏1〔1〕", ["专栏1", "〔1〕"]),
        ("二、(三)1.", ["二、", "(三)", "1."]),
        ("一、●", ["一、", "●"]),
        ("", []),
    ],
)
def test_levels(shown, levels):
    assert outline_levels(shown) == levels
    assert "".join(levels) == shown


def test_markup_marks_an_added_number_and_escapes(app):
    html = str(levels_markup("1.〔1〕<b>"))
    first, second = '<span class="outline-level">1.</span>', '<span class="outline-level"><span class="outline-added"'
    assert html.startswith(first + second)
    assert "&lt;b&gt;" in html and "<b>" not in html
