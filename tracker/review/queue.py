"""The office's review queue: every overdue or stale work item and project of the plan, and every work item behind
this year's milestone (tracker.plan.milestones), most urgent first.

Each subject type is one SELECT ("arm") with its newest review joined in (a window function ranks the
reviews per subject). A page reads the narrow rows of both arms once, in queue order (ids, department,
flags), counts them per department and picks its 50 here, then reads the full rows and the newest status update's
delay reason for those 50 alone: the same few statements whatever the size of the plan. The whole queue
(for exports and reminders) is the UNION of the arms in one ordered statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import (
    Case,
    ColumnElement,
    Row,
    Select,
    String,
    Subquery,
    case,
    false,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from tracker.auth.models import User
from tracker.core.localtime import local_date
from tracker.core.paging import Page
from tracker.core.params import FilterArgs
from tracker.core.subjects import SubjectType, model_for, subject_url
from tracker.extensions import db
from tracker.org.assignment import AssignmentSource
from tracker.org.models import Department
from tracker.plan.milestones import behind_milestone_clause, expected_progress_sql
from tracker.plan.outline import shown_number
from tracker.plan.outline_paths import full_outlines
from tracker.plan.rules import overdue_clause, stale_clause
from tracker.review.rules import answer_overdue_clause, answered_clause, awaiting_clause, latest_reviews
from tracker.updates.models import StatusUpdate

PER_PAGE = 50
# The URL's kind filter says "item" or "project"; each names a subject type (tracker.core.subjects).
KINDS = {"item": SubjectType.WORK_ITEM, "project": SubjectType.PROJECT}
# The flags a row carries and the URL filters by; "awaiting" to "answer_overdue" are the state of the subject's
# newest request; "behind" (a work item behind this year's milestone) comes last, so the positions of the others
# (which the counts per department read) stay as they were.
_FLAGS = ("overdue", "stale", "awaiting", "answered", "answer_overdue", "behind")


@dataclass
class QueueFilters:
    department_id: int | None = None
    kind: str | None = None  # "item" or "project"
    overdue: bool = False
    stale: bool = False
    awaiting: bool = False  # the office asked and the department has not answered yet
    answered: bool = False  # the department answered and the office has not accepted it or asked again
    answer_overdue: bool = False  # not answered yet, and the day the answer was due has passed
    behind: bool = False  # a work item below the progress its milestones expect by today
    notices: list[str] = field(default_factory=list)

    def args(self, **changes) -> dict[str, str]:
        """These filters as URL arguments (for links that change one of them)."""
        values = {
            "department": self.department_id,
            "kind": self.kind,
            **{name: getattr(self, name) for name in _FLAGS},
        }
        values.update(changes)
        return {name: ("1" if value is True else str(value)) for name, value in values.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.args())


def parse_filters(args: Mapping[str, str], department_ids: set[int]) -> QueueFilters:
    """The URL's filters; a value that makes no sense is ignored with a notice rather than failing the page."""
    read = FilterArgs(args)
    return QueueFilters(
        department_id=read.id_in("department", department_ids, _("未找到所选部门，部门筛选已忽略。")),
        kind=read.choice("kind", KINDS, _("未知的类型，类型筛选已忽略。")),
        **{name: read.flag(name, name) for name in _FLAGS},
        notices=read.notices,
    )


# ---------------------------------------------------------------------------------------------------------------
# The query: one SELECT per subject type ("arm"), filtered inside the arm so that the database can use the
# work items' indexes; the whole queue is their UNION.


def _as_flag(condition: ColumnElement[bool]) -> Case[int]:
    """1/0, so that every database can sum and compare it."""
    return case((condition, 1), else_=0)


