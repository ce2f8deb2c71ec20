"""Room for files in a request body: MAX_CONTENT_LENGTH (5 MB) stays the limit of every other route.

A view module that takes files names its endpoints with `allow_uploads(bp, "endpoint", ...)`. The limit is raised
in a URL value preprocessor, which runs before every before_request function (CSRF's check, which reads the form,
included), and only for a signed-in user: a large body from an anonymous client is still refused with 413 before
it is read. A body over the raised limit gets a 413 page that says what the limits are.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.attachments.services import FILES_MAX, max_bytes, size_text
from tracker.core.errorpages import error_texts
from tracker.core.negotiation import json_error, wants_json

# The form's other fields (a status update's notes, an answer's text) beside the files, and multipart framing.
FORM_ROOM = 1024 * 1024
# "blueprint.endpoint" of every route that takes files, and the blueprints already given the two hooks below.
_upload_endpoints: set[str] = set()
_hooked: set[str] = set()


def upload_body_limit() -> int:
    return max_bytes() * FILES_MAX + FORM_ROOM


def allow_uploads(bp: Blueprint, *endpoints: str) -> None:
    """Let requests to these endpoints of `bp` (names without the blueprint's prefix) carry files. Call at import,
    before the blueprint is registered."""
    _upload_endpoints.update(f"{bp.name}.{endpoint}" for endpoint in endpoints)
    if bp.name in _hooked:
        return
    _hooked.add(bp.name)
    bp.url_value_preprocessor(_room_for_files)
    bp.errorhandler(RequestEntityTooLarge)(_too_large)


def _room_for_files(_endpoint, _values) -> None:
    if request.endpoint not in _upload_endpoints or not current_user.is_authenticated:
        return
    request.max_content_length = max(upload_body_limit(), current_app.config.get("MAX_CONTENT_LENGTH") or 0)


def _too_large(error: RequestEntityTooLarge):
    if request.endpoint not in _upload_endpoints:
        title, message = error_texts(413)
    else:
        title = _("文件过大")
        message = _(
            "提交的文件太大，没有保存。每个文件不超过 %(size)s，一次最多 %(count)d 个。请返回重新选择文件。",
            size=size_text(max_bytes()),
            count=FILES_MAX,
        )
    if wants_json():
        return json_error("request_entity_too_large", message), 413
    return render_template("error.html", code=413, title=title, message=message), 413
