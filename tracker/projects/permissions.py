"""Who may create and change projects and their budgets (used by views and templates alike).

admin and office may act on any department's projects; a lead only on their own
department's. Members and viewers read; members post status updates through the
updates feature, not here.
"""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role, in_department


def can_create_project(user) -> bool:
    if has_role(user, Role.ADMIN, Role.OFFICE):
        return True
    return has_role(user, Role.LEAD) and user.department_id is not None


def can_create_in(user, department_id: int | None) -> bool:
    """May `user` create a project owned by this department?"""
    if department_id is None:
        return False
    if has_role(user, Role.ADMIN, Role.OFFICE):
        return True
    return has_role(user, Role.LEAD) and in_department(user, department_id)


def can_attach_to_item(user, item) -> bool:
    """May `user` attach a project (and so its budget) to this work item?

    A project counts in the rollups of its items' departments, so a lead may choose only items their own
    department leads or supports; admin and office may choose any.
    """
    if has_role(user, Role.ADMIN, Role.OFFICE):
        return True
    if not has_role(user, Role.LEAD) or user.department_id is None:
        return False
    return item.lead_department_id == user.department_id or any(
        department.id == user.department_id for department in item.supporting_departments
    )


def can_edit_project(user, project) -> bool:
    if has_role(user, Role.ADMIN, Role.OFFICE):
        return True
    return has_role(user, Role.LEAD) and in_department(user, project.department_id)


def can_edit_budget(user, project) -> bool:
    # The same people who edit a project keep its budget current.
    return can_edit_project(user, project)


TEMPLATE_GLOBALS = {
    "can_create_project": can_create_project,
    "can_create_in": can_create_in,
    "can_edit_project": can_edit_project,
    "can_edit_budget": can_edit_budget,
}
