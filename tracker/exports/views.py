"""Excel downloads (the filtered task list, the whole plan workbook) and the import: upload, preview, confirm."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.core.clock import today
from tracker.core.downloads import content_disposition
from tracker.core.forms import save_action, save_form
from tracker.core.paging import paginate
from tracker.core.permissions import authorize, get_or_404
from tracker.core.transactions import commit_early, release_session
from tracker.exports.data import filtered_tree, review_entries, task_export
from tracker.exports.document_rows import document_rows
from tracker.exports.forms import ConfirmForm, UploadForm
from tracker.exports.importing import apply_batch, create_batch, discard_batch, verdict_counts
from tracker.exports.installation import installation_key
from tracker.exports.labels import TEMPLATE_HELPERS
from tracker.exports.models import ImportBatch, ImportRow, Verdict
from tracker.exports.office import office_sheets
from tracker.exports.permissions import TEMPLATE_GLOBALS, can_import, owns_batch
from tracker.exports.project_budgets import item_budget_rows, project_groups
from tracker.exports.reading import read_upload
from tracker.exports.rows import ExportMeta, TaskExport, Words
from tracker.exports.scratch import scratch_dir, sweep_scratch
from tracker.exports.slots import claim_export_slot, release_export_slot
from tracker.exports.workbook import PlanExport, ReviewSheet, write_plan_workbook, write_task_workbook
from tracker.extensions import db
from tracker.indicators.services import indicator_rows
from tracker.plan.choice import plan_of_form, refuse_form_without_plan, show_plan
from tracker.plan.models import Plan, WorkItem
from tracker.plan.services import current_plan
from tracker.updates.permissions import needs_sign_off

bp = Blueprint("exports", __name__, template_folder="templates")
_helpers: dict[str, Callable[..., object]] = {**TEMPLATE_GLOBALS, **TEMPLATE_HELPERS}
for _name, _helper in _helpers.items():
    bp.add_app_template_global(_helper, _name)
# At start-up: what killed workers left in the exports' temporary directory (tracker.exports.scratch).
bp.record_once(lambda state: sweep_scratch(state.app.config["TRACKER_EXPORT_TMPDIR"]))

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_PAGE = 200
# A busy user is asked to come back after this long: an export takes seconds (10 s for 20,000 items).
EXPORT_RETRY_SECONDS = 30
RECENT_BATCHES = 10
_PATH_PARTS = re.compile(r"[\\/]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _stale_days() -> int:
    return current_app.config["TRACKER_STALE_DAYS"]


def _plan() -> Plan:
    plan = current_plan()
    if plan is None:
        abort(404)
    return plan


class ExportsBusy(Exception):
    """The user already runs as many exports as allowed."""


def _claim_slot() -> int:
    slot = claim_export_slot(
        current_user.id,
        current_app.config["TRACKER_MAX_CONCURRENT_EXPORTS"],
        current_app.config["TRACKER_EXPORT_SLOT_SECONDS"],
    )
    if slot is None:
        raise ExportsBusy  # the lifecycle rolls the request back
    # The first export ever creates the installation's key for its marker: written under the claim's lock (SQLite's
    # write lock, taken by the claim's first statement) and committed with it.
    installation_key()
    # Committed before the work starts: the other workers count it while this one builds and sends the file.
    commit_early()
    return slot


@bp.errorhandler(ExportsBusy)
def _exports_busy(_error):
    limit = current_app.config["TRACKER_MAX_CONCURRENT_EXPORTS"]
    body = render_template("exports/busy.html", limit=limit, retry_after=EXPORT_RETRY_SECONDS)
    return body, 429, {"Retry-After": str(EXPORT_RETRY_SECONDS), "Cache-Control": "no-store"}


def _file_names(ascii_name: str, name: str, meta: ExportMeta) -> tuple[str, str]:
    """The whole list's name, or the filtered one's (its department and "filtered"), with the plan's code and the
    date: downloads of two plans never share a name."""
    day = today().isoformat()
    # content_disposition makes the code safe in either name.
    ascii_name, name = f"{ascii_name}-{meta.plan_code}", f"{name}-{meta.plan_code}"
    if meta.name_parts:
        return f"{ascii_name}-filtered-{day}.xlsx", "-".join((name, *meta.name_parts, day)) + ".xlsx"
    return f"{ascii_name}-{day}.xlsx", f"{name}-{day}.xlsx"


def _send_workbook(write: Callable[[Any, Any, str], None], build: Callable[[], Any], name: str, ascii_name: str):
    """Build into an unnamed temporary file (memory stays flat), then stream it in chunks.

    The export holds one of the user's slots from before its queries until the response is closed, and its
    temporary files live in a directory of their own that goes when the workbook is done, whatever happens."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # Flask's proxy method; typed as the app
    slot = _claim_slot()
    stream = None
    try:
        payload = build()
        with scratch_dir(app.config["TRACKER_EXPORT_TMPDIR"]) as tmpdir:
            # Unnamed, so the directory can go now; its space is freed when the response closes it.
            stream = tempfile.TemporaryFile(dir=tmpdir)  # noqa: SIM115 - the response closes it
            write(stream, payload, tmpdir)
        size = stream.seek(0, 2)
        stream.seek(0)
    except BaseException:
        if stream is not None:
            stream.close()
        # Ended before the slot goes: the release runs in a transaction of its own, which must not end up inside
        # this one (tests share one connection) or wait for it.
        release_session()
        release_export_slot(app, slot)
        raise
    meta = payload.meta if isinstance(payload, TaskExport) else payload.tasks.meta
    ascii_file, file = _file_names(ascii_name, name, meta)
    response = send_file(
        stream, mimetype=XLSX, as_attachment=True, download_name=ascii_file, max_age=0, etag=False, conditional=False
    )
    response.headers["Content-Disposition"] = content_disposition(ascii_file, file)
    response.headers["Cache-Control"] = "private, no-store"
    response.content_length = size
    # Passed through, the file wrapper would go to the server bare and Response.close (with the slot's release)
    # would never run; wrapped, the server's close() on the body closes the file and then frees the slot.
    response.direct_passthrough = False
    response.call_on_close(partial(release_export_slot, app, slot))
    return response


