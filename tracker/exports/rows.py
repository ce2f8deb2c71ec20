"""The plain rows the sheet writers in tracker/exports/sheets/ take: the title block, task rows, project and
budget rows, and the labels translated once per export. The modules that read the database fill them:
tracker.exports.data (the task list, loaded as a tree), tracker.exports.task_stream (the same list streamed) and
tracker.exports.project_budgets. With the rows here, those import one way (data -> task_stream -> rows), not in a
circle.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from tracker.auth.models import User
from tracker.core.localtime import to_local, zone
from tracker.dashboard.summary import PlanSummary
from tracker.db import ZERO
from tracker.org.assignment import AssignmentSource, source_label
from tracker.plan.labels import kind_label
from tracker.plan.models import ItemKind


@dataclass
class ExportMeta:
    """The title block: which plan, when, with which filters, by whom."""

    plan_title: str
    plan_code: str
    exported_at: datetime  # aware, in the configured zone (TRACKER_TIMEZONE)
    exported_by: str
    filters: list[str]
    summary: str
    years: tuple[int, ...] = ()
    installation: str = ""  # this installation's key (exports.installation), for the marker
    name_parts: tuple[str, ...] = ()  # what the file name says of the filters (department, "filtered")


@dataclass
class Report:
    """What an item's newest status update says: its note, and the delay explanation (empty when not late)."""

    delay_reason: str = ""
    remedy: str = ""
    expected_completion: date | None = None
    note: str = ""


def report_of(note: str | None, reason: str | None, remedy: str | None, expected: date | None) -> Report:
    return Report(reason or "", remedy or "", expected, note or "")


@dataclass
class TaskRow:
    id: int
    version: int
    depth: int
    outline: str
    title: str
    short_name: str
    kind: str
    status: str
    progress: int
    rollup: Decimal
    lead: str
    supporting: str
    assignment: str  # where the departments come from, in words (tracker.org.assignment)
    owner: str
    start: date | None
    due: date | None
    days_overdue: int | None
    flags: str
    last_update: datetime | None
    approved: Decimal  # own and descendants' (rolled up)
    allocated: Decimal
    spent: Decimal
    own_approved: Decimal  # the item's own projects only
    own_allocated: Decimal
    own_spent: Decimal
    report: Report
    matched: bool  # False: shown only as the ancestor of a match
    overdue: bool


def local_time(moment: datetime | None) -> datetime | None:
    """A stored (naive UTC) timestamp in the configured zone, naive again as Excel wants it."""
    return None if moment is None else to_local(moment)


class Words:
    """Labels translated once per export rather than once per row (a translation lookup costs more than the
    rest of the row), and the users' time zone looked up once."""

    def __init__(self) -> None:
        self.kinds = {kind.value: kind_label(kind.value) for kind in ItemKind}
        self.retired, self.overdue, self.stale = _("已撤销"), _("逾期"), _("久未更新")
        self.separator = _("、")
        self.assignment = {source.value: source_label(source.value) for source in AssignmentSource}
        self.zone = zone()

    def assignment_of(self, source: str, has_departments: bool) -> str:
        """Where a row's departments come from, in words; nothing for a row without departments."""
        return self.assignment.get(source, source) if has_departments else ""

    def local(self, moment: datetime | None) -> datetime | None:
        return None if moment is None else to_local(moment, self.zone)


def exporter_label(user: User) -> str:
    if user.department is not None:
        return _("%(name)s（%(department)s）", name=user.display_name, department=user.department.short_name)
    return user.display_name


@dataclass
class HistoryRow:
    """One status update that took effect, as the 进展记录 sheet lists it (tracker.exports.history)."""

    posted_at: datetime  # local wall-clock time (tracker.core.localtime), naive as Excel wants it
    subject: str  # an item's full outline and title, or the project's name
    author: str
    status_before: str  # in words
    status_after: str
    progress_before: int
    progress_after: int
    note: str
    delay_reason: str
    remedy: str
    expected_completion: date | None


@dataclass
class OfficeSheets:
    """What the 汇总 and 进展记录 sheets of plan.xlsx and of a department's tasks.xlsx show."""

    summary: PlanSummary
    history: Generator[HistoryRow]  # read as it is written (a cursor): closed by the sheet's writer
    scope: str  # in words: the whole plan, or the department's name
    unit: str  # 填报单位: the department's name; nothing for the whole plan (written by hand)


@dataclass
class TaskExport:
    meta: ExportMeta
    rows: Iterator[TaskRow]
    count: int
    office: OfficeSheets | None = None  # a department's filing: its 汇总 and 进展记录 sheets (tracker.exports.office)


@dataclass
class DocumentPartRow:
    """A part of the plan as its document reads (the 规划原文 sheet): the preamble, a context or a work item."""

    depth: int
    marker: str  # the part's own number as shown: the document's, or the tracker's in 〔 〕
    title: str
    text: str
    kind: str = ""  # a work item's kind, in words; nothing for the parts nobody executes
    outline: str = ""  # a work item's number as the task sheet shows it ("三、1.〔1〕"), to find its row there


@dataclass
class Money3:
    approved: Decimal = ZERO
    allocated: Decimal = ZERO
    spent: Decimal = ZERO

    def add(self, approved, allocated, spent) -> None:
        self.approved += Decimal(approved or 0)
        self.allocated += Decimal(allocated or 0)
        self.spent += Decimal(spent or 0)


@dataclass
class ProjectRow:
    name: str
    item: str  # outline number and title of the primary work item
    status: str
    progress: int
    start: date | None
    due: date | None
    fund_source: str
    owner: str
    overdue: bool
    years: dict[int, Money3]


@dataclass
class DepartmentGroup:
    name: str
    projects: list[ProjectRow] = field(default_factory=list)


@dataclass
class ItemBudgetRow:
    depth: int
    outline: str
    title: str
    lead: str
    years: dict[int, Money3]
