"""The dashboard and the department pages: every signed-in user reads them."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from flask_login import current_user, login_required

from tracker.auth.models import Role
from tracker.core.clock import today
from tracker.core.permissions import get_or_404, has_role
from tracker.dashboard import figures, links, mywork, services
from tracker.dashboard.charts import chart_data
from tracker.org.models import Department
from tracker.plan.assignments import defaults_in_plan
from tracker.plan.services import current_plan
from tracker.review.permissions import can_read_queue

bp = Blueprint("dashboard", __name__, template_folder="templates")


def _url_if_registered(endpoint: str, **values) -> str | None:
    """A link to another feature's page, or None while that feature is not registered in this app."""
    return url_for(endpoint, **values) if endpoint in current_app.view_functions else None


@bp.route("/departments")
@login_required
def departments():
    summaries = services.department_summaries(today(), current_app.config["TRACKER_STALE_DAYS"])
    return render_template("dashboard/departments.html", summaries=summaries)


@bp.route("/departments/<int:department_id>")
@login_required
def department(department_id: int):
    found = get_or_404(Department, department_id)
    detail = services.department_detail(found, today(), current_app.config["TRACKER_STALE_DAYS"])
    return render_template("dashboard/department.html", detail=detail, link=_url_if_registered)


@bp.route("/dashboard")
@login_required
def index():
    plan = current_plan()
    if plan is None:
        return render_template("dashboard/index.html", plan=None)
    day, stale_days = today(), current_app.config["TRACKER_STALE_DAYS"]
    # The plan's figures and the department rows are summed from the same grouped reads of items and projects.
    item_groups, project_groups = figures.item_groups(plan.id, day, stale_days), figures.project_groups(plan.id)
    plan_figures = figures.plan_figures(plan.id, day, item_groups)
    summaries = services.department_summaries(day, stale_days, item_groups, project_groups)
    departments = [summary for summary in summaries if summary.involved]
    department_links = {summary.department.id: links.for_department(summary.department.id) for summary in departments}
    return render_template(
        "dashboard/index.html",
        plan=plan,
        today=day,
        plan_figures=plan_figures,
        departments=departments,
        idle_departments=len(summaries) - len(departments),
        project_totals=figures.project_totals(project_groups),
        indicator_figures=figures.indicator_figures(plan.id),
        updates=figures.latest_updates(plan.id),
        department_links=department_links,
        charts=chart_data(plan_figures, departments, department_links),
        links=links,
        show_review_links=can_read_queue(current_user),
        default_assignments=defaults_in_plan(plan.id),
    )


@bp.route("/my")
@login_required
def my_work():
    """我的工作: the signed-in person's own items and projects, their department's due and overdue items, the
    office's requests awaiting their department's answer and (leads) the reports awaiting their sign-off."""
    page = mywork.my_work(
        current_user._get_current_object(), current_plan(), today(), signs_off=has_role(current_user, Role.LEAD.value)
    )
    return render_template("dashboard/my_work.html", page=page)
