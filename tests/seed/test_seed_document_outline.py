"""Every heading and box of the plan document against the database, and no number shown as the document's that the
document does not print (issue 9)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tracker.documents.plan_page import plan_document
from tracker.plan.models import Plan, PlanContext, WorkItem

# How the document marks its headings: 一、 / (一) / 1. / 专栏N： / ●, the title up to the sentence's end.
CHAPTER = re.compile(r"^([一二三四五六七八九十]+、)(.+)$")
SECTION = re.compile(r"^(\([一二三四五六七八九十]+\))(.+?)。$")
NUMBERED = re.compile(r"^(\d+\.)(.+?)。")
BOX = re.compile(r"^(专栏\d+)：(.+)$")
BULLET = re.compile(r"^(●)(.+?)。")
# The first chapter's heading, printed without its number (一、 is the tracker's), and the goals' lead-in.
UNNUMBERED = {"发展趋势与现实基础", "具体目标："}


def document_headings(lines: list[str]) -> list[tuple[str, str]]:
    """(marker, title) of every heading and box in the document, in order; the 专栏2 table's cells are no headings."""
    headings = []
    table = lines.index("专栏2：十二五期间信息化发展主要指标对照表")
    table_end = lines.index("(三)基本原则。")
    for number, line in enumerate(lines):
        if table < number < table_end:
            continue
        if line in UNNUMBERED:
            headings.append(("", line.rstrip("：")))
            continue
        for pattern in (CHAPTER, SECTION, NUMBERED, BOX, BULLET):
            if match := pattern.match(line):
                headings.append((match.group(1), match.group(2)))
                break
    return headings


@pytest.fixture
def plan(session, seeded) -> Plan:
    return session.scalars(select(Plan)).one()


def _rows(session) -> list[WorkItem | PlanContext]:
    return [*session.scalars(select(WorkItem)), *session.scalars(select(PlanContext))]


def test_the_document_has_the_headings_this_test_expects(document_lines):
    headings = document_headings(document_lines)
    markers = [marker for marker, _title in headings]
    assert markers.count("二、") == markers.count("三、") == 1
    assert (markers.count("专栏1"), markers.count("专栏2"), markers.count("专栏3")) == (1, 1, 1)
    assert markers.count("●") == 4 + 5
    assert len(headings) == 55


def test_every_heading_and_box_is_an_item_or_a_context_in_document_order(session, plan, document_lines):
    """Walking the plan as its page does gives the document's headings, each with the marker the document prints
    (none where the number is the tracker's) and its title. A task's paragraphs are no headings: they are checked
    paragraph by paragraph in test_seed_plan_content."""
    rows = [row for row in _walk_rows(session, plan) if getattr(row, "kind", "") != "subtask"]
    stored = [("" if row.outline_added else row.outline_no, row.title) for row in rows]
    assert stored == document_headings(document_lines)
    assert (rows[0].outline_no, rows[0].outline_added) == ("一、", True)


def _walk_rows(session, plan: Plan) -> list[WorkItem | PlanContext]:
    """The rows behind the plan page's parts, in the page's (the document's) order."""
    by_anchor = {f"item-{row.id}": row for row in session.scalars(select(WorkItem))}
    by_anchor |= {f"context-{row.id}": row for row in session.scalars(select(PlanContext))}
    return [by_anchor[part.anchor] for part in plan_document(plan).walk()]


def test_every_item_and_context_is_on_the_page(session, plan):
    assert len(_walk_rows(session, plan)) == len(_rows(session)) == 36 + 34


def _printed(document: str, outline_no: str, title: str) -> bool:
    """Whether the document prints this number before this title (a box's number with its colon)."""
    return any(
        re.search(rf"(^|\n){re.escape(prefix)}", document) for prefix in (outline_no + title, f"{outline_no}：{title}")
    )


def test_exactly_the_numbers_the_document_does_not_print_are_marked_added(session, plan, document):
    numbered = [row for row in _rows(session) if row.outline_no]
    for row in numbered:
        assert row.outline_added == (not _printed(document, row.outline_no, row.title)), (row.seed_key, row.outline_no)
    added = sorted(row.seed_key for row in numbered if row.outline_added)
    subtasks = sorted(row.seed_key for row in numbered if getattr(row, "kind", "") == "subtask")
    assert added == sorted([*subtasks, "s1"])
    assert len(subtasks) == 15


def test_the_boxes_keep_the_documents_bullets(session, plan, document_lines):
    platforms = session.scalars(select(WorkItem).where(WorkItem.kind == "platform")).all()
    entries = session.scalars(select(PlanContext).where(PlanContext.kind == "box_entry")).all()
    for row in (*platforms, *entries):
        assert (row.outline_no, row.outline_added) == ("●", False)
        text = row.mandate if isinstance(row, WorkItem) else row.body
        assert "●" + text in document_lines
