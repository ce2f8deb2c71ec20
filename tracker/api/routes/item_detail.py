"""One work item as its page shows it: the row's fields, its mandate, children, projects, budget and timeline.

Everything comes from the services the item page uses (tracker.plan.services.item_page for the budget rollup,
tracker.projects.queries for the projects, tracker.core.hooks for the timeline), so the two never disagree.
"""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue

from tracker.api.present import (
    BUDGET_TOTALS,
    DEPARTMENT_REF,
    USER_REF,
    budget_totals,
    department_ref,
    moment,
    user_ref,
)
from tracker.api.registry import operation
from tracker.api.routes.items import ROW_QUERY, WORK_ITEM, WORK_ITEM_FIELDS, item_rows, stale_days
from tracker.api.schemas import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    PERCENT,
    STRING,
    array,
    component,
    enum,
    nullable,
    obj,
    one,
)
from tracker.core import clock
from tracker.core.hooks import TimelineEntry, timeline_for
from tracker.core.permissions import get_or_404
from tracker.core.statuses import STATUS_VALUES
from tracker.core.subjects import SubjectType
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.plan.services import item_page
from tracker.projects.queries import ProjectRow, projects_for_item

# The timeline is read, not mined: the latest entries, with how many there are in all.
TIMELINE_LIMIT = 50

ITEM_PROJECT = component(
    "ItemProject",
    obj(
        {
            "id": INTEGER,
            "name": STRING,
            "department": DEPARTMENT_REF,
            "owner": nullable(USER_REF),
            "status": enum(STATUS_VALUES),
            "progress": PERCENT,
            "overdue": BOOLEAN,
            "budget": BUDGET_TOTALS,
        },
        description="A project serving the item (as its primary item or a linked one)",
    ),
)
TIMELINE_ENTRY = component(
    "TimelineEntry",
    obj(
        {
            "kind": {"type": "string", "description": "update (a status update), review, audit (a change), files"},
            "id": nullable(INTEGER),
            "at": DATETIME,
            "actor": nullable(USER_REF),
            "status": nullable(
                {"type": "string", "description": "update: the status after; review: the outcome; audit: the action"}
            ),
            "text": nullable(
                {"type": "string", "description": "update: the note; review: the comment; audit: field: old → new"}
            ),
        }
    ),
)
WORK_ITEM_DETAIL = component(
    "WorkItemDetail",
    obj(
        {
            **WORK_ITEM_FIELDS,
            "mandate": {"type": "string", "description": "The plan's text for the item"},
            "children": array(WORK_ITEM),
            "projects": array(ITEM_PROJECT),
            "budget": obj(
                {"own": BUDGET_TOTALS, "rollup": BUDGET_TOTALS},
                description="own: the item's projects; rollup: with everything below it, as the item page shows",
            ),
            "timeline": obj(
                {"entries": array(TIMELINE_ENTRY), "total": {"type": "integer", "minimum": 0}},
                description=f"Newest first, the latest {TIMELINE_LIMIT}; total: how many there are",
            ),
        }
    ),
)


def project_json(row: ProjectRow) -> dict[str, Any]:
    project = row.project
    return {
        "id": project.id,
        "name": project.name,
        "department": department_ref(project.department),
        "owner": user_ref(project.owner),
        "status": project.status,
        "progress": project.progress,
        "overdue": row.overdue,
        "budget": budget_totals(row.budget),
    }


def entry_json(entry: TimelineEntry) -> dict[str, Any]:
    data = entry.data
    status: str | None = None
    text: str | None = None
    if entry.kind == "update":
        status, text = data.status_after, data.note
    elif entry.kind == "review":
        status, text = data.outcome, data.comment
    elif entry.kind == "audit":
        status = data.action
        text = f"{data.field}: {data.old_value or ''} → {data.new_value or ''}" if data.field else None
    return {
        "kind": entry.kind,
        "id": getattr(data, "id", None),
        "at": moment(entry.at),
        "actor": user_ref(entry.actor),
        "status": status,
        "text": text or None,
    }


@operation(
    "/items/<int:item_id>",
    summary="One work item",
    tag="items",
    response=one(WORK_ITEM_DETAIL),
    errors=(404,),
)
def get_item(item_id: int) -> ResponseReturnValue:
    """The item with its mandate, its children (retired ones only under a retired item, as its page shows them),
    the projects serving it, its budget rolled up and its latest timeline entries. Retired items are readable."""
    item = get_or_404(WorkItem, item_id)
    today = clock.today()
    page = item_page(item, today, stale_days())
    children_query = ROW_QUERY.where(WorkItem.parent_id == item.id).order_by(WorkItem.path)
    if not item.retired:
        children_query = children_query.where(WorkItem.live)
    children = db.session.execute(children_query).all()
    [row] = item_rows(db.session.execute(ROW_QUERY.where(WorkItem.id == item.id)).all(), today)
    timeline = timeline_for(SubjectType.WORK_ITEM, item.id)
    node = page.node
    return {
        "data": {
            **row,
            "outline": page.outline,
            "mandate": item.mandate,
            "children": item_rows(children, today),
            "projects": [project_json(p) for p in projects_for_item(item.id, today)],
            "budget": {
                "own": budget_totals(node.own_budget if node else None),
                "rollup": budget_totals(node.budget if node else None),
            },
            "timeline": {"entries": [entry_json(e) for e in timeline[:TIMELINE_LIMIT]], "total": len(timeline)},
        }
    }