@dataclass
class _Arm:
    """One subject type's part of the queue: its table, the columns it names differently, its conditions."""

    subject_type: SubjectType
    model: type[Any]  # the subject type's model (WorkItem or Project), read through the columns both have
    title: ColumnElement[str]
    short_name: ColumnElement[str]
    outline_no: ColumnElement[str]
    outline_added: ColumnElement[bool]  # the tracker's number, not the document's (a project has none)
    path: ColumnElement[str]  # an item's place in the tree (tracker.plan.hierarchy); a project has none
    department_id: ColumnElement[int | None]
    latest: Subquery
    overdue: ColumnElement[bool]
    stale: ColumnElement[bool]
    awaiting: ColumnElement[bool]
    answered: ColumnElement[bool]
    answer_overdue: ColumnElement[bool]
    behind: ColumnElement[bool]  # behind this year's milestone (work items; projects have no milestones)
    expected: ColumnElement[int | None]  # the progress the milestones expect by today (work items)
    measured: ColumnElement[Any]  # the progress the behind rule compares: an item's rolled-up progress
    scope: list[ColumnElement[bool]]  # in the plan, not retired, overdue or stale or behind

    @classmethod
    def build(cls, subject_type: SubjectType, plan_id: int, today: date, stale_days: int) -> _Arm:
        model: Any = model_for(subject_type)
        latest = latest_reviews(subject_type)
        overdue, stale = overdue_clause(model, today), stale_clause(model, today, stale_days)
        in_plan = model.in_plan(plan_id)
        items = subject_type == SubjectType.WORK_ITEM
        behind = behind_milestone_clause(model, today) if items else false()
        return cls(
            subject_type,
            model,
            model.display_title,
            # Only work items carry the name people use (两化融合); projects show their title alone.
            model.short_name if subject_type == SubjectType.WORK_ITEM else literal_column("''", String),
            model.outline_no,
            getattr(model, "outline_added", false()),
            model.path if subject_type == SubjectType.WORK_ITEM else literal_column("''", String),
            model.responsible_department_id,
            latest,
            overdue,
            stale,
            awaiting_clause(latest),
            answered_clause(latest),
            answer_overdue_clause(latest, today),
            behind,
            expected_progress_sql(model, today) if items else literal_column("NULL"),
            model.rollup_progress if items else model.progress,
            [in_plan, model.live, or_(overdue, stale, behind)],
        )

    def conditions(self, filters: QueueFilters, *, with_department: bool = True) -> list[ColumnElement[bool]]:
        conditions = list(self.scope)
        if with_department and filters.department_id is not None:
            conditions.append(self.department_id == filters.department_id)
        conditions.extend(getattr(self, name) for name in _FLAGS if getattr(filters, name))
        return conditions

    @property
    def assignment_source(self) -> ColumnElement[str]:
        """Where the row's department comes from: an item's may be the office's default; a project's department
        is the project's own (tracker.org.assignment)."""
        if self.subject_type == SubjectType.WORK_ITEM:
            return self.model.assignment_source
        return literal_column(f"'{AssignmentSource.OFFICE.value}'")

    @property
    def silent_since(self) -> ColumnElement[datetime]:
        return func.coalesce(self.model.last_update_at, self.model.created_at)

    def rows(self, conditions: list[ColumnElement[bool]]) -> Select[*tuple[Any, ...]]:
        """Every column a queue row shows, with the newest review joined in."""
        model, latest = self.model, self.latest
        return (
            select(
                literal_column(f"'{self.subject_type.value}'").label("subject_type"),
                model.id.label("subject_id"),
                self.title.label("title"),
                self.short_name.label("short_name"),
                self.outline_no.label("outline_no"),
                self.outline_added.label("outline_added"),
                self.path.label("path"),
                self.department_id.label("department_id"),
                self.assignment_source.label("assignment_source"),
                model.owner_id.label("owner_id"),
                model.due_date.label("due_date"),
                model.status.label("status"),
                model.progress.label("progress"),
                model.last_update_at.label("last_update_at"),
                model.created_at.label("created_at"),
                _as_flag(self.overdue).label("overdue"),
                _as_flag(self.stale).label("stale"),
                latest.c.outcome.label("review_outcome"),
                latest.c.follow_up_date.label("review_follow_up_date"),
                latest.c.created_at.label("review_at"),
                latest.c.id.label("review_id"),
                latest.c.request_state.label("request_state"),
                _as_flag(self.awaiting).label("awaiting"),
                _as_flag(self.answered).label("answered"),
                _as_flag(self.answer_overdue).label("answer_overdue"),
                _as_flag(self.behind).label("behind"),
                self.expected.label("milestone_expected"),
                self.measured.label("measured_progress"),
            )
            .outerjoin(latest, latest.c.subject_id == model.id)
            .where(*conditions)
        )


