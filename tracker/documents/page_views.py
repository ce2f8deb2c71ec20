"""The plan page (`/plans/<id>`): the plan as its document reads, each work item linked to its page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from tracker.core.permissions import get_or_404
from tracker.documents.plan_page import plan_document
from tracker.plan.choice import show_plan
from tracker.plan.models import Plan

bp = Blueprint("plan_document", __name__, template_folder="templates")


@bp.route("/plans/<int:plan_id>")
@login_required
def page(plan_id: int):
    """Everyone signed in reads the whole plan, as they read the tree. The page is about its own plan (the
    navigation names it) without changing the session's choice; its links to plan-scoped pages name it."""
    plan = get_or_404(Plan, plan_id)
    show_plan(plan)
    document = plan_document(plan)
    return render_template("documents/plan.html", document=document)
