"""A project's yearly budget lines (in ten thousand yuan): read them, and set one year's line as the budget page does.

The write is one year at a time (PUT …/budget/<year>) with the project's version: the same permission
(tracker.projects.permissions.can_edit_budget) and service (tracker.projects.budget.save_budget) as the page's
table, which saves every year at once; a year not sent is left as it is."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_login import current_user

from tracker.api.bodies import Body, Field
from tracker.api.present import BUDGET_TOTALS, budget_totals
from tracker.api.registry import operation
from tracker.api.schemas import INTEGER, MONEY, STRING, array, component, obj, one
from tracker.core.errors import ValidationError
from tracker.core.money import BudgetTotals
from tracker.core.permissions import authorize, get_or_404
from tracker.projects.budget import AMOUNT_COLUMNS, budget_table, save_budget
from tracker.projects.models import Project
from tracker.projects.permissions import can_edit_budget

BUDGET_LINE = component(
    "BudgetLine",
    obj(
        {
            "year": INTEGER,
            "approved": MONEY,
            "allocated": MONEY,
            "spent": MONEY,
            "warnings": array(STRING),
        },
        description="One year's money; warnings where allocation runs ahead of approval or spending of allocation",
    ),
)
PROJECT_BUDGET = component(
    "ProjectBudget",
    obj(
        {
            "project_id": INTEGER,
            "version": INTEGER,
            "lines": array(BUDGET_LINE),
            "totals": BUDGET_TOTALS,
            "warnings": array(STRING),
        }
    ),
)
BUDGET_YEAR = Body(
    "BudgetYear",
    (
        Field("approved", "decimal", "Approved, in ten thousand yuan", required=True),
        Field("allocated", "decimal", "Allocated, in ten thousand yuan", required=True),
        Field("spent", "decimal", "Spent, in ten thousand yuan", required=True),
        Field(
            "version",
            "integer",
            "The project's version as read (GET …/budget); another save since is 409",
            required=True,
            minimum=1,
        ),
    ),
    description="One year's amounts; all three are set (0 for none)",
)


def budget_answer(project: Project) -> dict[str, Any]:
    table = budget_table(project)
    lines = [
        {**budget_totals(row.amounts), "year": row.year, "warnings": [str(w) for w in row.warnings]}
        for row in table.rows
    ]
    return {
        "data": {
            "project_id": project.id,
            "version": project.version,
            "lines": lines,
            "totals": budget_totals(table.totals),
            "warnings": [str(w) for w in table.warnings],
        }
    }


@operation(
    "/projects/<int:project_id>/budget",
    summary="A project's yearly budget lines",
    tag="projects",
    response=one(PROJECT_BUDGET),
    errors=(404,),
)
def project_budget(project_id: int) -> ResponseReturnValue:
    """The stored years in order, their totals, and the warnings the budget page shows (never refusals: real
    budgets do overspend)."""
    return budget_answer(get_or_404(Project, project_id))


@operation(
    "/projects/<int:project_id>/budget/<int:year>",
    "PUT",
    summary="Set one year's budget line of a project",
    tag="projects",
    body=BUDGET_YEAR,
    response=one(PROJECT_BUDGET),
    errors=(404, 409),
)
def save_project_budget_year(project_id: int, year: int, body: dict[str, Any]) -> ResponseReturnValue:
    """Those who may edit the project's budget on its page (the office, administrators, the project department's
    lead). Amounts not negative; the year within the plans' span (else 422 at `year`). The answer is the whole
    budget with its warnings and the project's new version."""
    project = get_or_404(Project, project_id)
    authorize(can_edit_budget(current_user, project))
    amounts = BudgetTotals(approved=body["approved"], allocated=body["allocated"], spent=body["spent"])
    try:
        save_budget(project, {year: amounts}, body["version"], current_user._get_current_object())
    except ValidationError as error:
        raise _at_body_fields(error, year) from None
    return budget_answer(project)


def _at_body_fields(error: ValidationError, year: int) -> ValidationError:
    """The page names its cells "<column>_<year>" and a year by its number; the body's fields are the column and
    `year`."""
    names = {str(year): "year", **{f"{column}_{year}": column for column in AMOUNT_COLUMNS}}
    fields: dict[str, list[str]] = {}
    for name, messages in error.errors.items():
        fields.setdefault(names.get(name, name), []).extend(messages)
    return ValidationError(errors=fields, form_errors=error.form_errors)
