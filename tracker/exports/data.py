"""What the exports show, read from the database in a fixed number of statements.

The task list is built by the same functions as the plan tree page (load_tree, parse_filters, apply_filters),
so the file lists exactly the rows the user's page lists, in the same order. Everything here returns plain
rows for the pure sheet writers in tracker/exports/sheets/.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.core.filters import status_label
from tracker.core.localtime import in_zone, to_local, zone
from tracker.db import ZERO, utcnow
from tracker.exports.installation import installation_key
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.labels import kind_label
from tracker.plan.models import ItemKind, Plan, WorkItem
from tracker.plan.rules import is_overdue
from tracker.plan.tree import PlanTree, load_tree
from tracker.plan.tree_filters import (
    Row,
    TreeFilters,
    TreeView,
    apply_filters,
    is_filtered,
    parse_filters,
    wants_retired,
)
from tracker.projects.models import BudgetLine, Project
from tracker.updates.models import StatusUpdate


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
    kind: str
    status: str
    progress: int
    rollup: Decimal
    lead: str
    supporting: str
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


@dataclass
class TaskExport:
    meta: ExportMeta
    rows: Iterator[TaskRow]
    count: int


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
        self.zone = zone()

    def local(self, moment: datetime | None) -> datetime | None:
        return None if moment is None else to_local(moment, self.zone)


def exporter_label(user: User) -> str:
    if user.department is not None:
        return _("%(name)s（%(department)s）", name=user.display_name, department=user.department.short_name)
    return user.display_name


def latest_reports(plan_id: int) -> dict[int, Report]:
    """Each item's newest status update's note and delay explanation: one statement (a window function ranks
    them)."""
    ranked = (
        select(
            StatusUpdate.work_item_id,
            StatusUpdate.note,
            StatusUpdate.delay_reason,
            StatusUpdate.remedy,
            StatusUpdate.expected_completion,
            func.row_number()
            .over(
                partition_by=StatusUpdate.work_item_id,
                order_by=(StatusUpdate.created_at.desc(), StatusUpdate.id.desc()),
            )
            .label("position"),
        )
        .join(WorkItem, WorkItem.id == StatusUpdate.work_item_id)
        .where(WorkItem.plan_id == plan_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            ranked.c.work_item_id, ranked.c.note, ranked.c.delay_reason, ranked.c.remedy, ranked.c.expected_completion
        ).where(ranked.c.position == 1)
    )
    return {item_id: report_of(note, reason, remedy, expected) for item_id, note, reason, remedy, expected in rows}


def describe_filters(filters: TreeFilters, departments: Mapping[int, Department]) -> list[str]:
    """The filters in words, as the page's form shows them."""
    words: list[str] = []
    if filters.query:
        words.append(_("搜索：%(q)s", q=filters.query))
    if filters.department_id is not None:
        department = departments[filters.department_id]
        words.append(_("部门：%(name)s", name=department.short_name or department.name))
        if filters.lead_only:
            words.append(_("仅牵头"))
    if filters.status:
        words.append(_("状态：%(status)s", status=status_label(filters.status)))
    if filters.kind:
        words.append(_("类型：%(kind)s", kind=kind_label(filters.kind)))
    words.extend(
        label
        for flag, label in (
            (filters.overdue, _("仅逾期")),
            (filters.on_time, _("仅在办未逾期")),
            (filters.stale, _("仅久未更新")),
            (filters.show_retired, _("显示已撤销")),
        )
        if flag
    )
    if filters.sort != "plan":
        sorts = {"due": _("完成期限"), "progress": _("进度"), "status": _("状态")}
        words.append(_("排序：%(sort)s", sort=sorts[filters.sort]))
    return words


def _flags(row: Row, words: Words) -> str:
    node = row.node
    flags = [
        label
        for flag, label in (
            (node.item.retired, words.retired),
            (node.overdue, words.overdue),
            (node.stale, words.stale),
        )
        if flag
    ]
    return words.separator.join(flags)


