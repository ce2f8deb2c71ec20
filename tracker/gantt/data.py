"""The timeline's data: one plan's live work items in plan (path) order with their bars, the rolled-up span of
their descendants, overdue marks, and markers for the office's reviews and the items' yearly milestones.

Everything is read in a fixed number of statements whatever the plan's size (items, reviews, the audit rows of
extended due dates, milestones), and only the columns drawn. A plan larger than ROW_CAP rows (the bench plan has
20,000 items) is drawn up to the cap, in plan order, with a notice saying how to narrow it: a chart of thousands of
rows is unreadable and heavy to send, while a department's or a status's items fit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import Row, select

from tracker.core.filters import status_label
from tracker.core.models import AuditEvent
from tracker.core.subjects import SubjectType
from tracker.extensions import db
from tracker.gantt.filters import TimelineFilters
from tracker.gantt.markers import milestone_markers, review_markers
from tracker.plan.labels import KIND_LABELS
from tracker.plan.models import ItemMilestone, Plan, WorkItem
from tracker.plan.outline import shown_number
from tracker.plan.rules import is_overdue
from tracker.review.models import Outcome, Review
from tracker.updates.year_ends import YearEnds, year_end_progress

ROW_CAP = 1000  # rows of 24 px: already a chart 24,000 px tall


@dataclass
class Span:
    start: date | None = None
    due: date | None = None

    def widen(self, start: date | None, due: date | None) -> None:
        if start is not None and (self.start is None or start < self.start):
            self.start = start
        if due is not None and (self.due is None or due > self.due):
            self.due = due

    @property
    def whole(self) -> bool:
        return self.start is not None and self.due is not None and self.start <= self.due


@dataclass
class Timeline:
    rows: list[dict[str, Any]]
    undated: list[dict[str, Any]]
    bar_count: int
    axis_start: date
    axis_end: date
    total: int  # items that match the filters
    notices: list[str] = field(default_factory=list)

    def chart_payload(self, plan: Plan, today: date) -> dict[str, Any]:
        """What timeline.js draws (embedded in the page as JSON)."""
        return {
            "rows": self.rows,
            "axis": {"start": self.axis_start.isoformat(), "end": self.axis_end.isoformat()},
            "period": {"start": f"{plan.start_year}-01-01", "end": f"{plan.end_year}-12-31"},
            "today": today.isoformat(),
        }


_ITEM_COLUMNS = (
    WorkItem.id,
    WorkItem.parent_id,
    WorkItem.path,
    WorkItem.depth,
    WorkItem.kind,
    WorkItem.outline_no,
    WorkItem.outline_added,
    WorkItem.title,
    WorkItem.status,
    WorkItem.rollup_progress,
    WorkItem.start_date,
    WorkItem.due_date,
    WorkItem.lead_department_id,
)


def _items(plan_id: int) -> Sequence[Row]:
    return db.session.execute(
        select(*_ITEM_COLUMNS).where(WorkItem.live_in(plan_id)).order_by(WorkItem.path, WorkItem.id)
    ).all()


def _descendant_spans(items: Sequence[Row]) -> dict[int, Span]:
    """Each item's rollup date span: the earliest start and latest due date among its live descendants. In
    reverse path order every descendant comes before its ancestors, so one pass carries spans upwards."""
    spans: dict[int, Span] = defaultdict(Span)
    for item in reversed(items):
        if item.parent_id is None:
            continue
        mine = spans.get(item.id)
        parent = spans[item.parent_id]
        parent.widen(item.start_date, item.due_date)
        if mine is not None:
            parent.widen(mine.start, mine.due)
    return spans


def _matches(item: Row, filters: TimelineFilters) -> bool:
    return (
        (filters.department_id is None or item.lead_department_id == filters.department_id)
        and (not filters.statuses or item.status in filters.statuses)
        and (filters.kind is None or item.kind == filters.kind)
    )


def _with_ancestors(items: Sequence[Row], matching: set[int]) -> list[Row]:
    """The matching items and, greyed, their ancestors, so the hierarchy stays readable (as the tree does)."""
    by_id = {item.id: item for item in items}
    keep = set(matching)
    for item_id in matching:
        parent_id = by_id[item_id].parent_id
        while parent_id is not None and parent_id not in keep and parent_id in by_id:
            keep.add(parent_id)
            parent_id = by_id[parent_id].parent_id
    return [item for item in items if item.id in keep]


def _reviews(plan_id: int) -> Sequence[Row]:
    return db.session.execute(
        select(Review.work_item_id, Review.created_at, Review.outcome, Review.comment, Review.new_due_date)
        .join(WorkItem, WorkItem.id == Review.work_item_id)
        .where(WorkItem.live_in(plan_id))
        .order_by(Review.created_at, Review.id)
    ).all()


def _replaced_due_dates(plan_id: int) -> dict[tuple[int, str], str | None]:
    """(item id, new due date) → the due date it replaced, from the audit rows the review service writes when it
    grants an extension: the first extension's old due date is nowhere else."""
    extended = (
        select(Review.work_item_id)
        .join(WorkItem, WorkItem.id == Review.work_item_id)
        .where(WorkItem.live_in(plan_id), Review.outcome == Outcome.EXTENSION.value)
    )
    rows = db.session.execute(
        select(AuditEvent.entity_id, AuditEvent.old_value, AuditEvent.new_value)
        .where(
            AuditEvent.entity_type == SubjectType.WORK_ITEM.value,
            AuditEvent.field == "due_date",
            AuditEvent.entity_id.in_(extended),
        )
        .order_by(AuditEvent.id)
    ).all()
    return {(row.entity_id, row.new_value or ""): row.old_value for row in rows}


