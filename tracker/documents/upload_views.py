"""The office's plan-document import: upload, a preview that writes nothing, confirm.

The preview keeps no state on the server: its confirm form carries the document's text (as the reader extracted
it) and the office's choices, and the confirm request reads that text again with `parse_limited`, checked as the
upload checks it (its characters, its size, lines and headings). So nothing, no file and no row, is stored before
the office confirms, and confirming writes the whole plan in the request's one transaction
(tracker.core.transactions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.core.errors import Problems
from tracker.core.forms import save_form, validate_with_rules
from tracker.core.permissions import authorize
from tracker.documents import links  # noqa: F401  (registers the tree page's link to the upload page)
from tracker.documents.background import CHOOSABLE_DEPTH, decide_background
from tracker.documents.forms import ConfirmForm, UploadForm
from tracker.documents.limits import DocumentLimits
from tracker.documents.model import DocumentRefused, ParsedDocument, ProposedIndicator
from tracker.documents.parsing import parse_limited
from tracker.documents.permissions import can_import_plan
from tracker.documents.preview import Preview, build_preview
from tracker.documents.reading import read_document, refuse_controls
from tracker.documents.services import (
    DEPARTMENT_FIELD_PREFIX,
    NEW_DEPARTMENT,
    DepartmentMap,
    can_hold,
    check_code,
    check_import,
    check_unknown_count,
    import_plan,
    refusal,
)
from tracker.indicators.labels import comparator_sign
from tracker.indicators.services import format_number
from tracker.org.services import departments as all_departments
from tracker.plan.labels import context_kind_label

bp = Blueprint("plan_import", __name__, template_folder="templates")

# The confirm form carries the document's text (at most DocumentLimits.max_text_bytes), and a request this much
# more for its other fields.
FORM_ROOM = 64 * 1024
FILENAME_MAX = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _document_limit() -> int:
    return current_app.config["TRACKER_PLAN_DOCUMENT_MAX_BYTES"]


def _limits() -> DocumentLimits:
    return DocumentLimits.from_config(current_app.config)


def _text_limit() -> int:
    return _limits().max_text_bytes


@bp.url_value_preprocessor
def _room_for_a_document(_endpoint, _values) -> None:
    """Let these requests carry a document and its text, when they come from someone who may import (anyone
    else keeps MAX_CONTENT_LENGTH: a large body from an anonymous client is refused with 413 before it is read).
    URL value preprocessors run before every before_request function, CSRF's check (which reads the form)
    included, so the limits are raised before anything reads the body; the session cookie is all the check reads."""
    if not (current_user.is_authenticated and can_import_plan(current_user)):
        return
    room = _text_limit() + FORM_ROOM
    request.max_content_length = max(room, current_app.config.get("MAX_CONTENT_LENGTH") or 0)
    request.max_form_memory_size = room


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    form = UploadForm(formdata=None)
    form.file.errors = [_too_large_message()]
    return render_template("documents/import_upload.html", form=form), 413


def _too_large_message() -> str:
    limit = _document_limit()
    if limit >= 1024 * 1024:
        return _("文件超过 %(size).1f MB，无法导入。", size=limit / (1024 * 1024))
    return _("文件超过 %(size)d KB，无法导入。", size=max(1, limit // 1024))


def _period(form) -> tuple[int, int] | None:
    if form.start_year.data is not None and form.end_year.data is not None:
        return form.start_year.data, form.end_year.data
    return None


def _check_years(form, problems: Problems) -> None:
    """Both years or neither (then the document's period is used)."""
    for given, missing in ((form.start_year, form.end_year), (form.end_year, form.start_year)):
        if given.data is not None and missing.data is None and not missing.errors:
            problems.add(_("起止年份须同时填写。"), missing.name)


@bp.route("/plans/import", methods=["GET"])
@login_required
def upload():
    authorize(can_import_plan(current_user))
    return render_template("documents/import_upload.html", form=UploadForm())


@dataclass
class Read:
    text: str = ""
    parsed: ParsedDocument | None = None


@bp.route("/plans/import", methods=["POST"])
@login_required
def preview():
    """The upload read and shown as it will be written; refusals at the form's fields, every one at once."""
    authorize(can_import_plan(current_user))
    form = UploadForm()
    read = Read()

    def rules() -> None:
        problems = Problems()
        upload = form.file.data
        if upload is not None:
            try:
                read.text = _read_text(upload.read())
                read.parsed = parse_limited(read.text, _limits())
            except DocumentRefused as error:
                problems.add(error.message, "file")
        _check_years(form, problems)
        if read.parsed is None:
            problems.check(check_code, form.code.data or "")
        else:
            problems.check(check_unknown_count, read.parsed, _limits().max_unknown_departments)
            problems.check(
                check_import,
                read.parsed,
                code=form.code.data or "",
                name=form.name.data,
                department_map={},
                period=_period(form),
                require_departments=False,
            )
        problems.raise_if_any()

    if validate_with_rules(form, rules) and read.parsed is not None:
        confirm = ConfirmForm(
            formdata=None,
            code=form.code.data,
            name=form.name.data or read.parsed.title,
            start_year=form.start_year.data or (read.parsed.period or (None, None))[0],
            end_year=form.end_year.data or (read.parsed.period or (None, None))[1],
            text=read.text,
            filename=_filename(form.file.data.filename),
        )
        shown = build_preview(read.parsed)
        return _preview_page(confirm, shown, Choices.defaults(shown))
    return render_template("documents/import_upload.html", form=form)


def _read_text(data: bytes) -> str:
    return read_document(data, max_bytes=_document_limit(), limits=_limits())


def _filename(raw: str | None) -> str:
    """The upload's own name, without a client's path, for the plan's source."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _CONTROL.sub("", name).strip()[:FILENAME_MAX]


@dataclass
class Choices:
    """The office's choices on the preview: each name's department ("new" or an id; missing when not chosen), the
    indices of the ticked indicators, and each first- and second-level heading's 跟踪 / 仅阅读 (line -> tracked;
    missing: the reader's proposal)."""

    departments: dict[str, int | str]
    indicators: set[int]
    tracking: dict[int, bool] = field(default_factory=dict)
    submitted: bool = False
    refused: dict[str, list[str]] = field(default_factory=dict)  # name -> why its chosen department was refused

    def take_refusals(self, problems: Problems) -> None:
        """Move the refusals of single names' choices (services.department_field) from `problems` to the names
        they concern, shown at each name's choice; one line above the form says to look there."""
        for key in [key for key in problems.errors if key.startswith(DEPARTMENT_FIELD_PREFIX)]:
            self.refused[key.removeprefix(DEPARTMENT_FIELD_PREFIX)] = problems.errors.pop(key)
        if self.refused:
            problems.add(_("部分部门名称的选择不能接受，请查看标出的部门。"))

    @classmethod
    def defaults(cls, shown: Preview) -> Choices:
        return cls(departments={}, indicators={i for i, proposed in enumerate(shown.indicators) if can_hold(proposed)})

    @staticmethod
    def tracking_from_form(shown: Preview) -> dict[int, bool]:
        """The 跟踪 boxes of the headings the page offered (a box not ticked is not sent: the hidden `track_shown`
        says it was there). Lines of other headings are ignored."""
        offered = {str(row.line): row.line for row in shown.rows if row.depth < CHOOSABLE_DEPTH}
        ticked = set(request.form.getlist("track"))
        return {offered[value]: value in ticked for value in request.form.getlist("track_shown") if value in offered}

    @classmethod
    def from_form(cls, shown: Preview, tracking: dict[int, bool]) -> Choices:
        # By name, not by place: a heading switched to 跟踪 may add a name to the list the page showed.
        wanted = {named.name for named in shown.unknown}
        chosen: dict[str, int | str] = {}
        for key in request.form:
            if not key.startswith("department_name-"):
                continue
            name = request.form.get(key, "")
            value = request.form.get("department-" + key.removeprefix("department_name-"), "")
            if name not in wanted:
                continue
            if value == NEW_DEPARTMENT:
                chosen[name] = NEW_DEPARTMENT
            elif value.isascii() and value.isdigit() and len(value) < 10:
                chosen[name] = int(value)
        ticked = {
            int(value)
            for value in request.form.getlist("indicator")
            if value.isascii() and value.isdigit() and len(value) < 10 and int(value) < len(shown.indicators)
        }
        return cls(departments=chosen, indicators=ticked, tracking=tracking, submitted=True)

    def department_map(self) -> DepartmentMap:
        return self.departments

    def chosen_indicators(self, shown: Preview) -> list[ProposedIndicator]:
        return [indicator for index, indicator in enumerate(shown.indicators) if index in self.indicators]


def _preview_page(form: ConfirmForm, shown: Preview, choices: Choices) -> str:
    return render_template(
        "documents/import_preview.html",
        form=form,
        preview=shown,
        choices=choices,
        departments=all_departments(include_inactive=False),
        new_department=NEW_DEPARTMENT,
        comparator_sign=comparator_sign,
        refusal=refusal,
        context_kind_label=context_kind_label,
        format_number=format_number,
    )


@bp.route("/plans/import/confirm", methods=["POST"])
@login_required
def confirm():
    """Write the previewed document as a new plan, then show its tree."""
    authorize(can_import_plan(current_user))
    form = ConfirmForm()
    text = form.text.data or ""
    try:
        refuse_controls(text)  # as the upload's reader: the text came back from the browser
        parsed = parse_limited(text, _limits())
    except DocumentRefused as error:
        flash(_("预览已失效：%(reason)s 请重新上传文件。", reason=error.message), "error")
        return redirect(url_for("plan_import.upload"))
    tracking = Choices.tracking_from_form(build_preview(parsed))
    decide_background(parsed.items, tracking)
    shown = build_preview(parsed)
    choices = Choices.from_form(shown, tracking)
    indicators = choices.chosen_indicators(shown)

    def rules() -> None:
        problems = Problems()
        _check_years(form, problems)
        problems.check(check_unknown_count, parsed, _limits().max_unknown_departments)
        problems.check(
            check_import,
            parsed,
            code=form.code.data or "",
            name=form.name.data,
            department_map=choices.department_map(),
            indicators=indicators,
            period=_period(form),
        )
        choices.take_refusals(problems)
        problems.raise_if_any()

    if validate_with_rules(form, rules):
        saved = save_form(
            form,
            lambda: import_plan(
                parsed,
                code=form.code.data or "",
                name=form.name.data,
                department_map=choices.department_map(),
                indicators=indicators,
                actor=current_user._get_current_object(),
                period=_period(form),
                source=_filename(form.filename.data),  # as the upload cleaned it: the field came back
            ),
        )
        if saved.done and saved.result is not None:
            count = len(parsed.tracked())
            flash(
                ngettext(
                    "已导入规划 %(code)s，共 %(num)d 项。",
                    "已导入规划 %(code)s，共 %(num)d 项。",
                    count,
                    code=saved.result.code,
                ),
                "success",
            )
            return redirect(url_for("plan.tree", plan=saved.result.code))
    return _preview_page(form, shown, choices)
