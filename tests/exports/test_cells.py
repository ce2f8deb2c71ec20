"""Cell text safety: formulas defused, characters Excel refuses removed, over-long text cut with a mark."""

from __future__ import annotations

import pytest

from tracker.core.downloads import content_disposition
from tracker.exports.cells import (
    MAX_CELL_CHARS,
    TRUNCATION_MARK,
    clean_text,
    neutralise,
    safe_text,
    sheet_name,
    unneutralise,
)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # an apostrophe the user typed survives the round trip
        ("推进电子政务建设", "推进电子政务建设"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("'plain", "'plain"),
        ("", ""),
    ],
)
def test_a_leading_formula_sign_gets_an_apostrophe_that_the_import_takes_off_again(text, written):
    assert neutralise(text) == written
    assert unneutralise(written) == text


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_characters_xml_refuses_are_removed(char):
    assert clean_text(f"a{char}b") == "ab"


def test_tab_newline_and_carriage_return_are_kept():
    assert clean_text("a\tb\nc\rd") == "a\tb\nc\rd"


def test_text_longer_than_a_cell_holds_is_cut_with_a_visible_mark():
    cut = safe_text("长" * 40_000)
    assert len(cut) == MAX_CELL_CHARS
    assert cut.endswith(TRUNCATION_MARK) and cut.startswith("长")
    assert safe_text("长" * MAX_CELL_CHARS) == "长" * MAX_CELL_CHARS


def test_safe_text_of_non_text_values():
    assert safe_text(None) == ""
    assert safe_text(-5) == "'-5"  # as text: a number written as text is defused like any other text


def test_content_disposition_has_an_ascii_name_and_the_utf8_name_per_rfc_5987():
    header = content_disposition("plan-tasks-2013-06-15.xlsx", "规划任务-2013-06-15.xlsx")
    assert header == (
        'attachment; filename="plan-tasks-2013-06-15.xlsx"; '
        "filename*=UTF-8''%E8%A7%84%E5%88%92%E4%BB%BB%E5%8A%A1-2013-06-15.xlsx"
    )


def test_content_disposition_cannot_be_broken_out_of():
    header = content_disposition('a"b;\r\nc.xlsx', '任"务;/\\.xlsx')
    assert header.count('"') == 2 and "\r" not in header and "\n" not in header
    assert header.endswith("filename*=UTF-8''%E4%BB%BB_%E5%8A%A1___.xlsx")


def test_sheet_names_are_made_acceptable_to_excel():
    assert sheet_name("Tasks [2013]: a/b?") == "Tasks _2013__ a_b_"
    assert len(sheet_name("x" * 40)) == 31
    assert sheet_name("") == "Sheet"
