"""Who may change what on the plan (issue 3 permission table). Used by the plan views and templates alike.

Everyone signed in reads every item. The office and admins shape the plan (add, move, retire) and edit an
item's details; a lead may only (re)assign the owner of an item their department leads.
"""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role, in_department
from tracker.plan.models import WorkItem

# Every field of the edit form, and the part of it a department lead may set.
DETAIL_FIELDS = (
    "title",
    "short_name",
    "outline_no",
    "mandate",
    "start_date",
    "due_date",
    "weight",
    "owner_id",
    "lead_department_id",
    "supporting_department_ids",
)
LEAD_FIELDS = ("owner_id",)


def can_change_structure(user) -> bool:
    """Add, move and retire work items."""
    return has_role(user, Role.ADMIN, Role.OFFICE)


def is_item_lead(user, item: WorkItem) -> bool:
    return has_role(user, Role.LEAD) and in_department(user, item.lead_department_id)


def editable_fields(user, item: WorkItem) -> tuple[str, ...]:
    """The edit-form fields this user may set on this item; empty when they may not edit it at all."""
    if item.retired:
        return ()
    if has_role(user, Role.ADMIN, Role.OFFICE):
        return DETAIL_FIELDS
    if is_item_lead(user, item):
        return LEAD_FIELDS
    return ()


def can_edit_item(user, item: WorkItem) -> bool:
    return bool(editable_fields(user, item))


def may_assign_owner(actor, owner) -> bool:
    """The office and admins assign anyone active; a lead only an active user of their own department."""
    if owner is None:
        return True
    if not owner.active:
        return False
    if has_role(actor, Role.ADMIN, Role.OFFICE):
        return True
    return in_department(actor, owner.department_id)


TEMPLATE_RULES = {
    "can_change_structure": can_change_structure,
    "can_edit_item": can_edit_item,
}
