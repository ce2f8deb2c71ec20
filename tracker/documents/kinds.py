"""What kind of work item each heading becomes (tracker.plan.models.ItemKind values), decided from the top down:

1. a box (专栏N) is a section, and its entries are platforms (the key platforms of a 专栏);
2. a leaf whose parent's title names goals (ends in 目标: 发展目标, 主要目标, 具体目标) is a goal;
3. a heading whose title names goals and that has children is a section (its leaves are goals, by 2);
4. the children of a task or of a platform are subtasks;
5. a heading whose children are all leaves is a task (its children then subtasks, by 4);
6. any other leaf is a task (a leaf directly under a section, or a document of one level);
7. everything above is a section.

The seed plan comes out as the tracker holds it: 三、 and （一） sections, 1.–4. tasks, 专栏3's ● items
platforms, 二（二）发展目标's 1.–7. goals.
"""

from __future__ import annotations

from tracker.documents.model import ParsedItem
from tracker.plan.models import ItemKind

GOAL_WORD = "目标"


def is_box(item: ParsedItem) -> bool:
    return item.marker.startswith("专栏")


def names_goals(item: ParsedItem) -> bool:
    """发展目标 does, 指导思想、发展目标与基本原则 does not: it names three parts, not the goals."""
    return item.title.endswith(GOAL_WORD)


def _kind(item: ParsedItem, parent: ParsedItem | None) -> ItemKind:
    if is_box(item):
        return ItemKind.SECTION
    if parent is not None and is_box(parent):
        return ItemKind.PLATFORM
    if not item.children and parent is not None and names_goals(parent):
        return ItemKind.GOAL
    if item.children and names_goals(item):
        return ItemKind.SECTION
    if parent is not None and parent.kind in {ItemKind.TASK, ItemKind.PLATFORM}:
        return ItemKind.SUBTASK
    if all(not child.children for child in item.children):
        return ItemKind.TASK
    return ItemKind.SECTION


def assign_kinds(items: list[ParsedItem], parent: ParsedItem | None = None) -> None:
    for item in items:
        item.kind = _kind(item, parent).value
        assign_kinds(item.children, item)
