"""Departments: everyone signed in reads them (the pages' department list does the same)."""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue

from tracker.api.registry import operation
from tracker.api.schemas import BOOLEAN, INTEGER, STRING, component, enum, list_of, obj, one
from tracker.core.permissions import get_or_404
from tracker.org.models import Department, DepartmentKind
from tracker.org.services import departments

DEPARTMENT = component(
    "Department",
    obj(
        {
            "id": INTEGER,
            "code": STRING,
            "name": STRING,
            "short_name": STRING,
            "kind": enum(tuple(DepartmentKind), "bureau: a municipal bureau; district; office: the plan's office"),
            "active": BOOLEAN,
        }
    ),
)


def department_json(department: Department) -> dict[str, Any]:
    return {
        "id": department.id,
        "code": department.code,
        "name": department.name,
        "short_name": department.short_name,
        "kind": department.kind,
        "active": department.active,
    }


@operation("/departments", summary="Every department", tag="departments", response=list_of(DEPARTMENT))
def list_departments() -> ResponseReturnValue:
    """In the office's order; deactivated departments too (old items still name them), marked `active: false`."""
    return {"data": [department_json(d) for d in departments(include_inactive=True)]}


@operation(
    "/departments/<int:department_id>",
    summary="One department",
    tag="departments",
    response=one(DEPARTMENT),
    errors=(404,),
)
def get_department(department_id: int) -> ResponseReturnValue:
    return {"data": department_json(get_or_404(Department, department_id))}
