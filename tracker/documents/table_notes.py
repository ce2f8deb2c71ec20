"""A note under a table ("注：责任单位中排在第一位的为牵头单位。", "备注：…"): it explains the table, it is not part of
the last row's mandate. Lines starting 注： or 备注： right after a table row (a line with a tab: a Word table reaches
the parser as one line per row, its cells joined by tabs) are kept apart (ParsedDocument.table_notes), shown in the
preview as not imported, with a warning, like an appendix (appendix.py).
"""

from __future__ import annotations

import re

_NOTE = re.compile(r"\s*(?:备\s*)?注\s*[0-9０-９]*\s*[:：]")


def split_table_notes(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(the lines without the notes under tables, those notes); a note follows a table row or another such note."""
    kept: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    after_table = False
    for number, text in lines:
        if after_table and _NOTE.match(text):
            notes.append((number, text))
            continue
        kept.append((number, text))
        after_table = "\t" in text
    return kept, notes