def _arms(plan_id: int, filters: QueueFilters, today: date, stale_days: int) -> list[_Arm]:
    """The arms the kind filter leaves: work items, projects, or both."""
    wanted = [KINDS[filters.kind]] if filters.kind else list(KINDS.values())
    return [_Arm.build(subject_type, plan_id, today, stale_days) for subject_type in wanted]


def queue_query(plan_id: int, filters: QueueFilters, today: date, stale_days: int) -> Select:
    """The filtered queue in its order (see _order). Each row also names its department and owner."""
    arms = _arms(plan_id, filters, today, stale_days)
    queue = union_all(*(arm.rows(arm.conditions(filters)) for arm in arms)).subquery("queue")
    return (
        select(queue, Department.name.label("department_name"), User.display_name.label("owner_name"))
        .outerjoin(Department, Department.id == queue.c.department_id)
        .outerjoin(User, User.id == queue.c.owner_id)
        .order_by(
            queue.c.overdue.desc(),
            queue.c.behind.desc(),
            case((queue.c.overdue == 1, queue.c.due_date), else_=None),
            func.coalesce(queue.c.last_update_at, queue.c.created_at),
            queue.c.subject_type.desc(),  # work items before projects when all else is equal
            queue.c.subject_id,
        )
    )


def _order(queue) -> tuple:
    """Queue order over a UNION of arms: overdue first, the longest overdue at the top; then those behind this
    year's milestone (a shortfall measured against what the department committed to for this year, which says
    more than silence alone but less than a final deadline already missed); then the stale-only; the latter two
    the longest silent first (never reported: counted from creation); work items before projects when all else
    is equal."""
    return (
        queue.c.overdue.desc(),
        queue.c.behind.desc(),
        case((queue.c.overdue == 1, queue.c.due_date), else_=None),
        queue.c.silent_since,
        queue.c.subject_type.desc(),
        queue.c.subject_id,
    )


def _keys(arms: list[_Arm], filters: QueueFilters) -> Sequence[Row[*tuple[Any, ...]]]:
    """Every queue row under the filters except the department, in queue order, narrow (subject_type,
    subject_id, department_id and the 1/0 flags of _FLAGS): one statement.

    Reading these narrow rows once and counting and paging them here costs less than asking the database
    for the counts and for the page separately: each would scan the plan again. The database sorts them, so
    no dates come back to be converted; the work items' arm reads the clocks index alone.
    """
    parts = [
        select(
            literal_column(f"'{arm.subject_type.value}'").label("subject_type"),
            arm.model.id.label("subject_id"),
            arm.department_id.label("department_id"),
            _as_flag(arm.overdue).label("overdue"),
            _as_flag(arm.stale).label("stale"),
            *(_as_flag(getattr(arm, name)).label(name) for name in _FLAGS[2:]),
            arm.model.due_date.label("due_date"),
            arm.silent_since.label("silent_since"),
        )
        .outerjoin(arm.latest, arm.latest.c.subject_id == arm.model.id)
        .where(*arm.conditions(filters, with_department=False))
        for arm in arms
    ]
    keys = union_all(*parts).subquery("keys")
    columns = ("subject_type", "subject_id", "department_id", *_FLAGS)
    # Core rows: the ORM's row wrapping costs more than the query for a few thousand narrow rows.
    ordered = select(*(keys.c[name] for name in columns)).order_by(*_order(keys))
    return db.session.connection().execute(ordered).all()


