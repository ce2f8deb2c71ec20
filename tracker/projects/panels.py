"""The projects block on a work item's page, offered to the plan feature through tracker.core.hooks."""

from __future__ import annotations

from tracker.core.clock import today
from tracker.core.hooks import Panel, panel_provider
from tracker.core.money import BudgetTotals
from tracker.core.subjects import Subject, SubjectType
from tracker.projects.queries import projects_for_item

PANEL_ORDER = 20  # after the item's own children, before indicators and the timeline


@panel_provider
def projects_panel(subject_type: SubjectType | str, subject: Subject) -> Panel | None:
    """Projects whose primary item is `subject` or that link to it: one query."""
    if subject_type != SubjectType.WORK_ITEM:
        return None
    rows = projects_for_item(subject.id, today())
    totals = sum((row.budget for row in rows), BudgetTotals())
    return Panel(PANEL_ORDER, "projects/_item_panel.html", {"item": subject, "rows": rows, "totals": totals})
