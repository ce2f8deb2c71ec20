"""/timeline: the plan's work items as a Gantt chart. Every signed-in user reads it."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from tracker.core.clock import today
from tracker.core.statuses import STATUS_VALUES
from tracker.gantt.services import timeline_page
from tracker.plan.labels import KIND_LABELS
from tracker.plan.services import current_plan

bp = Blueprint("gantt", __name__, template_folder="templates")


@bp.route("/timeline")
@login_required
def timeline():
    plan = current_plan()
    if plan is None:
        return render_template("gantt/timeline.html", plan=None)
    day = today()
    page = timeline_page(plan, request.args, day)
    return render_template(
        "gantt/timeline.html",
        plan=plan,
        filters=page.filters,
        chart=page.chart,
        payload=page.payload,
        departments=page.departments,
        statuses=STATUS_VALUES,
        kinds=KIND_LABELS,
        today=day,
    )
