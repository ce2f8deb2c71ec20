"""The plan's title, and the transmittal notice (印发通知) a plan is often issued with.

- A first line "…关于印发《X》的通知" (or without 《》) is a notice's title: the notice (文号, addressees, "现印发给
  你们", the issuer and date) runs to the line that repeats X, which titles the plan; without such a line, to the
  notice's date, and the line after it titles the plan; failing both, X is the title and the notice's lines stay
  the preamble. The notice is kept apart (ParsedDocument.notice): it is not the plan.
- A first line that is only "附件" (or 附件1, 附件：) belongs to the letter the plan was attached to: the next line
  titles the plan.
- A first line that is itself a heading ("一、总体要求") is no title: the title is then "" (the office types one)
  and the line is read as the heading it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.documents.closing import DATE
from tracker.documents.markers import read_marker

_NOTICE = re.compile(r".*关于印发(?P<plan>.+?)的通知")
_ATTACHMENT_LABEL = re.compile(r"附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?")
_BOOK_MARKS = "《》〈〉"


@dataclass
class Titled:
    title: str
    notice: list[str]  # the notice's lines (the title line of the notice included)
    body: list[tuple[int, str]]  # the lines after the title


def _bare(text: str) -> str:
    return re.sub(r"\s", "", text).strip(_BOOK_MARKS)


def split_title(lines: list[tuple[int, str]]) -> Titled:
    """The title, the notice and the rest of the document's non-empty (line number, text) lines."""
    first = lines[0][1].strip()
    if read_marker(first) is not None:
        return Titled("", [], lines)
    if _ATTACHMENT_LABEL.fullmatch(first) and len(lines) > 1 and read_marker(lines[1][1].strip()) is None:
        return Titled(lines[1][1].strip(), [], lines[2:])
    notice = _NOTICE.fullmatch(first)
    if notice is None:
        return Titled(first, [], lines[1:])
    plan = _bare(notice.group("plan"))
    rest = lines[1:]
    before_headings = next(
        (index for index, (_n, text) in enumerate(rest) if read_marker(text.strip()) is not None), len(rest)
    )
    for index, (_number, text) in enumerate(rest[:before_headings]):
        if _bare(text) == plan:
            return Titled(text.strip(), [first, *(line.strip() for _n, line in rest[:index])], rest[index + 1 :])
    for index, (_number, text) in enumerate(rest[: max(before_headings - 1, 0)]):
        if DATE.fullmatch(text.strip()):
            title = rest[index + 1][1].strip()
            return Titled(title, [first, *(line.strip() for _n, line in rest[: index + 1])], rest[index + 2 :])
    return Titled(plan, [first], rest)
