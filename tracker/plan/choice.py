"""Which plan a request is about.

Several plans live side by side; every plan-scoped page reads "the plan" through plan.services.current_plan(),
which asks here. The plan is, in this order: the one an item's or a project's page shows (its own plan, for that
request only), the one named by the `plan` query parameter (its code; remembered for the session, an unknown
code is a 404), the session's choice, and otherwise the default plan, the first one loaded, so an installation
with one plan behaves as if there were nothing to choose.

A form that acts on the plan its page shows (the tree's bulk confirmation, a new project, an upload) names that
plan in a hidden `plan` field, and its POST acts on the plan the form names (`plan_of_form`): the session's
choice may have changed in another tab since the page was opened. The field is read from the form's body, not
the query, so that it never touches the session's choice.

The plans are read once per request in one statement (they are few): the navigation names the shown plan on
every page and needs to know whether there is more than one.
"""

from __future__ import annotations

from flask import abort, flash, g, has_request_context, redirect, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from tracker.extensions import db
from tracker.plan.models import Plan

PLAN_ARG = "plan"
_SESSION_KEY = "plan_id"
_PLANS = "tracker_plans"
_SHOWN = "tracker_shown_plan"
FORM_WITHOUT_PLAN = _l("没有保存：表单没有指明所属的规划，或指明的规划不存在。请重新打开页面后再提交。")


def all_plans() -> list[Plan]:
    """Every plan in the order they were loaded; read once per request."""
    if not has_request_context():
        return list(db.session.scalars(select(Plan).order_by(Plan.id)))
    if _PLANS not in g:
        setattr(g, _PLANS, list(db.session.scalars(select(Plan).order_by(Plan.id))))
    return getattr(g, _PLANS)


def default_plan() -> Plan | None:
    """The first plan loaded (the seeded one): what a session that chose nothing sees, and the CLI's default."""
    plans = all_plans()
    return plans[0] if plans else None


def plan_by_code(code: str) -> Plan | None:
    return next((plan for plan in all_plans() if plan.code == code), None)


def remembered_plan() -> Plan | None:
    """The session's choice, or the default plan when it chose none (or its plan is gone)."""
    wanted = session.get(_SESSION_KEY) if has_request_context() else None
    chosen = next((plan for plan in all_plans() if plan.id == wanted), None) if wanted is not None else None
    return chosen or default_plan()


def choose_plan(plan: Plan) -> None:
    """Show `plan` for this request and remember it for the session."""
    session[_SESSION_KEY] = plan.id
    setattr(g, _SHOWN, plan)


def show_plan(plan: Plan) -> None:
    """Show `plan` for this request only: an item's or project's page is about its own plan, whatever was chosen."""
    setattr(g, _SHOWN, plan)


def shown_plan() -> Plan | None:
    """The plan this request is about (see the module's docstring)."""
    if not has_request_context():
        return default_plan()
    if _SHOWN not in g:
        setattr(g, _SHOWN, remembered_plan())
    return getattr(g, _SHOWN)


def choose_from_request() -> None:
    """Before every request: a `plan` query parameter chooses the plan (404 for a code no plan has).

    Only for a signed-in user: a signed-out one is sent to sign in first, and the parameter comes back with the
    page they asked for."""
    code = request.args.get(PLAN_ARG)
    if code is None or not current_user.is_authenticated:
        return
    plan = plan_by_code(code)
    if plan is None:
        abort(404)
    choose_plan(plan)


def plan_of_form() -> Plan | None:
    """The plan a submitted form names in its hidden `plan` field (the plan its page showed), shown for this
    request; None when the form names none or a code no plan has. Never the session's choice: that may have
    changed in another tab since the page was opened."""
    code = request.form.get(PLAN_ARG, "")
    plan = plan_by_code(code) if code else None
    if plan is not None:
        show_plan(plan)
    return plan


def refuse_form_without_plan(back: str) -> Response:
    """A form that names no existing plan writes nothing: say so, on the page it came from."""
    flash(str(FORM_WITHOUT_PLAN), "error")
    return redirect(back)


def navigation() -> dict[str, object]:
    """What the navigation shows: the shown plan, whether there are several, and the arguments that keep a page's
    own plan (an item of a plan other than the remembered one) on the plan-scoped links."""
    if not (has_request_context() and current_user.is_authenticated):
        return {}
    plans = all_plans()
    shown = shown_plan()
    several = len(plans) > 1
    keep = several and shown is not None and shown is not remembered_plan()
    return {
        "shown_plan": shown,
        "several_plans": several,
        "plan_args": {PLAN_ARG: shown.code} if keep and shown is not None else {},
    }