def _task_row(row: Row, reports: Mapping[int, Report], today: date, words: Words) -> TaskRow:
    node = row.node
    item = node.item
    return TaskRow(
        id=item.id,
        version=item.version,
        depth=node.depth,
        outline=node.outline,
        title=item.title,
        kind=words.kinds.get(item.kind, item.kind),
        status=item.status,
        progress=item.progress,
        rollup=node.progress,
        lead=item.lead_department.short_name if item.lead_department else "",
        supporting=words.separator.join(d.short_name for d in node.supporting),
        owner=item.owner.display_name if item.owner else "",
        start=item.start_date,
        due=item.due_date,
        days_overdue=(today - item.due_date).days if node.overdue else None,
        flags=_flags(row, words),
        last_update=words.local(item.last_update_at),
        approved=node.budget.approved,
        allocated=node.budget.allocated,
        spent=node.budget.spent,
        own_approved=node.own_budget.approved,
        own_allocated=node.own_budget.allocated,
        own_spent=node.own_budget.spent,
        report=reports.get(item.id, Report()),
        matched=row.matched,
        overdue=node.overdue,
    )


def _summary(view: TreeView) -> str:
    return _(
        "显示 %(shown)d / 共 %(total)d 项 · 逾期 %(overdue)d · 久未更新 %(stale)d",
        shown=view.shown,
        total=view.total,
        overdue=view.overdue,
        stale=view.stale,
    )


def name_parts(filters: TreeFilters, departments: Mapping[int, Department]) -> tuple[str, ...]:
    """What a filtered export's file name says (the department, then "filtered"), so that it differs from the
    whole list's; nothing for the whole list."""
    if not (is_filtered(filters) or filters.show_retired):
        return ()
    department = departments.get(filters.department_id) if filters.department_id is not None else None
    return (department.short_name or department.name, _("筛选")) if department else (_("筛选"),)


def _meta(plan: Plan, user: User, filter_words: list[str], summary: str, parts: tuple[str, ...] = ()) -> ExportMeta:
    return ExportMeta(
        plan_title=plan.title,
        plan_code=plan.code,
        exported_at=in_zone(utcnow()),
        exported_by=exporter_label(user),
        filters=filter_words,
        summary=summary,
        years=tuple(range(plan.start_year, plan.end_year + 1)),
        installation=installation_key(),
        name_parts=parts,
    )


@dataclass
class LoadedTree:
    tree: PlanTree
    filters: TreeFilters
    view: TreeView


def filtered_tree(plan: Plan, args: Mapping[str, str], today: date, stale_days: int) -> LoadedTree:
    """Exactly what plan.tree computes for the same URL arguments."""
    plan_tree = load_tree(plan.id, today, stale_days, include_retired=wants_retired(args))
    filters = parse_filters(args, plan_tree.departments)
    return LoadedTree(plan_tree, filters, apply_filters(plan_tree, filters))


def task_export(
    plan: Plan, args: Mapping[str, str], user: User, today: date, stale_days: int, loaded: LoadedTree | None = None
) -> TaskExport:
    if loaded is None:
        streamed = _streamed_export(plan, args, user, today, stale_days)
        if streamed is not None:
            return streamed
    loaded = loaded or filtered_tree(plan, args, today, stale_days)
    reports = latest_reports(plan.id)
    words = Words()
    filter_words = describe_filters(loaded.filters, loaded.tree.departments) + [
        _("已忽略：%(notice)s", notice=notice) for notice in loaded.filters.notices
    ]
    return TaskExport(
        meta=_meta(
            plan, user, filter_words, _summary(loaded.view), name_parts(loaded.filters, loaded.tree.departments)
        ),
        rows=(_task_row(row, reports, today, words) for row in loaded.view.rows),
        count=len(loaded.view.rows),
    )


def _streamed_export(
    plan: Plan, args: Mapping[str, str], user: User, today: date, stale_days: int
) -> TaskExport | None:
    """The whole plan in plan order, read as it is written (tracker.exports.task_stream); None when the
    arguments filter or reorder the rows, which then come from the loaded tree as on the page."""
    from tracker.exports.task_stream import has_hidden_live_items, stream_counts, stream_rows

    departments = {d.id: d for d in db.session.scalars(select(Department))}
    filters = parse_filters(args, departments)
    if is_filtered(filters) or filters.sort != "plan":
        return None
    if not filters.show_retired and has_hidden_live_items(plan.id):
        return None
    counts = stream_counts(plan.id, filters.show_retired, today, stale_days)
    words = Words()
    summary = _(
        "显示 %(shown)d / 共 %(total)d 项 · 逾期 %(overdue)d · 久未更新 %(stale)d",
        shown=counts.shown,
        total=counts.shown,
        overdue=counts.overdue,
        stale=counts.stale,
    )
    filter_words = describe_filters(filters, departments) + [
        _("已忽略：%(notice)s", notice=notice) for notice in filters.notices
    ]
    return TaskExport(
        meta=_meta(plan, user, filter_words, summary, name_parts(filters, departments)),
        rows=stream_rows(plan.id, filters.show_retired, departments, today, stale_days, words),
        count=counts.shown,
    )