def _rows_for(arms: list[_Arm], keys: list[tuple[str, int]]) -> list:
    """The full rows of the given subjects, in the order of `keys`: one statement."""
    parts = [arm.rows([arm.model.id.in_([i for t, i in keys if t == arm.subject_type])]) for arm in arms]
    queue = union_all(*parts).subquery("page")
    found = {
        (row.subject_type, row.subject_id): row
        for row in db.session.execute(
            select(queue, Department.name.label("department_name"), User.display_name.label("owner_name"))
            .outerjoin(Department, Department.id == queue.c.department_id)
            .outerjoin(User, User.id == queue.c.owner_id)
        )
    }
    return [found[key] for key in keys if key in found]


# ---------------------------------------------------------------------------------------------------------------
# Rows as the pages show them


@dataclass
class LatestReview:
    outcome: str
    follow_up_date: date | None
    at: datetime
    id: int
    request_state: str | None  # a request's state (open, answered, closed); None for other outcomes


@dataclass
class QueueEntry:
    subject_type: SubjectType
    subject_id: int
    title: str
    outline_no: str
    department_id: int | None
    department_name: str | None
    assignment_source: str
    owner_name: str | None
    due_date: date | None
    status: str
    progress: int
    last_update_at: datetime | None
    overdue: bool
    stale: bool
    days_overdue: int | None
    days_silent: int
    review: LatestReview | None
    awaiting: bool
    answered: bool
    answer_overdue: bool
    behind: bool = False
    milestone_expected: int | None = None  # behind: the progress expected by today ...
    measured_progress: Any = None  # ... and the (rolled-up) progress it is compared with
    delay_reason: str = ""
    short_name: str = ""
    path: str = ""  # a work item's materialized path, from which attach_full_outlines reads its ancestors

    @property
    def url(self) -> str:
        return subject_url(self.subject_type, self.subject_id)


# The queue row's columns an entry shows as they are read.
_AS_READ = (
    "subject_id",
    "title",
    "short_name",
    "path",
    "department_id",
    "department_name",
    "assignment_source",
    "owner_name",
    "due_date",
    "status",
    "progress",
    "last_update_at",
)


def _entry(row, today: date) -> QueueEntry:
    overdue = bool(row.overdue)
    silent_since = local_date(row.last_update_at or row.created_at)  # the day it was in the zone `today` is in
    review = None
    if row.review_outcome is not None:
        review = LatestReview(
            row.review_outcome, row.review_follow_up_date, row.review_at, row.review_id, row.request_state
        )
    return QueueEntry(
        subject_type=SubjectType(row.subject_type),
        **{name: getattr(row, name) for name in _AS_READ},
        outline_no=shown_number(row.outline_no, bool(row.outline_added)),
        overdue=overdue,
        stale=bool(row.stale),
        days_overdue=(today - row.due_date).days if overdue else None,
        days_silent=(today - silent_since).days,
        review=review,
        awaiting=bool(row.awaiting),
        answered=bool(row.answered),
        answer_overdue=bool(row.answer_overdue),
        behind=bool(row.behind),
        milestone_expected=row.milestone_expected,
        measured_progress=row.measured_progress,
    )


def attach_delay_reasons(entries: list[QueueEntry]) -> None:
    """Each entry's newest approved status update's delay reason (a draft's is not the department's word yet), for
    all entries in one statement."""
    # An update belongs to exactly one subject: one subject column of its row is set, the others are NULL.
    columns = {t: getattr(StatusUpdate, t.key) for t in SubjectType}
    wanted = {t: [e.subject_id for e in entries if e.subject_type == t] for t in SubjectType}
    ranked = (
        select(
            *columns.values(),
            StatusUpdate.delay_reason,
            func.row_number()
            .over(
                partition_by=list(columns.values()), order_by=(StatusUpdate.created_at.desc(), StatusUpdate.id.desc())
            )
            .label("position"),
        )
        .where(or_(*(columns[t].in_(wanted[t]) for t in SubjectType)), StatusUpdate.took_effect)
        .subquery()
    )
    reasons: dict[tuple[str, int], str] = {}
    for row in db.session.execute(select(ranked).where(ranked.c.position == 1)).mappings():
        key = next((t, row[t.key]) for t in SubjectType if row[t.key] is not None)
        reasons[key] = row["delay_reason"] or ""
    for entry in entries:
        entry.delay_reason = reasons.get((entry.subject_type, entry.subject_id), "")


