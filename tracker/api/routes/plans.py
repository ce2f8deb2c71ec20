"""Plans: every plan side by side, and one plan with its period and counts."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from tracker.api.problems import ApiProblem
from tracker.api.query import Param
from tracker.api.registry import operation
from tracker.api.schemas import INTEGER, STRING, component, list_of, obj, one
from tracker.core import clock
from tracker.core.permissions import get_or_404
from tracker.plan.choice import default_plan
from tracker.plan.models import Plan
from tracker.plan.plan_list import PlanRow, plan_rows

PLAN = component(
    "Plan",
    obj(
        {
            "id": INTEGER,
            "code": STRING,
            "title": STRING,
            "start_year": INTEGER,
            "end_year": INTEGER,
            "live_items": {"type": "integer", "description": "Work items not retired"},
            "overdue_items": {"type": "integer", "description": "Live items past their due date and not closed"},
        }
    ),
)


def plan_json(row: PlanRow) -> dict[str, Any]:
    plan = row.plan
    return {
        "id": plan.id,
        "code": plan.code,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "live_items": row.items,
        "overdue_items": row.overdue,
    }


@operation("/plans", summary="Every plan", tag="plans", response=list_of(PLAN))
def list_plans() -> ResponseReturnValue:
    """Everyone signed in reads every plan. Each other list takes `plan` (a plan's id) to say which plan it is about;
    without it, the first plan."""
    return {"data": [plan_json(row) for row in plan_rows(clock.today())]}


@operation("/plans/<int:plan_id>", summary="One plan", tag="plans", response=one(PLAN), errors=(404,))
def get_plan(plan_id: int) -> ResponseReturnValue:
    plan = get_or_404(Plan, plan_id)
    row = next(row for row in plan_rows(clock.today()) if row.plan.id == plan.id)
    return {"data": plan_json(row)}


PLAN_PARAM = Param("plan", "id", "The plan's id (GET /api/v1/plans); without it, the first plan")


def plan_for(plan_id: int | None) -> Plan:
    """The plan a list is about: the one named, or the first plan; 404 when there is none."""
    plan = get_or_404(Plan, plan_id) if plan_id is not None else default_plan()
    if plan is None:
        raise ApiProblem(404, "not_found", _("还没有任何规划。"))
    return plan