# ---------------------------------------------------------------------------------------------------------------
# Projects and budgets


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


def _budget_lines(plan_id: int) -> dict[int, dict[int, Money3]]:
    rows = db.session.execute(
        select(BudgetLine.project_id, BudgetLine.year, BudgetLine.approved, BudgetLine.allocated, BudgetLine.spent)
        .join(Project, Project.id == BudgetLine.project_id)
        .join(WorkItem, WorkItem.id == Project.work_item_id)
        .where(WorkItem.plan_id == plan_id, Project.retired.is_(False))
    )
    lines: dict[int, dict[int, Money3]] = defaultdict(dict)
    for project_id, year, approved, allocated, spent in rows:
        money = lines[project_id].setdefault(year, Money3())
        money.add(approved, allocated, spent)
    return lines


def project_groups(plan_id: int, tree: PlanTree, today: date) -> list[DepartmentGroup]:
    """The plan's live projects by department (in the departments' order): two statements."""
    projects = db.session.execute(
        select(Project, Department, User)
        .join(Department, Department.id == Project.department_id)
        .join(WorkItem, WorkItem.id == Project.work_item_id)
        .outerjoin(User, User.id == Project.owner_id)
        .where(WorkItem.plan_id == plan_id, Project.retired.is_(False))
        .order_by(Department.sort_order, Department.id, Project.name, Project.id)
    ).all()
    lines = _budget_lines(plan_id)
    groups: dict[int, DepartmentGroup] = {}
    for project, department, owner in projects:
        node = tree.by_id.get(project.work_item_id)
        item = f"{node.outline} {node.item.title}".strip() if node else ""
        groups.setdefault(department.id, DepartmentGroup(department.name)).projects.append(
            ProjectRow(
                name=project.name,
                item=item,
                status=project.status,
                progress=project.progress,
                start=project.start_date,
                due=project.due_date,
                fund_source=project.fund_source,
                owner=owner.display_name if owner else "",
                overdue=is_overdue(project.due_date, project.status, today),
                years=lines.get(project.id, {}),
            )
        )
    return list(groups.values())


def item_budget_rows(plan_id: int, tree: PlanTree) -> list[ItemBudgetRow]:
    """Per work item and year, the budgets of its projects and its descendants' (one statement), in plan order;
    items without any budget in their subtree are left out."""
    rows = db.session.execute(
        select(
            Project.work_item_id,
            BudgetLine.year,
            func.sum(BudgetLine.approved),
            func.sum(BudgetLine.allocated),
            func.sum(BudgetLine.spent),
        )
        .join(BudgetLine, BudgetLine.project_id == Project.id)
        .join(WorkItem, WorkItem.id == Project.work_item_id)
        .where(WorkItem.plan_id == plan_id, Project.retired.is_(False))
        .group_by(Project.work_item_id, BudgetLine.year)
    )
    own: dict[int, dict[int, Money3]] = defaultdict(dict)
    for item_id, year, approved, allocated, spent in rows:
        own[item_id].setdefault(year, Money3()).add(approved, allocated, spent)
    totals: dict[int, dict[int, Money3]] = {}

    def roll_up(node) -> dict[int, Money3]:
        years: dict[int, Money3] = defaultdict(Money3)
        for year, money in own.get(node.id, {}).items():
            years[year].add(money.approved, money.allocated, money.spent)
        for child in node.children:
            for year, money in roll_up(child).items():
                years[year].add(money.approved, money.allocated, money.spent)
        totals[node.id] = years
        return years

    for root in tree.roots:
        roll_up(root)
    return [
        ItemBudgetRow(
            node.depth,
            node.outline,
            node.item.title,
            node.item.lead_department.short_name if node.item.lead_department else "",
            totals[node.id],
        )
        for node in tree.walk()
        if totals.get(node.id)
    ]


def review_entries(plan_id: int, user: User, today: date, stale_days: int) -> tuple[list, str] | None:
    """The review queue as the queue page shows it: everyone signed in reads the whole queue."""
    from tracker.review.permissions import can_read_queue
    from tracker.review.queue import QueueFilters, queue_entries

    if not can_read_queue(user):
        return None
    return queue_entries(plan_id, QueueFilters(), today, stale_days), _("全部部门")
