"""Work items: the plan's items with the tree page's filters, a page at a time, flat and fast.

Unlike the tree page, only the MATCHING items are answered (no greyed ancestors): each names its parent, depth and
full outline, so a client rebuilds the hierarchy itself. A page costs the same few statements whatever the plan's
size: a count, the page (lead department and owner joined), the page's supporting departments and the outlines of
its items' ancestors (tracker.plan.outline_paths).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from flask import current_app
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import ColumnExpressionArgument, Select, select
from sqlalchemy.orm import joinedload, load_only

from tracker.api.present import DEPARTMENT_REF, USER_REF, day, department_ref, moment, page_answer, user_ref
from tracker.api.query import PAGING, Param
from tracker.api.registry import operation
from tracker.api.routes.plans import PLAN_PARAM, plan_for
from tracker.api.schemas import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    PERCENT,
    STRING,
    array,
    component,
    enum,
    nullable,
    obj,
    page_of,
)
from tracker.core import clock
from tracker.core.errors import ValidationError
from tracker.core.paging import paginate
from tracker.core.statuses import STATUS_VALUES
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import ItemKind, WorkItem, work_item_supporting_departments
from tracker.plan.outline_paths import full_outlines
from tracker.plan.rules import is_overdue
from tracker.plan.tree_filters import SORTS, TreeFilters, match_clause, sql_order

WORK_ITEM_FIELDS = {
    "id": INTEGER,
    "plan_id": INTEGER,
    "parent_id": nullable(INTEGER),
    "depth": {"type": "integer", "minimum": 0, "description": "0 for the plan's top level"},
    "kind": enum(tuple(ItemKind)),
    "outline_number": {"type": "string", "description": "The item's own number as the plan writes it, in Chinese numbering"},
    "outline": {"type": "string", "description": "The full outline, every level's number from the top level down"},
    "title": STRING,
    "status": enum(STATUS_VALUES),
    "progress": {**PERCENT, "description": "The item's own progress"},
    "rollup_progress": {**NUMBER, "description": "Weighted progress of the item and everything below it"},
    "lead_department": nullable(DEPARTMENT_REF),
    "supporting_departments": array(DEPARTMENT_REF),
    "owner": nullable(USER_REF),
    "start_date": nullable(DATE),
    "due_date": nullable(DATE),
    "overdue": {**BOOLEAN, "description": "Due before today and neither completed nor suspended"},
    "last_update_at": nullable(DATETIME),
    "version": {**INTEGER, "description": "Send it back with a status update: a stale one is refused (409)"},
    "retired": BOOLEAN,
    "url": {**STRING, "description": "The item's page in the application"},
}
WORK_ITEM = component("WorkItem", obj(WORK_ITEM_FIELDS, description="A work item, flat: its place is parent_id"))

ITEM_FILTERS = (
    PLAN_PARAM,
    Param("department", "id", "Items this department leads or supports"),
    Param("lead", "boolean", "With department: only the items it leads", default=False),
    Param("status", "choice", "Only items with this status", choices=STATUS_VALUES),
    Param("kind", "choice", "Only items of this kind", choices=tuple(ItemKind)),
    Param("overdue", "boolean", "Only overdue items", default=False),
    Param("on_time", "boolean", "Only open items that are not overdue", default=False),
    Param("stale", "boolean", "Only items without a status update for the configured days", default=False),
    Param("q", "string", "Search text, as the tree page searches (title, short name, mandate)"),
    Param("retired", "boolean", "Include retired items", default=False),
    Param("parent", "id", "Only the direct children of this item"),
    Param("sort", "choice", "Order: plan (outline order), due, progress or status", default="plan", choices=SORTS),
)

# What a row shows: the mandate (long) is left out of a list.
_ROW_COLUMNS = (
    WorkItem.plan_id,
    WorkItem.parent_id,
    WorkItem.path,
    WorkItem.depth,
    WorkItem.kind,
    WorkItem.outline_no,
    WorkItem.outline_added,
    WorkItem.title,
    WorkItem.status,
    WorkItem.progress,
    WorkItem.rollup_progress,
    WorkItem.start_date,
    WorkItem.due_date,
    WorkItem.last_update_at,
    WorkItem.version,
    WorkItem.retired,
    WorkItem.lead_department_id,
    WorkItem.owner_id,
)


def stale_days() -> int:
    return int(current_app.config["TRACKER_STALE_DAYS"])


def with_row_columns(query: Select) -> Select:
    """The row's columns with its lead department and owner in the same statement."""
    return query.options(load_only(*_ROW_COLUMNS), joinedload(WorkItem.lead_department), joinedload(WorkItem.owner))


