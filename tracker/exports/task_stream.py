"""The unfiltered task list read as a stream: one query in plan (path) order, written row by row as it arrives.

Without filters (and in plan order) the export lists every shown item, and each row needs nothing from the rows
after it except its subtree's budget, so the plan is not loaded as a tree (ORM objects for every item) first.
The rolled-up progress, depth and plan order come from the maintained columns (tracker.plan.hierarchy_sync),
the newest report's note and explanation from an indexed look-up per row; the supporting departments and the subtree
budgets (summed by the database) come from two more cursors in the same path order, merged as the rows go by.
Nothing per item is held in memory. The rows are the ones load_tree and apply_filters give for the same
arguments (tests/exports/test_task_stream.py compares them).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.orm import aliased

from tracker.auth.models import User
from tracker.db import ZERO
from tracker.exports.rows import TaskRow, Words, report_of
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.hierarchy import MAX_DEPTH, SEGMENT
from tracker.plan.models import WorkItem, work_item_supporting_departments
from tracker.plan.outline import shown_number
from tracker.plan.rules import is_overdue, is_stale, overdue_clause, stale_clause
from tracker.projects.models import BudgetLine, Project
from tracker.updates.models import StatusUpdate

# Rows fetched from the cursor at a time (server-side where the driver supports it).
BATCH = 1000


def _amount(value) -> Decimal:
    return ZERO if value is None else Decimal(value)


@dataclass
class StreamCounts:
    shown: int
    overdue: int
    stale: int


def has_hidden_live_items(plan_id: int) -> bool:
    """Whether a live item sits below a retired one (the tree hides it with its ancestor). Retiring and restoring
    move whole subtrees, so this does not happen through the app; if it ever does, the export loads the tree
    instead of streaming. Checking parents suffices: below a retired ancestor, the first live item on the way
    down has a retired parent. One query on the parent index."""
    parent = aliased(WorkItem)
    found = db.session.execute(
        select(WorkItem.id)
        .join(parent, parent.id == WorkItem.parent_id)
        .where(WorkItem.live_in(plan_id), parent.retired.is_(True))
        .limit(1)
    ).first()
    return found is not None


def stream_counts(plan_id: int, include_retired: bool, today: date, stale_days: int) -> StreamCounts:
    """The summary line's figures (shown, overdue, stale), one aggregate query: the title block is written before
    the rows."""
    overdue = func.coalesce(func.sum(case((overdue_clause(WorkItem, today), 1), else_=0)), 0)
    stale = func.coalesce(func.sum(case((stale_clause(WorkItem, today, stale_days), 1), else_=0)), 0)
    tally = select(func.count(), overdue, stale).where(WorkItem.plan_id == plan_id)
    if not include_retired:
        tally = tally.where(WorkItem.live)
    shown, late, idle = db.session.execute(tally).one()
    return StreamCounts(int(shown), int(late), int(idle))


def _subtree_budgets(plan_id: int, include_retired: bool):
    """Each item's budget with its shown descendants', then its own, by path in path order: every budgeted item's
    sums are added to each prefix of its path (one per level from the root down to it), so the database adds them
    up, not Python, and nothing per item is held while the rows are written. The prefix that is the item's whole
    path carries its own sums as well."""
    own_sums = (
        select(
            WorkItem.path.label("path"),
            WorkItem.depth.label("depth"),
            func.sum(BudgetLine.approved).label("approved"),
            func.sum(BudgetLine.allocated).label("allocated"),
            func.sum(BudgetLine.spent).label("spent"),
        )
        .join(Project, Project.work_item_id == WorkItem.id)
        .join(BudgetLine, BudgetLine.project_id == Project.id)
        .where(WorkItem.plan_id == plan_id, Project.live)
        .group_by(WorkItem.id, WorkItem.path, WorkItem.depth)
    )
    if not include_retired:
        own_sums = own_sums.where(WorkItem.live)
    own = own_sums.subquery("own_budgets")
    levels = union_all(*(select(literal(level).label("level")) for level in range(MAX_DEPTH))).subquery("levels")
    prefix = func.substr(own.c.path, 1, (levels.c.level + 1) * SEGMENT)
    is_own = levels.c.level == own.c.depth

    def own_sum(column):
        return func.sum(case((is_own, column), else_=None))

    return (
        select(
            prefix.label("path"),
            func.sum(own.c.approved).label("approved"),
            func.sum(own.c.allocated).label("allocated"),
            func.sum(own.c.spent).label("spent"),
            own_sum(own.c.approved).label("own_approved"),
            own_sum(own.c.allocated).label("own_allocated"),
            own_sum(own.c.spent).label("own_spent"),
        )
        .join(levels, levels.c.level <= own.c.depth)
        .group_by(prefix)
        .order_by(prefix)
    )


def _newest_update_id():
    """The id of the row's item's newest approved status update (drafts say nothing yet): one indexed look-up per
    row (ix_status_updates_item_time), cheaper than ranking every update of the plan."""
    update = aliased(StatusUpdate)  # not the outer query's status_updates, which joins on this
    return (
        select(update.id)
        .where(update.work_item_id == WorkItem.id, update.took_effect)
        .order_by(update.created_at.desc(), update.id.desc())
        .limit(1)
        .correlate(WorkItem)
        .scalar_subquery()
    )


def streamed(statement, *, alone: bool = False):
    """Rows from a server-side cursor where the driver keeps other statements usable meanwhile; MySQL drivers
    cannot run the merged second cursor next to an unbuffered one, so they buffer (still no ORM objects). A
    statement read `alone` (nothing else runs on the connection until its rows are read or closed) streams on
    MySQL too."""
    connection = db.session.connection()
    if alone or connection.dialect.name in ("sqlite", "postgresql"):
        # Per statement: Connection.execution_options() would change the connection itself, for every later one.
        return connection.execute(statement.execution_options(stream_results=True, yield_per=BATCH))
    return connection.execute(statement)


class _Merged:
    """A second cursor read alongside the items, in the same path order: the rows of one path at a time.
    (Paths are ASCII digits, so Python compares them as every database orders them.)"""

    def __init__(self, statement) -> None:
        self.result = streamed(statement)
        self.rows = iter(self.result)
        self.pending = next(self.rows, None)

    def at(self, path: str) -> list:
        """The rows for `path` (without it); paths must be asked for in order."""
        found = []
        while self.pending is not None and self.pending[0] <= path:
            if self.pending[0] == path:
                found.append(self.pending[1:])
            self.pending = next(self.rows, None)
        return found

    def close(self) -> None:
        self.result.close()


class _Supporting(_Merged):
    """The supporting departments' short names per item."""

    def __init__(self, plan_id: int, departments: Mapping[int, Department], separator: str) -> None:
        link = work_item_supporting_departments
        self.names = {d.id: d.short_name for d in departments.values()}
        self.order = {d.id: (d.sort_order, d.id) for d in departments.values()}
        self.separator = separator
        super().__init__(
            select(WorkItem.path, link.c.department_id)
            .join(WorkItem, WorkItem.id == link.c.work_item_id)
            .where(WorkItem.plan_id == plan_id)
            .order_by(WorkItem.path)
        )

    def of(self, path: str) -> str:
        found = [department_id for (department_id,) in self.at(path)]
        if not found:
            return ""
        found.sort(key=lambda department_id: self.order.get(department_id, (0, department_id)))
        return self.separator.join(self.names.get(department_id, "") for department_id in found)


