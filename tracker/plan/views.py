from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import login_required

from tracker.core.clock import today
from tracker.plan.services import current_plan
from tracker.plan.tree import load_tree

bp = Blueprint("plan", __name__, template_folder="templates")


@bp.route("/")
@login_required
def tree():
    plan = current_plan()
    plan_tree = None
    if plan is not None:
        plan_tree = load_tree(plan.id, today(), current_app.config["TRACKER_STALE_DAYS"])
    return render_template("plan/tree.html", plan=plan, tree=plan_tree)
