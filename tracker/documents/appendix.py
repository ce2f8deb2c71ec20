"""An appendix (附件) after the plan's text: "附件：2014年信息化重点项目表" and the table under it. It is not part of
the last item's mandate: from its label line to the closing, its lines are kept apart (ParsedDocument.appendix),
shown in the preview as not imported, with a warning. (Reading an appendix's table as items is left to the office:
a project table repeats or details the tasks above it, and importing both would count them twice.)

A label is a line starting 附件 (附件1, 附件一, 附件：…) after the first heading; a first-line 附件 belongs to the
title (titles.py).
"""

from __future__ import annotations

import re

from tracker.documents.markers import read_marker

_LABEL = re.compile(r"附件\s*[0-9０-９一二三四五六七八九十]*\s*(?:[:：].*)?")


def split_appendix(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(the lines before the appendix, the appendix's lines); no appendix: (lines, [])."""
    seen_heading = False
    for index, (_number, text) in enumerate(lines):
        text = text.strip()
        if seen_heading and _LABEL.fullmatch(text):
            return lines[:index], lines[index:]
        seen_heading = seen_heading or read_marker(text) is not None
    return lines, []