def _supporting(ids: list[int]) -> dict[int, list[Department]]:
    """The items' supporting departments in their display order: one statement."""
    link = work_item_supporting_departments
    rows = db.session.execute(
        select(link.c.work_item_id, Department)
        .join(Department, Department.id == link.c.department_id)
        .where(link.c.work_item_id.in_(ids))
        .order_by(Department.sort_order, Department.id)
    )
    result: dict[int, list[Department]] = defaultdict(list)
    for item_id, department in rows:
        result[item_id].append(department)
    return result


def item_rows(items: list[WorkItem], today: date) -> list[dict[str, Any]]:
    """The items as JSON rows: two statements for any number of items (none for no items)."""
    if not items:
        return []
    supporting = _supporting([item.id for item in items])
    outlines = full_outlines(items[0].plan_id, {item.id: item.path for item in items})
    return [item_json(item, supporting.get(item.id, []), outlines.get(item.id, ""), today) for item in items]


def item_json(item: WorkItem, supporting: list[Department], outline: str, today: date) -> dict[str, Any]:
    return {
        "id": item.id,
        "plan_id": item.plan_id,
        "parent_id": item.parent_id,
        "depth": item.depth,
        "kind": item.kind,
        "outline_number": item.shown_outline_no,
        "outline": outline or item.shown_outline_no,
        "title": item.title,
        "status": item.status,
        "progress": item.progress,
        "rollup_progress": float(item.rollup_progress or 0),
        "lead_department": department_ref(item.lead_department),
        "supporting_departments": [department_ref(d) for d in supporting],
        "owner": user_ref(item.owner),
        "start_date": day(item.start_date),
        "due_date": day(item.due_date),
        "overdue": is_overdue(item.due_date, item.status, today),
        "last_update_at": moment(item.last_update_at),
        "version": item.version,
        "retired": item.retired,
        "url": WorkItem.page_url(item.id),
    }


def _filters(query: dict[str, Any]) -> TreeFilters:
    """The tree page's filters from the declared parameters; a department that does not exist is refused (the page
    drops it with a notice, a program is told)."""
    department_id = query["department"]
    if department_id is not None and db.session.get(Department, department_id) is None:
        raise ValidationError(_("未找到所选部门。"), field="department")
    return TreeFilters(
        department_id=department_id,
        lead_only=query["lead"],
        status=query["status"],
        kind=query["kind"],
        overdue=query["overdue"],
        on_time=query["on_time"],
        stale=query["stale"],
        query=(query["q"] or "").strip(),
        sort=query["sort"],
        show_retired=query["retired"],
    )


@operation(
    "/items",
    summary="Work items of a plan",
    tag="items",
    query=(*ITEM_FILTERS, *PAGING),
    response=page_of(WORK_ITEM),
    errors=(404, 422),
)
def list_items(query: dict[str, Any]) -> ResponseReturnValue:
    """The plan's items that match every filter given, with the tree page's meaning, in plan (outline) order or
    by `sort`. Only the matching items are listed, not their ancestors: `parent_id`, `depth` and `outline` place
    each in the hierarchy. An unknown `department` is 422."""
    plan = plan_for(query["plan"])
    filters = _filters(query)
    today = clock.today()
    conditions: list[ColumnExpressionArgument[bool]] = [
        WorkItem.plan_id == plan.id,
        match_clause(filters, today, stale_days()),
    ]
    if not filters.show_retired:
        conditions.append(WorkItem.live)
    if query["parent"] is not None:
        conditions.append(WorkItem.parent_id == query["parent"])
    ordered = select(WorkItem).where(*conditions).order_by(*sql_order(filters.sort, filters.query))
    page = paginate(with_row_columns(ordered), query["page"], query["per_page"], scalars=True)
    return page_answer(page, item_rows(page.rows, today))