class _Budgets(_Merged):
    """Each item's budget with its shown descendants' (approved, allocated, spent), then its own."""

    def of(self, path: str) -> tuple[Decimal, ...]:
        found = self.at(path)
        if not found:
            return (ZERO,) * 6
        return tuple(_amount(amount) for amount in found[0])


def stream_rows(
    plan_id: int,
    include_retired: bool,
    departments: Mapping[int, Department],
    today: date,
    stale_days: int,
    words: Words,
) -> Iterator[TaskRow]:
    """Every shown item as a TaskRow, in plan order, read as the rows are written."""
    budget_totals = _subtree_budgets(plan_id, include_retired)
    item = WorkItem
    statement = (
        select(
            item.id,
            item.version,
            item.depth,
            item.parent_id,
            item.path,
            item.outline_no,
            item.outline_added,
            item.title,
            item.short_name,
            item.kind,
            item.status,
            item.progress,
            item.rollup_progress,
            item.lead_department_id,
            item.assignment_source,
            User.display_name,
            item.start_date,
            item.due_date,
            item.last_update_at,
            item.created_at,
            item.retired,
            StatusUpdate.note,
            StatusUpdate.delay_reason,
            StatusUpdate.remedy,
            StatusUpdate.expected_completion,
        )
        .outerjoin(User, User.id == item.owner_id)
        .outerjoin(
            StatusUpdate,
            # The first condition is implied by the second; it ties the join to the item for the reader (and for
            # SQLAlchemy's cartesian-product check, which cannot see into the subquery).
            and_(StatusUpdate.work_item_id == item.id, StatusUpdate.id == _newest_update_id()),
        )
        .where(item.plan_id == plan_id)
        .order_by(item.path)
    )
    if not include_retired:
        statement = statement.where(item.live)
    rows = streamed(statement)
    supporting = _Supporting(plan_id, departments, words.separator)
    budgets = _Budgets(budget_totals)
    try:
        yield from _task_rows(rows, supporting, budgets, departments, today, stale_days, words)
    finally:
        # A server-side cursor left open (rows after the last item, or a write that failed) would break the
        # transaction's end on PostgreSQL.
        budgets.close()
        supporting.close()
        rows.close()


