"""Where items stood at the end of each past year (年末实际进度), read back from the journal of reports.

The end of a year is the last moment of 31 December in the business zone (Asia/Shanghai): a report made at
23:30 on 31 December Beijing time (15:30 UTC) counts for that year, one made at 00:10 on 1 January (16:10 UTC on
31 December) for the next. An item's progress then is the progress_after of its latest *approved* report at or
before that moment (a draft awaiting sign-off, or one returned, is not what the item showed). A parent's is
rolled up from its children's year-end values with the tree's own weighted mean (tracker.plan.hierarchy), over
the children that existed then (created, or reported, by that moment). The current year is the item's
rolled-up progress now.

Nothing reported yet: a leaf without any approved report by a year end has no value for that year (nothing was
known; an empty cell says so more honestly than a 0 that reads like a measurement). Inside a parent's roll-up
such a child, if it existed then, counts as 0, as the tree showed it at the time; a parent none of whose leaves
had been reported has no value either. Retirement is read as it is now (the journal does not keep when).

Statements: one for the requested items, one for their subtrees, one per past year asked for; never one per item.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, func, or_, select

from tracker.core.localtime import utc_start_of
from tracker.extensions import db
from tracker.plan.hierarchy import counted_children, rolled_progress, subtree_end
from tracker.plan.models import WorkItem
from tracker.updates.models import SignOff, StatusUpdate

YearEnds = dict[int, dict[int, Decimal]]  # item id -> year -> progress at that year's end


@dataclass(frozen=True)
class _Row:
    id: int
    parent_id: int | None
    weight: Decimal
    retired: bool
    created_at: datetime
    rollup_progress: Decimal
    depth: int


def year_end_moment(year: int) -> datetime:
    """The first moment after 31 December of `year` in the business zone, as naive UTC (stored times are)."""
    return utc_start_of(date(year + 1, 1, 1))


def _subtrees(roots: list[tuple[int, str]]) -> ColumnElement[bool]:
    """The items under each root, by path ranges; a root inside another's range adds nothing."""
    ranges: list[tuple[int, str]] = []
    for plan_id, path in sorted(roots):
        if ranges and ranges[-1][0] == plan_id and path.startswith(ranges[-1][1]):
            continue
        ranges.append((plan_id, path))
    return or_(
        *(
            and_(WorkItem.plan_id == plan_id, WorkItem.path >= path, WorkItem.path < subtree_end(path))
            for plan_id, path in ranges
        )
    )


def _reported_by(moment: datetime, in_subtrees: ColumnElement[bool]) -> dict[int, int]:
    """Each item's progress_after in its latest approved report before `moment`: one statement."""
    latest = (
        select(
            StatusUpdate.work_item_id,
            StatusUpdate.progress_after,
            func.row_number()
            .over(
                partition_by=StatusUpdate.work_item_id,
                order_by=(StatusUpdate.created_at.desc(), StatusUpdate.id.desc()),
            )
            .label("rank"),
        )
        .join(WorkItem, WorkItem.id == StatusUpdate.work_item_id)
        .where(in_subtrees, StatusUpdate.sign_off == SignOff.APPROVED.value, StatusUpdate.created_at < moment)
        .subquery()
    )
    rows = db.session.execute(select(latest.c.work_item_id, latest.c.progress_after).where(latest.c.rank == 1))
    return {item_id: progress for item_id, progress in rows}


def _roll_up(rows: dict[int, _Row], children: dict[int, list[_Row]], reported: dict[int, int], moment: datetime):
    """Each item's value at `moment` (None: nothing known), deepest first so children are ready for parents."""
    values: dict[int, Decimal | None] = {}
    for row in sorted(rows.values(), key=lambda r: -r.depth):
        counted = counted_children(row.retired, children.get(row.id, []))
        if not counted:
            own = reported.get(row.id)
            values[row.id] = Decimal(own) if own is not None else None
            continue
        # A child counts if it existed then: created by that moment, or reported by it (a seeded or imported
        # plan's rows may be younger than the reports written against them).
        below = [c for c in counted if c.created_at < moment or values[c.id] is not None]
        if not below:
            values[row.id] = None
            continue
        known = [values[c.id] for c in below]
        if all(value is None for value in known):
            values[row.id] = None
            continue
        values[row.id] = rolled_progress(
            (c.weight, value if value is not None else Decimal(0)) for c, value in zip(below, known, strict=True)
        )
    return values


def year_end_progress(item_ids: Iterable[int], years: Iterable[int], today: date) -> YearEnds:
    """{item id: {year: progress}} for the given items and years: past years from the journal (see the module
    docstring), `today`'s year the item's rolled-up progress now; later years, and years with nothing known,
    are left out."""
    wanted_ids, wanted_years = set(item_ids), sorted({year for year in years if year <= today.year})
    result: YearEnds = {item_id: {} for item_id in wanted_ids}
    if not wanted_ids or not wanted_years:
        return result
    roots = db.session.execute(select(WorkItem.plan_id, WorkItem.path).where(WorkItem.id.in_(wanted_ids))).all()
    if not roots:
        return result
    in_subtrees = _subtrees([(plan_id, path) for plan_id, path in roots])
    rows = {
        row.id: _Row(*row)
        for row in db.session.execute(
            select(
                WorkItem.id,
                WorkItem.parent_id,
                WorkItem.weight,
                WorkItem.retired,
                WorkItem.created_at,
                WorkItem.rollup_progress,
                WorkItem.depth,
            ).where(in_subtrees)
        )
    }
    children: dict[int, list[_Row]] = defaultdict(list)
    for row in rows.values():
        if row.parent_id is not None and row.parent_id in rows:
            children[row.parent_id].append(row)
    for year in wanted_years:
        if year == today.year:
            for item_id in wanted_ids & rows.keys():
                result[item_id][year] = Decimal(rows[item_id].rollup_progress)
            continue
        moment = year_end_moment(year)
        values = _roll_up(rows, children, _reported_by(moment, in_subtrees), moment)
        for item_id in wanted_ids & rows.keys():
            value = values.get(item_id)
            if value is not None:
                result[item_id][year] = value
    return result
