"""The plan as its document reads, for the 规划原文 sheet: the preamble, then every context and live work item in
document order (tracker.plan.document_order: two statements whatever the plan's size)."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _

from tracker.exports.rows import DocumentPartRow, Words
from tracker.plan.document_order import Placed, document_outline
from tracker.plan.models import Plan, WorkItem
from tracker.plan.outline import shown_number


def _rows(placed: Placed, chain: str, words: Words) -> Iterator[DocumentPartRow]:
    """`placed` and its subtree; `chain` is the shown numbers of the work items above it, as the task sheet
    chains them (contexts take no part in that chain)."""
    row = placed.row
    if isinstance(row, WorkItem):
        chain += row.shown_outline_no
        yield DocumentPartRow(
            placed.depth, row.shown_outline_no, row.title, row.mandate, words.kinds.get(row.kind, row.kind), chain
        )
    else:
        yield DocumentPartRow(placed.depth, shown_number(row.outline_no, row.outline_added), row.title, row.body)
    for child in placed.children:
        yield from _rows(child, chain, words)


def document_rows(plan: Plan) -> list[DocumentPartRow]:
    words = Words()
    rows = [DocumentPartRow(0, "", _("前言"), plan.preamble)] if plan.preamble.strip() else []
    for placed in document_outline(plan.id).parts:
        rows.extend(_rows(placed, "", words))
    return rows
