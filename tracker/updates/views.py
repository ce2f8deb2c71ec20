"""Posting a status update on a work item or a project: a focused page with the form; the lead's sign-off of a
member's draft (approve, return with a comment)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.core.clock import today
from tracker.core.errors import ConflictError
from tracker.core.filters import status_label
from tracker.core.forms import save_form, validate_with_rules
from tracker.core.localtime import format_datetime
from tracker.core.permissions import authorize, get_or_404
from tracker.plan.choice import show_plan
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue
from tracker.projects.models import Project
from tracker.updates.forms import ApproveForm, ReturnForm, StatusUpdateForm
from tracker.updates.links import update_url
from tracker.updates.models import SignOff, StatusUpdate
from tracker.updates.permissions import can_post_update, can_sign_off, needs_sign_off
from tracker.updates.services import post_status_update, resubmitted_report, validate_update
from tracker.updates.sign_off import approve_report, check_return_comment, return_report
from tracker.updates.timeline import as_entry, updates_for

bp = Blueprint("updates", __name__, template_folder="templates")
bp.add_app_template_global(can_post_update, "can_post_update")
bp.add_app_template_global(update_url, "update_url")
bp.add_app_template_global(can_sign_off, "can_sign_off")
bp.add_app_template_global(needs_sign_off, "needs_sign_off")

RECENT_UPDATES = 5


@bp.route("/items/<int:item_id>/update", methods=["GET", "POST"])
@login_required
def item_update(item_id: int):
    item = _load_for_update(WorkItem, item_id)
    return _update_page(item)


@bp.route("/projects/<int:project_id>/update", methods=["GET", "POST"])
@login_required
def project_update(project_id: int):
    project = _load_for_update(Project, project_id)
    return _update_page(project)


def _load_for_update(model: type[WorkItem] | type[Project], subject_id: int) -> WorkItem | Project:
    """404 when it does not exist, 403 when this user may not report on it. The page is about the subject's plan."""
    subject = get_or_404(model, subject_id)
    authorize(can_post_update(current_user, subject))
    show_plan(subject.plan)
    return subject


def _update_page(subject: WorkItem | Project):
    form = _new_form(subject)
    conflict = None
    if validate_with_rules(form, lambda: validate_update(subject, form.to_data(), today())):
        submitted = form.to_data()
        author = current_user._get_current_object()
        if resubmitted_report(subject, submitted, author) is not None:
            flash(_("这份进展刚才已经提交过，没有重复保存。"), "info")
            return redirect(subject.url)
        saved = save_form(form, lambda: post_status_update(subject, submitted, author, today()))
        if saved.done:
            draft = saved.result is not None and saved.result.sign_off == SignOff.PENDING.value
            flash(_("已提交，待部门负责人审核。") if draft else _("进展已提交。"), "success")
            return redirect(subject.url)
        if saved.conflict:
            conflict = saved.conflict
            form.show_stored_version(subject.version)
    recent = updates_for(subject.subject_type, subject.id, limit=RECENT_UPDATES)
    if conflict is not None:
        _describe_conflict(conflict, subject, form, recent[0] if recent else None)
    return render_template(
        "updates/update_form.html",
        form=form,
        subject=subject,
        overdue=is_overdue(subject.due_date, subject.status, today()),
        past_due=subject.due_date is not None and subject.due_date < today(),
        recent=[as_entry(update) for update in recent],
        conflict=conflict,
    )


def _new_form(subject: WorkItem | Project) -> StatusUpdateForm:
    """A first visit starts from the stored state; a submission is taken only from what was sent."""
    if request.method == "POST":
        return StatusUpdateForm()
    return StatusUpdateForm(data={"status": subject.status, "progress": subject.progress, "version": subject.version})


def _describe_conflict(
    error: ConflictError, subject: WorkItem | Project, form: StatusUpdateForm, latest: StatusUpdate | None
) -> None:
    """Say in words what is stored now against what this user submitted, and who reported last."""
    changes: list[tuple[str, object, object]] = []
    if form.status.data != subject.status:
        changes.append((_("状态"), status_label(form.status.data), status_label(subject.status)))
    if form.progress.data != subject.progress:
        changes.append((_("进度"), f"{form.progress.data}%", f"{subject.progress}%"))
    if latest is not None:
        when = format_datetime(latest.created_at)
        changes.append((_("最近一次报告"), None, f"{latest.author.display_name} {when}"))
    error.changes = changes


def _load_for_sign_off(update_id: int) -> StatusUpdate:
    """404 when the report does not exist, 403 unless this user signs off its author's reports on its subject."""
    report = get_or_404(StatusUpdate, update_id)
    authorize(can_sign_off(current_user, report))
    return report


def _subject_url(report: StatusUpdate) -> str:
    subject = report.work_item or report.project
    assert subject is not None  # exactly one subject (a check constraint)
    return subject.url


def _decided_already(report: StatusUpdate):
    """A decided report (the second click, or another lead was quicker): say so and change nothing."""
    flash(_("这份进展报告已经审核过，没有重复处理。"), "info")
    return redirect(_subject_url(report))


@bp.route("/updates/<int:update_id>/approve", methods=["POST"])
@login_required
def approve_update(update_id: int):
    report = _load_for_sign_off(update_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    if report.sign_off != SignOff.PENDING.value:
        return _decided_already(report)
    lead = current_user._get_current_object()
    if save_action(lambda: approve_report(report, lead, today())).done:
        flash(_("已审核通过，进展已生效。"), "success")
    return redirect(_subject_url(report))


@bp.route("/updates/<int:update_id>/return", methods=["GET", "POST"])
@login_required
def return_update(update_id: int):
    report = _load_for_sign_off(update_id)
    if report.sign_off != SignOff.PENDING.value:
        return _decided_already(report)
    form = ReturnForm()
    if validate_with_rules(form, lambda: check_return_comment(form.comment.data)):
        lead = current_user._get_current_object()
        if save_form(form, lambda: return_report(report, lead, form.comment.data)).done:
            flash(_("已退回，填报人会收到您的意见。"), "success")
            return redirect(_subject_url(report))
    subject = report.work_item or report.project
    return render_template("updates/return_form.html", form=form, report=report, subject=subject, entry=as_entry(report))
