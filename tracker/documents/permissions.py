"""Who may import a plan document: those who shape plans (the office and admins), as on the plan's structure."""

from __future__ import annotations

from tracker.plan.permissions import can_change_structure


def can_import_plan(user) -> bool:
    return can_change_structure(user)
