"""The office's review pages: the overdue queue, the review form, a department's open requests, compliance.

A request's own page and its thread's steps are in tracker.review.thread_views, on the same blueprint
(tracker.review.blueprint)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from tracker.auth.sessions import is_safe_next
from tracker.core.clock import today
from tracker.core.forms import save_action, save_form, validate_with_rules
from tracker.core.params import parse_id
from tracker.core.permissions import authorize
from tracker.core.subjects import Subject, load_subject
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.choice import plan_of_form, refuse_form_without_plan, show_plan
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue
from tracker.plan.services import current_plan
from tracker.projects.models import Project
from tracker.review import compliance as compliance_rules
from tracker.review import queue as review_queue
from tracker.review import thread_views  # noqa: F401  (the request page's routes, on the same blueprint)
from tracker.review.blueprint import bp
from tracker.review.forms import ReviewForm
from tracker.review.labels import OUTCOME_BADGES, message_label, outcome_label
from tracker.review.permissions import (
    TEMPLATE_RULES,
    can_read_all_requests,
    can_read_compliance,
    can_read_queue,
    can_remind_departments,
    can_review,
)
from tracker.review.reminder_notices import remind_missing_reports
from tracker.review.requests import open_requests
from tracker.review.rules import is_answer_overdue, is_live
from tracker.review.services import check_review, record_review, reviews_for
from tracker.updates.timeline import updates_for

REVIEW_HISTORY = 10
# A department's missing items shown at once on the compliance page (the most urgent first).
MISSING_LIST_LIMIT = 100


# Globals rather than a context processor: the outcome macro is imported by templates, without their context.
_GLOBALS: dict[str, Callable[..., object]] = {
    **TEMPLATE_RULES,
    "outcome_label": outcome_label,
    "message_label": message_label,
}
for _name, _rule in _GLOBALS.items():
    bp.add_app_template_global(_rule, _name)


@bp.record_once
def _outcome_badges(state: BlueprintSetupState) -> None:
    # A table, not a function, so not through add_app_template_global (typed for functions); the same effect.
    state.app.jinja_env.globals["OUTCOME_BADGES"] = OUTCOME_BADGES


def _stale_days() -> int:
    return current_app.config["TRACKER_STALE_DAYS"]


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


def _departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.active.desc(), Department.sort_order)))


@bp.route("/review")
@login_required
def queue():
    authorize(can_read_queue(current_user))
    plan = current_plan()
    departments = _departments()
    filters = review_queue.parse_filters(request.args, {d.id for d in departments})
    page = counts = None
    if plan is not None:
        page, counts = review_queue.queue_page(plan.id, filters, today(), _stale_days(), _page_number())
    return render_template(
        "review/queue.html", plan=plan, page=page, counts=counts, filters=filters, departments=departments
    )


@bp.route("/review/<subject_type>/<int:subject_id>/new", methods=["GET", "POST"])
@login_required
def new_review(subject_type: str, subject_id: int):
    subject = load_subject(subject_type, subject_id)
    authorize(can_review(current_user, subject))
    if isinstance(subject, WorkItem | Project):  # the only subjects there are; the page is about their plan
        show_plan(subject.plan)
    asked = request.args.get("next")
    back = asked if is_safe_next(asked) else url_for("review.queue")
    form = ReviewForm() if request.method == "POST" else ReviewForm(data={"version": subject.version})
    conflict = None
    if validate_with_rules(form, lambda: check_review(subject, form.to_data(), today())):
        saved = save_form(
            form, lambda: record_review(subject, form.to_data(), current_user._get_current_object(), today())
        )
        if saved.done:
            flash(_("审核意见已记录。"), "success")
            return redirect(back)
        if saved.conflict:
            conflict = saved.conflict
            form.show_stored_version(subject.version)
    return _review_page(subject, form, conflict, back)


def _review_page(subject: Subject, form: ReviewForm, conflict, back: str):
    reviews = reviews_for(subject.subject_type, subject.id, limit=REVIEW_HISTORY)
    latest_update = next(iter(updates_for(subject.subject_type, subject.id, limit=1, took_effect=True)), None)
    latest = reviews[0] if reviews else None
    return render_template(
        "review/new_review.html",
        subject=subject,
        form=form,
        conflict=conflict,
        back=back,
        reviews=reviews,
        latest_update=latest_update,
        overdue=is_overdue(subject.due_date, subject.status, today()),
        live_request=latest if is_live(latest) else None,
        answer_overdue=is_answer_overdue(latest, today()),
        today=today(),
    )


@bp.route("/review/requests")
@login_required
def requests():
    """What the office asked of a department. Queue readers may pick any department (or all of them);
    everyone else sees their own department's requests."""
    departments = _departments()
    if can_read_all_requests(current_user):
        wanted = _int_arg("department")
        chosen = next((d for d in departments if d.id == wanted), None)
    else:
        chosen = next((d for d in departments if d.id == current_user.department_id), None)
    plan = current_plan()
    found = []
    if plan is not None and (chosen is not None or can_read_all_requests(current_user)):
        found = open_requests(plan.id, chosen.id if chosen else None, today())
    return render_template(
        "review/requests.html",
        plan=plan,
        requests=found,
        department=chosen,
        departments=departments if can_read_all_requests(current_user) else [],
    )


@bp.route("/review/compliance")
@login_required
def compliance():
    """Counts per department for the chosen period (`?period=2013-05` or `2013-Q2`; by default the current one) and
    the one before; one department's missing items on demand (a department's own people see their row open unless
    they chose another)."""
    authorize(can_read_compliance(current_user))
    own = None if can_read_all_requests(current_user) else current_user.department_id
    asked = request.args.get("period")
    page = compliance_rules.compliance_page(
        current_plan(),
        today(),
        current_app.config["TRACKER_REPORTING_PERIOD"],
        _int_arg("department") or own,
        MISSING_LIST_LIMIT,
        asked_period=asked,
    )
    return render_template(
        "review/compliance.html",
        **vars(page),
        asked_period=asked,
        remind_form=FlaskForm(),
        departments_missing=page.departments_missing,
        is_current=page.period == page.periods[0],
    )


@bp.route("/review/compliance/remind", methods=["POST"])
@login_required
def remind_departments():
    """The office reminds the leads of every department with reports missing in the chosen period (in the app and
    by mail); a second press the same day tells nobody twice."""
    authorize(can_remind_departments(current_user))
    plan = plan_of_form()
    asked = request.form.get("period", "")
    if plan is None:
        return refuse_form_without_plan(url_for("review.compliance", period=asked or None))
    back = url_for("review.compliance", period=asked or None, plan=plan.code)
    if not FlaskForm().validate_on_submit():
        abort(400)
    period, _periods, valid = compliance_rules.choose_period(
        plan, today(), current_app.config["TRACKER_REPORTING_PERIOD"], asked
    )
    if not valid:
        flash(_("没有这一报送期，未提醒任何人：请从列表中选择报送期。"), "error")
        return redirect(url_for("review.compliance", plan=plan.code))
    actor = current_user._get_current_object()
    saved = save_action(lambda: remind_missing_reports(plan, period, actor, today()))
    if saved.done:
        told = saved.result
        if told.people:
            message = _(
                "已提醒 %(departments)d 个部门的 %(people)d 位负责人（%(label)s）。",
                departments=told.subjects,
                people=told.people,
                label=period.label,
            )
            flash(message, "success")
        else:
            flash(_("没有需要提醒的人：今天已提醒过，或这些部门没有在职负责人。"), "info")
    return redirect(back)


def _int_arg(name: str) -> int | None:
    return parse_id(request.args.get(name))
