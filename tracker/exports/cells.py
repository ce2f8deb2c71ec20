"""Making any text safe to put in a cell, and a worksheet name Excel accepts.

User text never becomes a formula. Every text cell is written with `write_string` (never `write`, which guesses),
and the text itself is defused as well, because a cell that Excel stores as text can still turn into a formula
when someone edits it (F2, Enter) or saves the sheet as CSV:

- a text starting with = + - @, a tab or a carriage return gets a leading apostrophe ("'=1+1"), as OWASP
  recommends for CSV/formula injection. The apostrophe is part of the stored text and stays visible; we chose a
  visible mark over an invisible zero-width space so that nothing hidden travels into other systems, and over
  Excel's quotePrefix style, which a CSV copy would lose. A text that already starts with apostrophes followed
  by one of those characters gets one more, so `unneutralise` restores exactly what we wrote (re-import).
- characters that XML 1.0 (and so Excel) refuses are removed: C0 controls except tab, newline and carriage
  return, U+FFFE, U+FFFF and lone surrogates.
- line breaks are written as Excel keeps them, a bare LF: a browser sends CRLF, and XlsxWriter stores a CR as the
  escape `_x000D_`, which openpyxl (our import) reads back literally, so the text would grow with every round trip.
- a cell holds at most 32,767 characters; longer text is cut and ends with a visible mark.

Reading back, `cell_text` undoes what a spreadsheet file does to text: the `_xHHHH_` escapes with which XlsxWriter
and Excel store control characters and literal `_x...` text (openpyxl leaves them as they are), and our apostrophe.
"""

from __future__ import annotations

import re

MAX_CELL_CHARS = 32_767
TRUNCATION_MARK = "…[已截断]"
# A leading character that spreadsheet programs read as the start of a formula (or that hides one behind it).
_TRIGGER = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAK = re.compile(r"\r\n?")
# ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): a character as _xHHHH_; "_x005F_" escapes a literal underscore.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def clean_text(value: str) -> str:
    """Remove the characters an .xlsx file cannot hold."""
    return _XML_ILLEGAL.sub("", value)


def excel_line_breaks(value: str) -> str:
    """CRLF and CR as LF, the line break a cell holds."""
    return _LINE_BREAK.sub("\n", value)


def neutralise(value: str) -> str:
    """Prefix an apostrophe when the text would start a formula."""
    return "'" + value if _TRIGGER.match(value) else value


def unneutralise(value: str) -> str:
    """Undo `neutralise` on a cell read back from one of our exports."""
    return value[1:] if _NEUTRALISED.match(value) else value


def truncate(value: str, limit: int = MAX_CELL_CHARS, mark: str = TRUNCATION_MARK) -> str:
    """`value`, or its start ending with a visible `mark` so that the whole is `limit` characters."""
    if len(value) <= limit:
        return value
    return value[: limit - len(mark)] + mark


def safe_text(value: object) -> str:
    """Any value as text fit for a cell: cleaned, defused, and cut to what a cell holds."""
    if value is None:
        return ""
    return truncate(neutralise(excel_line_breaks(clean_text(str(value)))))


def cell_text(value: str) -> str:
    """Text read from a cell as it was typed: escapes decoded, line breaks as LF, our formula guard taken off."""
    if "_x" in value:
        value = _OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)
    return unneutralise(excel_line_breaks(value))


def write_text(worksheet, row: int, col: int, value: object, cell_format=None) -> None:
    """The only way text reaches a cell: always as a string, never guessed as a formula or a number."""
    worksheet.write_string(row, col, safe_text(value), cell_format)


_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def sheet_name(value: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\ and at most 31 characters."""
    return _SHEET_NAME_ILLEGAL.sub("_", clean_text(value)).strip("'")[:31] or "Sheet"
