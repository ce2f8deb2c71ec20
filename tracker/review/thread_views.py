"""A request's page (`/review/requests/<id>`): the office's question, the subject, the thread, and the forms the
reader may use: the department answers; the office accepts the answer or asks again."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.attachments.limits import allow_uploads
from tracker.attachments.services import REQUEST_MESSAGE, files_for
from tracker.core.clock import today
from tracker.core.forms import save_form, validate_with_rules
from tracker.core.permissions import MAX_ID, authorize
from tracker.extensions import db
from tracker.plan.choice import show_plan
from tracker.plan.models import WorkItem
from tracker.projects.models import Project
from tracker.review.blueprint import bp
from tracker.review.forms import AcceptForm, AnswerForm, AskAgainForm
from tracker.review.models import RequestMessage, Review
from tracker.review.permissions import can_answer_now, can_read_request, can_settle_now, may_answer_for, may_settle
from tracker.review.rules import is_answer_overdue
from tracker.review.threads import (
    accept_answer,
    answer_request,
    ask_again,
    check_accept,
    check_answer,
    check_ask_again,
    subject_of,
)

allow_uploads(bp, "answer")


def _load_request(review_id: int) -> Review:
    """The review with its subject, reviewer and thread (authors included) in a fixed number of statements;
    404 unless it is a request."""
    if review_id > MAX_ID:
        abort(404)
    query = (
        select(Review)
        .where(Review.id == review_id, Review.request_state.is_not(None))
        .options(
            joinedload(Review.reviewer),
            joinedload(Review.closed_by),
            joinedload(Review.work_item).options(joinedload(WorkItem.lead_department), joinedload(WorkItem.owner)),
            joinedload(Review.project).options(joinedload(Project.department), joinedload(Project.owner)),
            selectinload(Review.messages).joinedload(RequestMessage.author),
        )
    )
    review = db.session.scalar(query)
    if review is None:
        abort(404)
    subject = subject_of(review)
    if isinstance(subject, WorkItem | Project):  # the page is about the subject's plan
        show_plan(subject.plan)
    return review


def _forms(review: Review, **submitted) -> dict:
    """The forms the reader may use now, each showing the thread's length; `submitted` replaces one of them with
    the form as it was posted (its messages and the user's input kept)."""
    user = current_user
    seen = {"seen": len(review.messages)}
    forms = {
        "answer_form": AnswerForm(prefix="answer", data=seen) if can_answer_now(user, review) else None,
        "accept_form": AcceptForm(prefix="accept", data=seen) if can_settle_now(user, review) else None,
        "ask_form": AskAgainForm(prefix="ask", data=seen) if can_settle_now(user, review) else None,
    }
    forms.update(submitted)
    return forms


def _page(review: Review, **submitted):
    subject = subject_of(review)
    files = files_for(request_message_ids=[message.id for message in review.messages])[REQUEST_MESSAGE]
    return render_template(
        "review/request.html",
        review=review,
        subject=subject,
        files=[file for message_files in files.values() for file in message_files],
        answer_overdue=is_answer_overdue(review, today()),
        today=today(),
        **_forms(review, **submitted),
    )


@bp.route("/review/requests/<int:review_id>")
@login_required
def request_page(review_id: int):
    review = _load_request(review_id)
    authorize(can_read_request(current_user, review))
    return _page(review)


def _step(review: Review, form, name: str, check: Callable[[], object], act: Callable[[], object], done: str):
    """Check and save one step of the thread; back to the page with the step's form as posted when refused."""
    if validate_with_rules(form, check):
        saved = save_form(form, act)
        if saved.done:
            flash(done, "success")
            return redirect(url_for("review.request_page", review_id=review.id))
    # A refused step shows the thread as it is now: the next submit is made knowingly against it.
    form.show_thread_length(len(review.messages))
    return _page(review, **{name: form})


@bp.route("/review/requests/<int:review_id>/answer", methods=["POST"])
@login_required
def answer(review_id: int):
    review = _load_request(review_id)
    authorize(may_answer_for(current_user, subject_of(review)))
    form = AnswerForm(prefix="answer")
    actor = current_user._get_current_object()
    data = form.to_data()  # one object for the check and the save: the check reads the files, the save keeps them
    return _step(
        review,
        form,
        "answer_form",
        lambda: check_answer(review, data),
        lambda: answer_request(review, data, actor),
        _("答复已提交，办公室将收到通知。"),
    )


@bp.route("/review/requests/<int:review_id>/accept", methods=["POST"])
@login_required
def accept(review_id: int):
    review = _load_request(review_id)
    authorize(may_settle(current_user))
    form = AcceptForm(prefix="accept")
    actor = current_user._get_current_object()
    return _step(
        review,
        form,
        "accept_form",
        lambda: check_accept(review, form.to_data()),
        lambda: accept_answer(review, form.to_data(), actor),
        _("已确认答复，督办事项已办结。"),
    )


@bp.route("/review/requests/<int:review_id>/ask-again", methods=["POST"])
@login_required
def ask_again_view(review_id: int):
    review = _load_request(review_id)
    authorize(may_settle(current_user))
    form = AskAgainForm(prefix="ask")
    actor = current_user._get_current_object()
    return _step(
        review,
        form,
        "ask_form",
        lambda: check_ask_again(review, form.to_data(), today()),
        lambda: ask_again(review, form.to_data(), actor, today()),
        _("已再次要求部门答复。"),
    )
