"""Outline numbers as pages, exports and mails show them: the document's own as printed, the tracker's marked.

The plan document numbers none of the paragraphs under a main task, yet the tracker gives them ordinals so that
people can refer to them. Such a number (`outline_added`) must never read as the plan's own. One convention,
everywhere: an added number is shown in 〔 〕 brackets — the tracker's "(1)" reads 〔1〕 — and explained by
ADDED_NOTE (pages add a muted style and the note as a tooltip; exports state it above the table). Text is the
carrier, so a chain of numbers ("三、(一)1.〔1〕"), an Excel cell and its re-import all agree without a flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

ADDED_NOTE = _l("编号为系统添加，非规划原文")
ADDED_LEGEND = _l("〔 〕内的编号为系统添加，非规划原文")
_ADDED = re.compile(r"〔[^〔〕]*〕")
# What an ordinal wears in the document's style, dropped inside the brackets: "(1)" → 〔1〕, "一、" → 〔一〕.
_DECORATION = "()（）.．、 "


def shown_number(outline_no: str | None, added: bool) -> str:
    """One item's number as shown: the document's as it is, the tracker's in 〔 〕."""
    number = outline_no or ""
    if not added or not number:
        return number
    return f"〔{number.strip(_DECORATION) or number}〕"


def shown_chain(numbers: Iterable[tuple[str | None, bool]]) -> str:
    """The numbers from the root down, as the tree shows an item's place: "三、(一)1.〔1〕"."""
    return "".join(shown_number(number, added) for number, added in numbers)


def numbered(outline: str, title: str) -> str:
    """A shown number and a title as one text ("1.〔1〕 开展…"), for exports, mails and select options."""
    return f"{outline} {title}".strip()


def outline_markup(shown: str | None) -> Markup:
    """A shown outline for a page: each added number muted, with the note as its tooltip."""
    text = str(escape(shown or ""))
    note = escape(str(ADDED_NOTE))
    return Markup(  # noqa: S704 - escaped above; only the span is ours
        _ADDED.sub(lambda match: f'<span class="outline-added" title="{note}">{match.group(0)}</span>', text)
    )


# One level's number within a chain: an added 〔n〕, or a run up to the mark a level of Chinese numbering ends with
# (三、 (一) （一） 1. 第二章 第一节 ① ●), or what is left (专栏1).
_LEVEL = re.compile(r"〔[^〔〕]*〕|[^、.．)）章节〔〕①-⑳●]*[、.．)）章节①-⑳●]|[^〔]+")


def outline_levels(shown: str | None) -> list[str]:
    """A shown outline split into its levels' numbers: "第二章第一节三、（一）" → 第二章, 第一节, 三、, （一）, so that
    a narrow column can wrap between levels and never inside one."""
    return _LEVEL.findall(shown or "")


def levels_markup(shown: str | None) -> Markup:
    """`outline_markup` for each level, each in a span that does not wrap inside (the tree's 编号 column)."""
    return Markup("").join(
        Markup('<span class="outline-level">{}</span>').format(outline_markup(level)) for level in outline_levels(shown)
    )


def has_added(shown: str | None) -> bool:
    return bool(shown and _ADDED.search(shown))