def queue_page(
    plan_id: int, filters: QueueFilters, today: date, stale_days: int, number: int, per_page: int = PER_PAGE
) -> tuple[Page, list[DepartmentCount]]:
    """One page of the queue as QueueEntry rows, and the counts per department: four statements (the narrow
    rows of both subject types in queue order, the departments' names, the page's full rows, its delay reasons)."""
    arms = _arms(plan_id, filters, today, stale_days)
    keys = _keys(arms, filters)
    counts = _count_by_department(keys)
    shown = [k for k in keys if filters.department_id in (None, k.department_id)]
    number = min(max(1, number), max(1, -(-len(shown) // per_page)))
    on_page = [(k.subject_type, k.subject_id) for k in shown[(number - 1) * per_page : number * per_page]]
    entries = [_entry(row, today) for row in _rows_for(arms, on_page)]
    attach_delay_reasons(entries)
    return Page(rows=entries, number=number, per_page=per_page, total=len(shown)), counts


def attach_full_outlines(plan_id: int, entries: list[QueueEntry]) -> None:
    """Each work item's full outline ("三、(一)1.〔1〕") in place of its own number, which names nothing in a list
    without the tree (a sheet, a mail): one statement for all entries."""
    items = [entry for entry in entries if entry.subject_type == SubjectType.WORK_ITEM]
    outlines = full_outlines(plan_id, {entry.subject_id: entry.path for entry in items})
    for entry in items:
        entry.outline_no = outlines.get(entry.subject_id, entry.outline_no)


def queue_entries(plan_id: int, filters: QueueFilters, today: date, stale_days: int) -> list[QueueEntry]:
    """The whole filtered queue (for reminders and exports), each item named by its full outline: three
    statements."""
    entries = [_entry(row, today) for row in db.session.execute(queue_query(plan_id, filters, today, stale_days))]
    attach_delay_reasons(entries)
    attach_full_outlines(plan_id, entries)
    return entries


# ---------------------------------------------------------------------------------------------------------------
# Counts per department


@dataclass
class DepartmentCount:
    department_id: int | None
    name: str | None
    total: int = 0
    overdue: int = 0
    stale: int = 0
    awaiting: int = 0
    answered: int = 0
    answer_overdue: int = 0
    behind: int = 0


def department_counts(plan_id: int, filters: QueueFilters, today: date, stale_days: int) -> list[DepartmentCount]:
    """How many queue rows each department has under the current filters except the department itself
    (so the counts say where to look next), busiest first."""
    return _count_by_department(_keys(_arms(plan_id, filters, today, stale_days), filters))


def _count_by_department(keys: Sequence[Row[*tuple[Any, ...]]]) -> list[DepartmentCount]:
    """Counts per department, named in one statement."""
    tallies: dict[int | None, list[int]] = defaultdict(lambda: [0] * (1 + len(_FLAGS)))
    for _subject_type, _subject_id, department_id, *flags in keys:
        tally = tallies[department_id]
        tally[0] += 1
        for position, flag in enumerate(flags, start=1):
            tally[position] += flag
    names: dict[int | None, tuple[str | None, int]] = {
        department_id: (name, sort_order)
        for department_id, name, sort_order in db.session.execute(
            select(Department.id, Department.name, Department.sort_order).where(
                Department.id.in_([d for d in tallies if d is not None])
            )
        )
    }
    counts = [
        DepartmentCount(department_id, names.get(department_id, (None, 0))[0], *tally)
        for department_id, tally in tallies.items()
    ]
    return sorted(
        counts,
        key=lambda c: (
            -c.total,
            c.department_id is None,
            names.get(c.department_id, (None, 0))[1],
            c.department_id or 0,
        ),
    )
