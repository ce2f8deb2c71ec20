"""The plan as its document reads: every part in document order, work items and the parts nobody executes.

tracker.plan.document_order merges the plan's items and contexts into one outline (two queries); this module adds
the goals' indicators and the rows of an indicator table (one more), so the page takes the same few queries
whatever the plan's size. An imported plan has the contexts the importer wrote for its background
(tracker.documents.background), or none: its page is then its items as the tree orders them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from tracker.extensions import db
from tracker.indicators.models import Indicator
from tracker.plan.document_order import Placed, document_outline
from tracker.plan.models import ContextKind, ItemKind, Plan, PlanContext, WorkItem
from tracker.plan.outline import has_added, shown_number
from tracker.plan.tree_page import shown_progress

# Parts shown as a heading over what follows (the others read as paragraphs with a lead sentence).
_HEADING_KINDS = {
    ItemKind.SECTION.value,
    ItemKind.TASK.value,
    ContextKind.HEADING.value,
    ContextKind.GUIDANCE.value,
    ContextKind.BOX.value,
    ContextKind.INDICATOR_TABLE.value,
    ContextKind.TREND.value,
    ContextKind.ACHIEVEMENT.value,
    ContextKind.PROBLEM.value,
    ContextKind.PRINCIPLE.value,
}
TOC_DEPTH = 2  # the table of contents lists the chapters and their sections


@dataclass
class Part:
    kind: str
    outline: str  # the part's own number as shown (an added one in 〔 〕)
    title: str
    paragraphs: list[str]  # the text under a heading, or the paragraphs after a lead paragraph's first
    depth: int
    anchor: str
    heading: bool  # a heading over its text and children; else a paragraph led by its title
    run_on: str = ""  # in a paragraph that opens with its title ("开展…示范。以区域示范…"), the text after the title
    item: WorkItem | None = None
    progress: Decimal | None = None
    indicators: list[Indicator] = field(default_factory=list)  # a goal's, or the rows of an indicator table
    children: list[Part] = field(default_factory=list)

    @property
    def is_box(self) -> bool:
        return self.outline.startswith("专栏")

    def walk(self) -> Iterator[Part]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PlanDocument:
    plan: Plan
    preamble: list[str]
    parts: list[Part]
    has_contexts: bool

    def walk(self) -> Iterator[Part]:
        for part in self.parts:
            yield from part.walk()

    @property
    def contents(self) -> list[Part]:
        """What the table of contents lists: the headings of the first levels."""
        return [part for part in self.walk() if part.heading and part.depth < TOC_DEPTH]

    @property
    def has_added_numbers(self) -> bool:
        return any(has_added(part.outline) for part in self.walk())


def _paragraphs(text: str) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def _texts(heading: bool, title: str, text: str) -> tuple[str, list[str]]:
    """(run-on, paragraphs): a paragraph that opens with its own title continues after it in the same line."""
    paragraphs = _paragraphs(text)
    if not heading and paragraphs and paragraphs[0].startswith(title + "。"):
        return paragraphs[0][len(title) :], paragraphs[1:]
    return "", paragraphs


def _item_part(item: WorkItem, depth: int) -> Part:
    heading = item.kind in _HEADING_KINDS
    run_on, paragraphs = _texts(heading, item.title, item.mandate)
    return Part(
        kind=item.kind,
        outline=item.shown_outline_no,
        title=item.title,
        paragraphs=paragraphs,
        run_on=run_on,
        depth=depth,
        anchor=f"item-{item.id}",
        heading=heading,
        item=item,
        progress=shown_progress(item.rollup_progress),
    )


def _context_part(context: PlanContext, depth: int) -> Part:
    heading = context.kind in _HEADING_KINDS
    run_on, paragraphs = _texts(heading, context.title, context.body)
    return Part(
        kind=context.kind,
        outline=shown_number(context.outline_no, context.outline_added),
        title=context.title,
        paragraphs=paragraphs,
        run_on=run_on,
        depth=depth,
        anchor=f"context-{context.id}",
        heading=heading,
    )


def plan_document(plan: Plan) -> PlanDocument:
    outline = document_outline(plan.id)
    indicators = list(
        db.session.scalars(select(Indicator).where(Indicator.plan_id == plan.id).order_by(Indicator.sort_order))
    )
    goal_indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.goal_item_id is not None:
            goal_indicators[indicator.goal_item_id].append(indicator)

    def part_of(placed: Placed) -> Part:
        row = placed.row
        if isinstance(row, WorkItem):
            part = _item_part(row, placed.depth)
            part.indicators = goal_indicators.get(row.id, [])
        else:
            part = _context_part(row, placed.depth)
            if row.kind == ContextKind.INDICATOR_TABLE.value:
                # The rows this box tabulates: the indicators whose source quotes the box's own line.
                box_line = f"{row.outline_no}：{row.title}"
                part.indicators = [i for i in indicators if box_line in i.source_text]
        part.children = [part_of(child) for child in placed.children]
        return part

    return PlanDocument(
        plan=plan,
        preamble=_paragraphs(plan.preamble),
        parts=[part_of(placed) for placed in outline.parts],
        has_contexts=outline.has_contexts,
    )
