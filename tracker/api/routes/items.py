"""Work items: the plan's items with the tree page's filters, a page at a time, flat and fast.

Unlike the tree page, only the MATCHING items are answered (no greyed ancestors): each names its parent, depth and
full outline, so a client rebuilds the hierarchy itself. A page costs the same few statements whatever the plan's
size: a count, the page (lead department and owner joined), the page's supporting departments and the outlines of
its items' ancestors (tracker.plan.outline_paths).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import ColumnExpressionArgument, func, select
from sqlalchemy.orm import aliased

from tracker.api.present import DEPARTMENT_REF, USER_REF, day, page_answer
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
from tracker.auth.models import User
from tracker.core import clock
from tracker.core.errors import ValidationError
from tracker.core.localtime import in_zone, zone
from tracker.core.paging import Page
from tracker.core.statuses import STATUS_VALUES
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import ItemKind, WorkItem, work_item_supporting_departments
from tracker.plan.outline import shown_number
from tracker.plan.outline_paths import full_outlines
from tracker.plan.rules import is_overdue
from tracker.plan.tree_filters import SORTS, TreeFilters, match_clause, sql_order

WORK_ITEM_FIELDS = {
    "id": INTEGER,
    "plan_id": INTEGER,
    "parent_id": nullable(INTEGER),
    "depth": {"type": "integer", "minimum": 0, "description": "0 for the plan's top level"},
    "kind": enum(tuple(ItemKind)),
    "outline_number": {"type": "string", "description": "The item's own number, as the plan writes it"},
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

# A row's columns, read as plain rows (no ORM objects: a page of 100 is built in a few milliseconds) with the
# lead department and the owner joined; the mandate (long) is left out of a list.
_LEAD = aliased(Department, name="lead")
_OWNER = aliased(User, name="owner")
ROW_QUERY = (
    select(
        WorkItem.id,
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
        _LEAD.id.label("lead_id"),
        _LEAD.name.label("lead_name"),
        _LEAD.short_name.label("lead_short_name"),
        _OWNER.id.label("owner_id"),
        _OWNER.display_name.label("owner_display_name"),
        _OWNER.username.label("owner_username"),
    )
    .outerjoin(_LEAD, _LEAD.id == WorkItem.lead_department_id)
    .outerjoin(_OWNER, _OWNER.id == WorkItem.owner_id)
)


def stale_days() -> int:
    return int(current_app.config["TRACKER_STALE_DAYS"])


def _supporting(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The items' supporting departments (as DepartmentRef) in their display order: one statement."""
    link = work_item_supporting_departments
    rows = db.session.execute(
        select(link.c.work_item_id, Department.id, Department.name, Department.short_name)
        .join(Department, Department.id == link.c.department_id)
        .where(link.c.work_item_id.in_(ids))
        .order_by(Department.sort_order, Department.id)
    )
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item_id, department_id, name, short_name in rows:
        result[item_id].append({"id": department_id, "name": name, "short_name": short_name or None})
    return result


def item_rows(rows: Sequence[Any], today: date) -> list[dict[str, Any]]:
    """ROW_QUERY's rows (read by their labels) as JSON: two statements for any number of rows (none for none)."""
    if not rows:
        return []
    supporting = _supporting([row.id for row in rows])
    outlines = full_outlines(rows[0].plan_id, {row.id: row.path for row in rows})
    url, tz = _page_url_builder(), zone()
    return [item_json(row, supporting.get(row.id, []), outlines.get(row.id, ""), today, url, tz) for row in rows]


def _page_url_builder() -> Callable[[int], str]:
    """The items' page URLs: the route is built once and the id set in, since building a URL costs a quarter of a
    millisecond (a hundred of them were a third of a page's time). The id is the URL's only variable part."""
    before, after = WorkItem.page_url(0).rsplit("0", 1)
    return lambda item_id: f"{before}{item_id}{after}"


def item_json(
    row: Any, supporting: list[dict[str, Any]], outline: str, today: date, url: Callable[[int], str], tz: ZoneInfo
) -> dict[str, Any]:
    """`url` and `tz` are looked up once per page (_page_url_builder, localtime.zone)."""
    own_number = shown_number(row.outline_no, row.outline_added)
    return {
        "id": row.id,
        "plan_id": row.plan_id,
        "parent_id": row.parent_id,
        "depth": row.depth,
        "kind": row.kind,
        "outline_number": own_number,
        "outline": outline or own_number,
        "title": row.title,
        "status": row.status,
        "progress": row.progress,
        "rollup_progress": float(row.rollup_progress or 0),
        "lead_department": (
            {"id": row.lead_id, "name": row.lead_name, "short_name": row.lead_short_name or None}
            if row.lead_id is not None
            else None
        ),
        "supporting_departments": supporting,
        "owner": (
            {"id": row.owner_id, "display_name": row.owner_display_name or row.owner_username}
            if row.owner_id is not None
            else None
        ),
        "start_date": day(row.start_date),
        "due_date": day(row.due_date),
        "overdue": is_overdue(row.due_date, row.status, today),
        "last_update_at": in_zone(row.last_update_at, tz).isoformat(timespec="seconds") if row.last_update_at else None,
        "version": row.version,
        "retired": row.retired,
        "url": url(row.id),
    }


def page_of_rows(
    conditions: list[ColumnExpressionArgument[bool]], order: list[Any], number: int, per_page: int
) -> Page:
    """As tracker.core.paging.paginate answers (a page past the end is the last page), but the count reads only
    the work_items index the conditions name, not the joined row query."""
    total = db.session.scalar(select(func.count()).select_from(WorkItem).where(*conditions)) or 0
    number = min(max(1, number), max(1, -(-total // per_page)))
    query = ROW_QUERY.where(*conditions).order_by(*order).limit(per_page).offset((number - 1) * per_page)
    return Page(rows=list(db.session.execute(query).all()), number=number, per_page=per_page, total=total)


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
    page = page_of_rows(conditions, sql_order(filters.sort, filters.query), query["page"], query["per_page"])
    return page_answer(page, item_rows(page.rows, today))
