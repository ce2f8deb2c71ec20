"""The status vocabulary shared by work items, projects and status updates."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    AT_RISK = "at_risk"
    DELAYED = "delayed"
    COMPLETED = "completed"
    SUSPENDED = "suspended"


STATUS_VALUES = tuple(s.value for s in Status)
# Statuses that stop the overdue and stale clocks.
CLOSED_STATUSES = (Status.COMPLETED.value, Status.SUSPENDED.value)
# Statuses that need a delay reason, a remedy and an expected completion date.
LATE_STATUSES = (Status.AT_RISK.value, Status.DELAYED.value)


def sql_in(values: tuple[str, ...]) -> str:
    """Render a tuple of known constants for a CHECK constraint (never user input)."""
    return ", ".join(f"'{v}'" for v in values)


def progress_constraints() -> tuple[CheckConstraint, ...]:
    """The CHECK constraints of a table whose rows carry a status, a progress and start and due dates (work items,
    projects): fresh objects for each table, named the same on every one (tracker.db's naming convention adds the
    table's name)."""
    return (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        CheckConstraint("due_date IS NULL OR start_date IS NULL OR due_date >= start_date", name="dates_ordered"),
        CheckConstraint(f"status IN ({sql_in(STATUS_VALUES)})", name="status"),
    )
