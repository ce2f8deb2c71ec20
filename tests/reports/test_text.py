"""User text for a document: control characters, direction overrides and what XML refuses removed, line breaks
kept (or made spaces), long text shortened with "…" at the limit, emoji kept."""

from __future__ import annotations

from tracker.reports.text import CELL_LIMIT, clean, has_cjk, line, shorten


def test_control_characters_and_direction_overrides_are_removed():
    assert clean("a\x00b\x07c\x1bd\x7fe\u202ef\u2066g\u2069h") == "abcdefgh"
    assert clean("\ud800孤\ufffe立\uffff") == "孤立"


def test_line_breaks_are_kept_as_one_newline_or_made_spaces():
    assert clean("一\r\n二\r三\u2028四\x85五\n\n\n六") == "一\n二\n三\n四\n五\n六"
    assert clean("  一 \n  二\t三  ") == "一\n二 三"
    assert line("一\n二") == "一 二"


def test_long_text_ends_with_an_ellipsis_at_the_limit():
    cut = clean("长" * 1000)
    assert len(cut) == CELL_LIMIT and cut.endswith("…") and cut[:-1] == "长" * (CELL_LIMIT - 1)
    assert clean("短", 1) == "短" and shorten("两个", 1) == "…"
    assert len(line("名" * 500)) == 120


def test_emoji_and_other_printable_text_are_kept():
    assert clean("完成 🚀👍🏽 ✔︎ 𠀀") == "完成 🚀👍🏽 ✔︎ 𠀀"
    assert clean(None) == "" and clean("") == ""


def test_has_cjk_tells_chinese_text_from_latin():
    assert has_cjk("推进") and has_cjk("Item 事项") and has_cjk("（") and has_cjk("한국")
    assert not has_cjk("Completed 2012-12-31 100.0%") and not has_cjk("")
