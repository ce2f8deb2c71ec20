"""The office's sheets (汇总 and 进展记录) of plan.xlsx and of a department's tasks.xlsx: which exports carry them,
and their data (tracker.dashboard.summary, tracker.exports.history).

A department's export is the task list filtered to exactly one department (GET /export/tasks.xlsx?department=ID,
in any order): the file a department files. Any other filter makes a working list, not a filing, and gets no
office sheets: its rows would not be the scope the summary counts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_babel import gettext as _

from tracker.dashboard.summary import plan_summary
from tracker.exports.history import history_rows
from tracker.exports.rows import OfficeSheets, Words
from tracker.org.models import Department
from tracker.plan.tree_filters import TreeFilters, is_filtered


def department_scope(filters: TreeFilters) -> int | None:
    """The department whose filing the filters ask for, or None when they ask for something else."""
    if filters.department_id is None or filters.lead_only or filters.show_retired:
        return None
    others = replace(filters, department_id=None)
    return None if is_filtered(others) else filters.department_id


def office_sheets(
    plan_id: int, department: Department | None, today: date, stale_days: int, words: Words
) -> OfficeSheets:
    """The whole plan's (department None) or one department's: ten statements, the history read as it is written."""
    department_id = department.id if department is not None else None
    return OfficeSheets(
        summary=plan_summary(plan_id, today, stale_days, department_id),
        history=history_rows(plan_id, department_id, words),
        scope=department.name if department is not None else _("全部规划"),
        unit=department.name if department is not None else "",
    )
