"""The plan's outline in document order: its work items and the parts nobody executes, merged into one tree.

A plan's outline lives in two tables: the work items (a tree of their own) and the plan contexts, each placed
under a context, under a section item or at the top, with a sort order counted together with the items there
(tracker.plan.models.PlanContext). `document_outline` merges them in two queries whatever the plan's size: its live
items and its contexts. The plan page (tracker.documents.plan_page) and the plan workbook's 规划原文 sheet
(tracker.exports) both read the plan through it. An imported plan has items only: its outline is then its items as
the tree orders them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from tracker.extensions import db
from tracker.plan.models import PlanContext, WorkItem


@dataclass
class Placed:
    """One part of the outline: a work item or a context, at its depth, with its children in document order."""

    row: WorkItem | PlanContext
    depth: int
    children: list[Placed] = field(default_factory=list)

    def walk(self) -> Iterator[Placed]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class DocumentOutline:
    parts: list[Placed]
    has_contexts: bool

    def walk(self) -> Iterator[Placed]:
        for part in self.parts:
            yield from part.walk()


_Key = tuple[str, int] | None  # ("item", id), ("context", id), None for the top


def document_outline(plan_id: int) -> DocumentOutline:
    items = list(db.session.scalars(select(WorkItem).where(WorkItem.live_in(plan_id)).order_by(WorkItem.path)))
    contexts = list(
        db.session.scalars(
            select(PlanContext).where(PlanContext.plan_id == plan_id).order_by(PlanContext.sort_order, PlanContext.id)
        )
    )
    # Each parent's children, items and contexts together, with what orders them: sort order, contexts first
    # among equals, id.
    children: dict[_Key, list[tuple[int, int, int, WorkItem | PlanContext]]] = defaultdict(list)
    live_ids = {item.id for item in items}
    for item in items:
        if item.parent_id is None:
            children[None].append((item.sort_order, 1, item.id, item))
        elif item.parent_id in live_ids:  # below a retired item: hidden with it, as in the tree
            children[("item", item.parent_id)].append((item.sort_order, 1, item.id, item))
    for context in contexts:
        if context.parent_id is not None:
            parent: _Key = ("context", context.parent_id)
        elif context.work_item_id is not None:
            if context.work_item_id not in live_ids:
                continue
            parent = ("item", context.work_item_id)
        else:
            parent = None
        children[parent].append((context.sort_order, 0, context.id, context))

    def build(key: _Key, depth: int) -> list[Placed]:
        placed = []
        for _order, _is_item, row_id, row in sorted(children.get(key, []), key=lambda entry: entry[:3]):
            own_key = ("item", row_id) if isinstance(row, WorkItem) else ("context", row_id)
            placed.append(Placed(row, depth, build(own_key, depth + 1)))
        return placed

    return DocumentOutline(parts=build(None, 0), has_contexts=bool(contexts))