def _milestones(plan_id: int) -> dict[int, list[Row]]:
    rows = db.session.execute(
        select(ItemMilestone.work_item_id, ItemMilestone.year, ItemMilestone.target_progress, ItemMilestone.deliverable)
        .join(WorkItem, WorkItem.id == ItemMilestone.work_item_id)
        .where(WorkItem.live_in(plan_id))
        .order_by(ItemMilestone.work_item_id, ItemMilestone.year)
    ).all()
    found: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        found[row.work_item_id].append(row)
    return found


def _year_ends(milestones: Mapping[int, list[Row]], drawn: set[int], today: date) -> YearEnds:
    """The progress at the end of each past milestone year, for the drawn items that have milestones."""
    wanted = {item_id: rows for item_id, rows in milestones.items() if item_id in drawn}
    past_years = {row.year for rows in wanted.values() for row in rows if row.year < today.year}
    return year_end_progress(wanted, past_years, today) if past_years else {}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _percent(value: Decimal | int) -> int:
    return int(value)


def build_timeline(plan: Plan, filters: TimelineFilters, today: date, department_names: Mapping[int, str]) -> Timeline:
    items = _items(plan.id)
    spans = _descendant_spans(items)
    matching = {item.id for item in items if _matches(item, filters)}
    shown = _with_ancestors(items, matching) if filters.active else list(items)
    notices: list[str] = []
    if len(shown) > ROW_CAP:
        notices.append(
            ngettext(
                "此规划共 %(num)d 个事项，时间轴只画出按规划顺序的前 %(cap)d 个。请按部门或状态筛选以查看其余事项。",
                "此规划共 %(num)d 个事项，时间轴只画出按规划顺序的前 %(cap)d 个。请按部门或状态筛选以查看其余事项。",
                len(shown),
                cap=ROW_CAP,
            )
        )
        shown = shown[:ROW_CAP]
    shown_ids = {item.id for item in shown}
    reviews_by_item: dict[int, list[Row]] = defaultdict(list)
    for review in _reviews(plan.id):
        if review.work_item_id in shown_ids:
            reviews_by_item[review.work_item_id].append(review)
    replaced = _replaced_due_dates(plan.id) if reviews_by_item else {}
    milestones = _milestones(plan.id)
    year_ends = _year_ends(milestones, matching & shown_ids, today)

    index_of = {item.id: index for index, item in enumerate(shown)}
    parents = {item.parent_id for item in shown if item.parent_id is not None}
    rows: list[dict[str, Any]] = []
    undated: list[dict[str, Any]] = []
    axis = Span(date(plan.start_year, 1, 1), date(plan.end_year, 12, 31))
    axis.widen(today, today)
    bar_count = 0
    for item in shown:
        match = item.id in matching
        dated = item.start_date is not None and item.due_date is not None
        span = spans.get(item.id)
        summary = span if (not dated and span is not None and span.whole and item.id in parents) else None
        markers = []
        if match:
            markers = review_markers(reviews_by_item.get(item.id, ()), replaced)
            markers += milestone_markers(item, milestones.get(item.id, ()), today, year_ends.get(item.id, {}))
        row = {
            "id": item.id,
            "no": shown_number(item.outline_no, item.outline_added),
            "title": item.title,
            "depth": item.depth,
            "parent": index_of.get(item.parent_id, -1) if item.parent_id is not None else -1,
            "hasChildren": item.id in parents,
            "kind": str(KIND_LABELS.get(item.kind, item.kind)),
            "kindKey": item.kind,
            "status": item.status,
            "statusLabel": status_label(item.status),
            "progress": _percent(item.rollup_progress),
            "start": _iso(item.start_date),
            "due": _iso(item.due_date),
            "bar": dated and match,
            "summary": [_iso(summary.start), _iso(summary.due)] if summary is not None else None,
            "overdue": is_overdue(item.due_date, item.status, today),
            "match": match,
            "department": department_names.get(item.lead_department_id, "") if item.lead_department_id else "",
            "url": url_for("plan.item", item_id=item.id),
            "markers": markers,
        }
        rows.append(row)
        if row["bar"]:
            bar_count += 1
            axis.widen(item.start_date, item.due_date)
        if summary is not None:
            axis.widen(summary.start, summary.due)
        for marker in markers:
            day = date.fromisoformat(marker["date"])
            axis.widen(day, day)
        if match and not dated:
            undated.append(row)
    assert axis.start is not None and axis.due is not None
    return Timeline(
        rows=rows,
        undated=undated,
        bar_count=bar_count,
        axis_start=date(axis.start.year, 1, 1),
        axis_end=date(axis.due.year, 12, 31),
        total=len(matching),
        notices=notices,
    )
