"""Posting a status update on a work item or a project: a focused page with the form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.attachments.limits import allow_uploads
from tracker.attachments.services import STATUS_UPDATE, CheckedFile, check_uploads, files_for, store_files
from tracker.core.clock import today
from tracker.core.errors import ConflictError, Problems
from tracker.core.filters import status_label
from tracker.core.forms import save_form, validate_with_rules
from tracker.core.localtime import format_datetime
from tracker.core.permissions import authorize, get_or_404
from tracker.plan.choice import show_plan
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue
from tracker.projects.models import Project
from tracker.updates.forms import StatusUpdateForm
from tracker.updates.links import update_url
from tracker.updates.models import StatusUpdate
from tracker.updates.permissions import can_post_update
from tracker.updates.services import post_status_update, resubmitted_report, validate_update
from tracker.updates.timeline import as_entry, updates_for

bp = Blueprint("updates", __name__, template_folder="templates")
bp.add_app_template_global(can_post_update, "can_post_update")
bp.add_app_template_global(update_url, "update_url")
allow_uploads(bp, "item_update", "project_update")

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
    checked: list[CheckedFile] = []

    def rules() -> None:
        problems = Problems()
        problems.check(validate_update, subject, form.to_data(), today())
        checked.extend(check_uploads(form.files.data or [], problems))
        problems.raise_if_any()

    if validate_with_rules(form, rules):
        submitted = form.to_data()
        author = current_user._get_current_object()
        if _sent_again(resubmitted_report(subject, submitted, author), checked):
            flash(_("这份进展刚才已经提交过，没有重复保存。"), "info")
            return redirect(subject.url)
        saved = save_form(form, lambda: _post_with_files(subject, submitted, checked))
        if saved.done:
            flash(_("进展已提交。"), "success")
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


def _sent_again(latest: StatusUpdate | None, checked: list[CheckedFile]) -> bool:
    """The same report sent twice: its words repeat the latest (updates.services.resubmitted_report) and so do
    its files. The same words with other files are a new report."""
    if latest is None:
        return False
    kept = files_for(status_update_ids=[latest.id])[STATUS_UPDATE].get(latest.id, [])
    return sorted(file.sha256 for file in kept) == sorted(file.sha256 for file in checked)


def _post_with_files(subject: WorkItem | Project, submitted, checked: list[CheckedFile]) -> StatusUpdate:
    author = current_user._get_current_object()
    update = post_status_update(subject, submitted, author, today())
    store_files(checked, subject, author, status_update_id=update.id)
    return update


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
