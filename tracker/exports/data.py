"""The task list and the review list as the exports show them, read in a fixed number of statements.

The task list is built by the same functions as the plan tree page (load_tree, parse_filters, apply_filters),
so the file lists exactly the rows the user's page lists, in the same order; the whole plan in plan order is
streamed instead (tracker.exports.task_stream). Everything here returns the plain rows of tracker.exports.rows
for the pure sheet writers in tracker/exports/sheets/.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.filters import status_label
from tracker.core.localtime import in_zone
from tracker.exports.installation import installation_key
from tracker.exports.office import department_scope, office_sheets
from tracker.exports.rows import ExportMeta, Report, TaskExport, TaskRow, Words, exporter_label, report_of
from tracker.exports.task_stream import has_hidden_live_items, stream_counts, stream_rows
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.labels import kind_label
from tracker.plan.models import Plan, WorkItem
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
from tracker.updates.latest import latest_words
from tracker.updates.models import StatusUpdate


def latest_reports(plan_id: int) -> dict[int, Report]:
    """Each item's newest approved status update's note and delay explanation (a draft says nothing yet): one
    statement (a window function ranks them)."""
    words = latest_words(WorkItem.plan_id == plan_id, join=(WorkItem, WorkItem.id == StatusUpdate.work_item_id))
    return {item_id: report_of(note, reason, remedy, expected) for item_id, note, reason, remedy, expected in words}


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
            (filters.default_only, _("仅默认分工")),
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
        short_name=item.short_name,
        kind=words.kinds.get(item.kind, item.kind),
        status=item.status,
        progress=item.progress,
        rollup=node.progress,
        lead=item.lead_department.short_name if item.lead_department else "",
        supporting=words.separator.join(d.short_name for d in node.supporting),
        assignment=words.assignment_of(item.assignment_source, bool(item.lead_department_id or node.supporting)),
        owner=item.owner.display_name if item.owner else "",
        start=item.start_date,
        due=item.due_date,
        days_overdue=(today - item.due_date).days if node.overdue and item.due_date else None,
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
        exported_at=in_zone(clock.now()),
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
    department_id = department_scope(loaded.filters)
    return TaskExport(
        meta=_meta(
            plan, user, filter_words, _summary(loaded.view), name_parts(loaded.filters, loaded.tree.departments)
        ),
        rows=(_task_row(row, reports, today, words) for row in loaded.view.rows),
        count=len(loaded.view.rows),
        office=None
        if department_id is None
        else office_sheets(plan.id, loaded.tree.departments[department_id], today, stale_days, words),
    )


def _streamed_export(
    plan: Plan, args: Mapping[str, str], user: User, today: date, stale_days: int
) -> TaskExport | None:
    """The whole plan in plan order, read as it is written (tracker.exports.task_stream); None when the
    arguments filter or reorder the rows, which then come from the loaded tree as on the page."""
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


def review_entries(plan_id: int, user: User, today: date, stale_days: int) -> tuple[list, str] | None:
    """The review queue as the queue page shows it: everyone signed in reads the whole queue."""
    from tracker.review.permissions import can_read_queue
    from tracker.review.queue import QueueFilters, queue_entries

    if not can_read_queue(user):
        return None
    return queue_entries(plan_id, QueueFilters(), today, stale_days), _("全部部门")
