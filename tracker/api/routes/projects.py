"""Projects and their yearly budget lines: read by everyone signed in, as the project pages are.

The list is the projects page's query (tracker.projects.queries.list_projects) with its filters as parameters;
the budget is the detail page's table (tracker.projects.budget.budget_table) with the same warnings.
"""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue

from tracker.api.present import (
    BUDGET_TOTALS,
    DEPARTMENT_REF,
    USER_REF,
    budget_totals,
    day,
    department_ref,
    page_answer,
    user_ref,
)
from tracker.api.query import PAGING, Param
from tracker.api.registry import operation
from tracker.api.routes.plans import PLAN_PARAM, plan_for
from tracker.api.schemas import (
    DATE,
    INTEGER,
    PERCENT,
    STRING,
    array,
    component,
    enum,
    nullable,
    obj,
    one,
    page_of,
)
from tracker.core import clock
from tracker.core.money import BudgetTotals
from tracker.core.paging import Page
from tracker.core.permissions import get_or_404
from tracker.core.statuses import STATUS_VALUES
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue
from tracker.projects import queries
from tracker.projects.budget import budget_table
from tracker.projects.models import Project

STATUS = enum(STATUS_VALUES, "not_started, in_progress, at_risk, delayed, completed, suspended")
ITEM_REF = component("ItemRef", obj({"id": INTEGER, "title": STRING}, description="A work item, named"))
_PROJECT_FIELDS: dict[str, Any] = {
    "id": INTEGER,
    "name": STRING,
    "department": DEPARTMENT_REF,
    "owner": nullable(USER_REF),
    "primary_item": ITEM_REF,
    "fund_source": STRING,
    "start_date": nullable(DATE),
    "due_date": nullable(DATE),
    "status": STATUS,
    "progress": PERCENT,
    "overdue": {"type": "boolean", "description": "Due before today and neither completed nor suspended"},
    "version": {"type": "integer", "description": "Send it back with a status update: a stale one is a 409"},
    "budget": BUDGET_TOTALS,
    "url": {"type": "string", "description": "The project's page"},
}
PROJECT = component("Project", obj(_PROJECT_FIELDS))
PROJECT_DETAIL = component(
    "ProjectDetail",
    obj({**_PROJECT_FIELDS, "description": STRING, "linked_items": array(ITEM_REF)}),
)
PROJECT_FILTERS = (
    PLAN_PARAM,
    Param("department", "id", "Projects owned by this department"),
    Param("status", "choice", "Projects in this status", choices=STATUS_VALUES),
    Param("item", "id", "Projects serving this work item or one below it (as primary or linked item)"),
    Param("overdue", "boolean", "Only projects past their due date and not closed", default=False),
    Param("q", "string", "Text in the name, description, fund source or the served items' names"),
    Param("year", "integer", "Budget totals of this year only", minimum=2000, maximum=2100),
)


def item_ref(item: WorkItem) -> dict[str, Any]:
    return {"id": item.id, "title": item.title}


def project_json(project: Project, budget: BudgetTotals, overdue: bool) -> dict[str, Any]:
    return {
        "id": project.id,
        "name": project.name,
        "department": department_ref(project.department),
        "owner": user_ref(project.owner),
        "primary_item": item_ref(project.work_item),
        "fund_source": project.fund_source,
        "start_date": day(project.start_date),
        "due_date": day(project.due_date),
        "status": project.status,
        "progress": project.progress,
        "overdue": overdue,
        "version": project.version,
        "budget": budget_totals(budget),
        "url": project.url,
    }


@operation(
    "/projects",
    summary="Projects of a plan",
    tag="projects",
    query=(*PROJECT_FILTERS, *PAGING),
    response=page_of(PROJECT),
    errors=(404,),
)
def list_projects(query: dict[str, Any]) -> ResponseReturnValue:
    """The projects page's list: by department, then name; budget totals over every year unless `year`."""
    plan = plan_for(query["plan"])
    filters = queries.ProjectFilters(
        department_id=query["department"],
        status=query["status"],
        item_id=query["item"],
        overdue=query["overdue"],
        q=(query["q"] or "").strip(),
        year=query["year"],
        page=query["page"],
    )
    result = queries.list_projects(filters, plan.id, clock.today(), per_page=query["per_page"])
    page = Page(rows=result.rows, number=result.page, per_page=query["per_page"], total=result.total)
    return page_answer(page, [project_json(row.project, row.budget, row.overdue) for row in result.rows])


@operation(
    "/projects/<int:project_id>",
    summary="One project",
    tag="projects",
    response=one(PROJECT_DETAIL),
    errors=(404,),
)
def get_project(project_id: int) -> ResponseReturnValue:
    """The project's fields, its linked work items and its budget totals over every year."""
    project = get_or_404(Project, project_id)
    overdue = is_overdue(project.due_date, project.status, clock.today())
    answer = project_json(project, budget_table(project).totals, overdue)
    answer["description"] = project.description
    answer["linked_items"] = [item_ref(item) for item in sorted(project.linked_items, key=lambda i: i.id)]
    return {"data": answer}
