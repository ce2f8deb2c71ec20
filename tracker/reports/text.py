"""User text made safe for a document, in one place: every text a person typed passes here before the report
holds it (titles, notes, reasons, remedies, names).

Removed: control characters (a NUL or a form feed breaks the .docx XML and the PDF's text), the direction
overrides and isolates ("\u202e" turns a line around), lone surrogates and the non-characters XML refuses. Line
breaks become "\n" (or a space in one-line text). Text longer than a stated limit ends with "…". Emoji and every
other printable character are kept: the PDF writer decides how to draw a glyph its fonts lack.
"""

from __future__ import annotations

import re

from tracker.core.forms import MULTILINE_CONTROL

ELLIPSIS = "…"
# A cell of a table: enough for a paragraph of reasons, short enough that one row cannot fill pages.
CELL_LIMIT = 300
# A title or a name on one line.
LINE_LIMIT = 120

# CR, CRLF and the Unicode line breaks outside the control characters (NEL, line and paragraph separators).
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
# What XML 1.0 cannot hold besides the control characters: lone surrogates and U+FFFE / U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Han, kana, Hangul, CJK punctuation and full-width forms: text holding any is wrapped the Chinese way. Code points,
# not characters: a block of Chinese in the source would read as unmarked UI text to tests/test_i18n.py.
_CJK_BLOCKS = (
    (0x2E80, 0x2FFF),
    (0x3000, 0x30FF),
    (0x3100, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
_CJK = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in _CJK_BLOCKS) + "]")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t]*\n[ \t]*")


def clean(text: str | None, limit: int = CELL_LIMIT, *, one_line: bool = False) -> str:
    """`text` as a document may show it: at most `limit` characters (the last one "…" when cut), line breaks as
    "\n" (or a space when `one_line`), blank lines collapsed, nothing that could break the file."""
    value = _LINE_BREAKS.sub("\n", text or "").replace("\t", " ")
    value = _NOT_XML.sub("", MULTILINE_CONTROL.sub("", value))
    value = _SPACES.sub("\n", _BLANK_LINES.sub("\n", value)).strip()
    if one_line:
        value = value.replace("\n", " ")
    return shorten(value, limit)


def line(text: str | None, limit: int = LINE_LIMIT) -> str:
    """A title or a name: clean, on one line."""
    return clean(text, limit, one_line=True)


def shorten(value: str, limit: int) -> str:
    """`value`, or its first limit - 1 characters and "…"."""
    return value if len(value) <= limit else value[: limit - 1] + ELLIPSIS


def has_cjk(value: str) -> bool:
    """Whether `value` holds Chinese (or other CJK) text, which wraps between any two characters; other text wraps
    between words only."""
    return _CJK.search(value) is not None
