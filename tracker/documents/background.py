"""Which headings are background (read, never tracked) and which are work: proposed from the titles, decided by
the office for the first two levels.

Plan documents open with parts nobody executes: the trends, the results of the last plan, the problems, the
guiding thought, the principles. The tracker keeps them as plan contexts (tracker.plan.models.PlanContext), shown
on the plan page in document order. The rule:

1. A top-level or second-level heading is background when its title names background only: split at 、 与 和 及
   and ， each part ends in one of the words below (发展趋势与现实基础, 存在的主要问题, 指导思想, 基本原则; not
   指导思想、发展目标与基本原则, which also names the goals, nor 总体要求, which names none). Deeper headings are
   never proposed by their titles (the office cannot flip them, and 解决突出问题 there is a task).
2. A box (专栏) that tabulates indicators (its title names 指标, it has no entries) is background: the indicator
   register holds its rows (专栏2 of the seed plan).
3. Everything under a background heading is background.

Each background heading's context kind: a box is a box (an indicator table as such), an entry of a background box
a box entry, a heading with children a heading; a leaf takes the kind its own title names, else the kind its
nearest background ancestor's title names (the 1.–6. under 发展趋势 are trends), else a heading.

The office's choice (`choices`: a heading's line -> tracked) replaces the proposal of that heading; `track_all`
tracks everything (`flask plan import --track-all`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tracker.documents.kinds import is_box
from tracker.documents.model import ParsedItem
from tracker.plan.models import ContextKind

CHOOSABLE_DEPTH = 2  # the levels whose proposal the office sees and may flip: the chapters and their sections
_WORDS: tuple[tuple[ContextKind, tuple[str, ...]], ...] = (
    (ContextKind.TREND, ("趋势", "形势")),
    (ContextKind.ACHIEVEMENT, ("成效", "成就", "成绩", "回顾")),
    (ContextKind.PROBLEM, ("问题", "不足", "差距")),
    (ContextKind.GUIDANCE, ("指导思想", "总体思路", "指导方针")),
    (ContextKind.PRINCIPLE, ("原则",)),
    (ContextKind.HEADING, ("背景", "基础", "现状", "发展环境")),
)
_PARTS = re.compile(r"[、与和及，,；;]|以及")
_QUOTES = "“”‘’\"'《》「」『』"
_TABLE_WORD = "指标"


def title_kind(title: str) -> ContextKind | None:
    """The context kind a title names when every part of it names background (HEADING when parts differ), else
    None."""
    parts = [part.strip(_QUOTES + " 　") for part in _PARTS.split(title)]
    kinds = [_part_kind(part) for part in parts if part]
    if not kinds or None in kinds:
        return None
    return kinds[0] if len(set(kinds)) == 1 else ContextKind.HEADING


def _part_kind(part: str) -> ContextKind | None:
    for kind, words in _WORDS:
        if part.endswith(words):
            return kind
    return None


def is_indicator_table(item: ParsedItem) -> bool:
    return is_box(item) and not item.children and _TABLE_WORD in item.title


def proposed(item: ParsedItem, depth: int) -> bool:
    """The reader's proposal for one heading, from its own title (rules 1 and 2)."""
    if is_indicator_table(item):
        return True
    return depth < CHOOSABLE_DEPTH and not is_box(item) and title_kind(item.title) is not None


def decide_background(
    items: list[ParsedItem], choices: Mapping[int, bool] | None = None, *, track_all: bool = False
) -> None:
    """Set every item's `background` and `context_kind` (see the module docstring). `choices` maps a heading's
    line to True for tracked, False for background; a heading it does not name keeps the proposal."""
    chosen = choices or {}

    def settle(siblings: list[ParsedItem], depth: int, parent: ParsedItem | None, named: ContextKind | None) -> None:
        for item in siblings:
            own = not chosen[item.line] if item.line in chosen else proposed(item, depth)
            item.background = not track_all and ((parent is not None and parent.background) or own)
            own_kind = title_kind(item.title) if item.background else None
            kind = own_kind if own_kind not in (None, ContextKind.HEADING) else named
            item.context_kind = _context_kind(item, parent, kind).value if item.background else ""
            settle(item.children, depth + 1, item, kind if item.background else None)

    settle(items, 0, None, None)


def _context_kind(item: ParsedItem, parent: ParsedItem | None, named: ContextKind | None) -> ContextKind:
    if is_indicator_table(item):
        return ContextKind.INDICATOR_TABLE
    if is_box(item):
        return ContextKind.BOX
    if parent is not None and is_box(parent):
        return ContextKind.BOX_ENTRY
    if item.children or named is None:
        return ContextKind.HEADING
    return named
