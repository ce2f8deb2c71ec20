"""Where each dashboard figure leads: the filtered list whose rows the figure counts.

Department figures count the items a department LEADS, so their links carry `lead=1` (the plan tree's
"仅牵头" filter); without it the tree would also list the items the department only supports.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from tracker.core.hooks import link_provider


def tree(**filters) -> str:
    """The plan tree filtered by `filters` (department, lead, status, overdue, on_time, stale, kind)."""
    return url_for("plan.tree", **{name: value for name, value in filters.items() if value is not None})


def department_items(department_id: int, **flags) -> str:
    return tree(department=department_id, lead=1, **flags)


def department_projects(department_id: int | None = None) -> str:
    return url_for("projects.index", department=department_id) if department_id else url_for("projects.index")


def indicators(status: str | None = None) -> str:
    return url_for("indicators.index", status=status) if status else url_for("indicators.index")


def review_queue(department_id: int | None = None, **flags) -> str:
    return url_for("review.queue", department=department_id, **flags)


def behind_milestones(department_id: int | None = None) -> str:
    """The review queue's work items behind this year's milestone (of one department)."""
    return review_queue(department_id, behind=1)


@dataclass(frozen=True)
class DepartmentLinks:
    """The lists behind one department's figures, built once per row."""

    items: str
    on_time: str  # open and not overdue (the 在办未逾期 bar)
    overdue: str
    stale: str
    behind: str  # the review queue's items behind this year's milestone
    projects: str
    review: str


def for_department(department_id: int) -> DepartmentLinks:
    return DepartmentLinks(
        items=department_items(department_id),
        on_time=department_items(department_id, on_time=1),
        overdue=department_items(department_id, overdue=1),
        stale=department_items(department_id, stale=1),
        behind=behind_milestones(department_id),
        projects=department_projects(department_id),
        review=review_queue(department_id),
    )


@link_provider("department_page")
def department_page(department, _user=None) -> str:
    """A department's overview page, linked from the account page, the department admin list and the review
    compliance table (offered through tracker.core.hooks)."""
    return url_for("dashboard.department", department_id=department.id)


# Where a person lands after signing in: leads and members on their own work, the office on its review queue; the
# others (admins, viewers) on the plan as before (None). The sign-in page (auth, below) asks through the hook.
_LANDINGS = {"lead": "dashboard.my_work", "member": "dashboard.my_work", "office": "review.queue"}


@link_provider("landing")
def landing(_subject, user) -> str | None:
    endpoint = _LANDINGS.get(getattr(user, "role", ""))
    return url_for(endpoint) if endpoint else None
