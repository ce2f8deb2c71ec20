"""Department pages: every signed-in user reads them."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from flask_login import login_required

from tracker.core.clock import today
from tracker.core.permissions import get_or_404
from tracker.dashboard import services
from tracker.org.models import Department

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