def _task_rows(
    rows, supporting: _Supporting, budgets: _Budgets, departments, today: date, stale_days: int, words: Words
):
    lead_names = {d.id: d.short_name for d in departments.values()}
    kinds, local = words.kinds, words.local
    # The shown chain above the current row: ids by depth, and their outline numbers.
    chain_ids: list[int] = []
    outlines: list[str] = []
    for (
        item_id,
        version,
        depth,
        parent_id,
        path,
        outline_no,
        outline_added,
        title,
        short_name,
        kind,
        status,
        progress,
        rollup,
        lead_id,
        assignment_source,
        owner,
        start,
        due,
        last_update,
        created,
        retired,
        note,
        reason,
        remedy,
        expected,
    ) in rows:
        # A child of an item that is not shown is not shown either, as in load_tree (has_hidden_live_items keeps
        # such plans off this path; this keeps a row from ever appearing without its parent all the same).
        if depth > len(chain_ids) or (depth and chain_ids[depth - 1] != parent_id) or (not depth and parent_id):
            del chain_ids[depth:]
            del outlines[depth:]
            continue
        del chain_ids[depth:]
        del outlines[depth:]
        outline = (outlines[-1] if outlines else "") + shown_number(outline_no, outline_added)
        chain_ids.append(item_id)
        outlines.append(outline)
        overdue = is_overdue(due, status, today)
        stale = is_stale(last_update, created, start, status, today, stale_days)
        approved, allocated, spent, own_approved, own_allocated, own_spent = budgets.of(path)
        flags = [
            label for flag, label in ((retired, words.retired), (overdue, words.overdue), (stale, words.stale)) if flag
        ]
        yield TaskRow(
            id=item_id,
            version=version,
            depth=depth,
            outline=outline,
            title=title,
            short_name=short_name or "",
            kind=kinds.get(kind, kind),
            status=status,
            progress=progress,
            rollup=Decimal(rollup if rollup is not None else progress),
            lead=lead_names.get(lead_id, "") if lead_id else "",
            supporting=(supporting_names := supporting.of(path)),
            assignment=words.assignment_of(assignment_source, bool(lead_id or supporting_names)),
            owner=owner or "",
            start=start,
            due=due,
            days_overdue=(today - due).days if overdue else None,
            flags=words.separator.join(flags),
            last_update=local(last_update),
            approved=approved,
            allocated=allocated,
            spent=spent,
            own_approved=own_approved,
            own_allocated=own_allocated,
            own_spent=own_spent,
            report=report_of(note, reason, remedy, expected),
            matched=True,
            overdue=overdue,
        )
