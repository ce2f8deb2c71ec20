"""/timeline: the plan's work items as a Gantt chart. Every signed-in user reads it."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required
from sqlalchemy import select

from tracker.core.clock import today
from tracker.core.statuses import STATUS_VALUES
from tracker.extensions import db
from tracker.gantt.data import build_timeline
from tracker.gantt.filters import parse_filters
from tracker.org.models import Department
from tracker.plan.labels import KIND_LABELS
from tracker.plan.services import current_plan

bp = Blueprint("gantt", __name__, template_folder="templates")


@bp.route("/timeline")
@login_required
def timeline():
    plan = current_plan()
    if plan is None:
        return render_template("gantt/timeline.html", plan=None)
    departments = list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.id)))
    filters = parse_filters(request.args, {department.id: department for department in departments})
    day = today()
    names = {department.id: department.short_name or department.name for department in departments}
    chart = build_timeline(plan, filters, day, names)
    return render_template(
        "gantt/timeline.html",
        plan=plan,
        filters=filters,
        chart=chart,
        payload=chart.chart_payload(plan, day),
        departments=departments,
        statuses=STATUS_VALUES,
        kinds=KIND_LABELS,
        today=day,
    )
