"""Reading cell values strictly: statuses, progress, notes and dates as spreadsheet users type them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tracker.exports.importing import BadValue, _status_lookup, parse_date, parse_progress, parse_status, parse_text


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (40, "0", 40),
        (40.0, "General", 40),
        (0, "0", 0),
        (100, "0", 100),
        (0.4, "0%", 40),
        (0.35, "0.00%", 35),
        (40, '0"%"', 40),  # a % in quotes is only a printed sign
        ("40", "General", 40),
        (" 40% ", "General", 40),
    ],
)
def test_progress_accepted(value, number_format, expected):
    assert parse_progress(value, number_format) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "abc",
        "４０",
        "40.5",
        40.5,
        -1,
        101,
        1.5,
        True,
        float("nan"),
        float("inf"),
        "1e2",
        datetime(2013, 1, 1),
    ],
)
def test_progress_refused(value):
    with pytest.raises(BadValue, match="进度须为 0 到 100 之间的整数"):
        parse_progress(value, "General")


def test_status_by_chinese_label_english_label_or_code(app, session):
    lookup = _status_lookup()
    assert parse_status("滞后", lookup) == "delayed"
    assert parse_status(" 已完成 ", lookup) == "completed"
    assert parse_status("delayed", lookup) == "delayed"
    for bad in ("完成", "", None, 3, "=滞后"):
        with pytest.raises(BadValue, match="状态"):
            parse_status(bad, lookup)


def test_english_status_labels_are_understood(app, session):
    from flask_babel import force_locale

    from tracker.core.filters import STATUS_LABELS

    lookup = _status_lookup()
    with force_locale("en"):
        english = {code: str(label) for code, label in STATUS_LABELS.items()}
    for code, label in english.items():
        assert parse_status(label, lookup) == code
        assert parse_status(label.upper(), lookup) == code


def test_text_loses_our_formula_guard_and_keeps_what_was_typed(app, session):
    assert parse_text("'=1+1", "进展说明") == "=1+1"
    assert parse_text("''=1", "进展说明") == "'=1"
    assert parse_text("  第一行\r\n第二行  ", "进展说明") == "  第一行\n第二行  "
    # Escapes as XlsxWriter and Excel store them (openpyxl reads them literally).
    assert parse_text("第一行_x000D_\n第二行 _x005F_x000D_", "进展说明") == "第一行\n第二行 _x000D_"
    assert parse_text(None, "进展说明") == ""
    assert parse_text(12.0, "进展说明") == "12"
    assert parse_text(date(2013, 6, 1), "进展说明") == "2013-06-01"


def test_text_with_control_characters_or_too_long_is_refused(app, session):
    with pytest.raises(BadValue, match="控制字符"):
        parse_text("a\x07b", "进展说明")
    with pytest.raises(BadValue, match="不能超过 4000 个字符"):
        parse_text("长" * 4001, "滞后原因")
    assert parse_text("长" * 4000, "滞后原因") == "长" * 4000


@pytest.mark.parametrize("override", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_text_with_direction_overrides_is_refused_as_the_form_refuses_it(app, session, override):
    """Probe of issue 11: the report form refused U+202E, the import stored it and every page showed the note
    reversed."""
    with pytest.raises(BadValue, match="控制字符"):
        parse_text(f"BIDI{override}evil", "进展说明")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (" ", None),
        (datetime(2014, 3, 31), date(2014, 3, 31)),
        (date(2014, 3, 31), date(2014, 3, 31)),
        ("2014-03-31", date(2014, 3, 31)),
    ],
)
def test_dates_accepted(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2014-02-30", "2014/3/31", "明年", 41729, "2014-3-31"])
def test_dates_refused(app, session, value):
    with pytest.raises(BadValue, match="预计完成日期"):
        parse_date(value)