@bp.route("/export/tasks.xlsx")
@login_required
def tree_xlsx():
    """The plan tree page's list, for the same URL arguments."""
    plan = _plan()
    args = request.args.copy()
    return _send_workbook(
        write_task_workbook,
        lambda: task_export(plan, args, current_user, today(), _stale_days()),
        _("规划任务"),
        "plan-tasks",
    )


def _plan_export(plan: Plan) -> PlanExport:
    loaded = filtered_tree(plan, {}, today(), _stale_days())
    review = review_entries(plan.id, current_user, today(), _stale_days())
    return PlanExport(
        tasks=task_export(plan, {}, current_user, today(), _stale_days(), loaded),
        document=document_rows(plan),
        groups=project_groups(plan.id, loaded.tree, today()),
        item_budgets=item_budget_rows(plan.id, loaded.tree),
        indicators=indicator_rows(plan.id),
        review=ReviewSheet(*review) if review is not None else None,
        office=office_sheets(plan.id, None, today(), _stale_days(), Words()),
    )


@bp.route("/export/plan.xlsx")
@login_required
def workbook():
    plan = _plan()
    return _send_workbook(write_plan_workbook, lambda: _plan_export(plan), _("规划汇总"), "plan-workbook")


# ---------------------------------------------------------------------------------------------------------------
# Import


def _display_filename(raw: str | None) -> str:
    return _CONTROL.sub("", _PATH_PARTS.split(raw or "")[-1]).strip()


def _load_batch(batch_id: int) -> ImportBatch:
    """403 for roles that never import; 404 for a batch that is not this user's (or does not exist). The page is
    about the batch's plan."""
    authorize(can_import(current_user))
    batch = get_or_404(ImportBatch, batch_id)
    if not owns_batch(current_user, batch):
        abort(404)
    show_plan(batch.plan)
    return batch


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_upload():
    authorize(can_import(current_user))
    # An upload is for the plan its form names (the one its page showed), whatever the session chose since.
    if request.method == "POST" and plan_of_form() is None:
        return refuse_form_without_plan(url_for("exports.import_upload"))
    plan = _plan()
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        saved = save_form(
            form,
            lambda: create_batch(
                plan, current_user, _display_filename(upload.filename), read_upload(upload.stream), today()
            ),
        )
        if saved.done:
            return redirect(url_for("exports.import_preview", batch_id=saved.result.id))
    recent = db.session.scalars(
        select(ImportBatch)
        .where(ImportBatch.user_id == current_user.id, ImportBatch.plan_id == plan.id)
        .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
        .limit(RECENT_BATCHES)
    ).all()
    return render_template("exports/import_upload.html", form=form, recent=recent, plan=plan)


def _page_number() -> int:
    raw = request.args.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


@bp.route("/import/<int:batch_id>")
@login_required
def import_preview(batch_id: int):
    batch = _load_batch(batch_id)
    show = request.args.get("show")
    show = show if show in (Verdict.APPLY.value, Verdict.REFUSED.value) else None
    query = (
        select(ImportRow, WorkItem.outline_no, WorkItem.outline_added, WorkItem.title)
        .outerjoin(WorkItem, WorkItem.id == ImportRow.work_item_id)
        .where(ImportRow.batch_id == batch.id)
        .order_by(ImportRow.row_number, ImportRow.id)
    )
    if show:
        query = query.where(ImportRow.verdict == show)
    return render_template(
        "exports/import_preview.html",
        batch=batch,
        page=paginate(query, _page_number(), PREVIEW_PAGE),
        counts=verdict_counts(batch),
        show=show,
        form=ConfirmForm(),
    )


@bp.route("/import/<int:batch_id>/confirm", methods=["POST"])
@login_required
def import_confirm(batch_id: int):
    batch = _load_batch(batch_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    saved = save_action(
        lambda: apply_batch(batch, current_user._get_current_object(), today()),
        stale_message=_("保存失败：其他人刚刚修改了同一条记录。本次导入没有写入任何内容，请重新导出后再填写上传。"),
    )
    if saved.done and needs_sign_off(current_user):
        flash(
            ngettext(
                "已提交 %(num)d 条进展报告，待部门负责人审核。",
                "已提交 %(num)d 条进展报告，待部门负责人审核。",
                saved.result,
            ),
            "success",
        )
    elif saved.done:
        flash(ngettext("已导入 %(num)d 条进展报告。", "已导入 %(num)d 条进展报告。", saved.result), "success")
    return redirect(url_for("exports.import_preview", batch_id=batch_id))


@bp.route("/import/<int:batch_id>/discard", methods=["POST"])
@login_required
def import_discard(batch_id: int):
    batch = _load_batch(batch_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not save_action(lambda: discard_batch(batch)).done:
        return redirect(url_for("exports.import_preview", batch_id=batch_id))
    flash(_("已放弃这批导入，没有写入任何进展。"), "info")
    return redirect(url_for("exports.import_upload"))
