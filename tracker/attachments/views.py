"""Downloading an evidence file: always as a download, never shown inline, streamed chunk by chunk."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Blueprint, Response, abort, stream_with_context
from flask_login import current_user, login_required

from tracker.attachments import timeline  # noqa: F401  (registers the timeline's file entries)
from tracker.attachments.forms import ACCEPT
from tracker.attachments.models import Attachment
from tracker.attachments.permissions import TEMPLATE_GLOBALS, can_download
from tracker.attachments.services import FILES_MAX, attachment_or_404, chunks_of, max_bytes, size_text

bp = Blueprint("attachments", __name__, template_folder="templates")

# Characters a quoted filename="…" may not carry as they are (quotes, backslashes, separators, controls).
_UNSAFE_IN_QUOTES = re.compile(r'[\x00-\x1f\x7f"\\/;%]')


# Template globals, not a context processor: macros imported from attachments/_files.html see globals only.
TEMPLATE_VALUES = {
    **TEMPLATE_GLOBALS,
    "attachment_accept": ACCEPT,
    "attachment_files_max": FILES_MAX,
    "attachment_max_size": lambda: size_text(max_bytes()),
    "attachment_size": size_text,
}
bp.record_once(lambda state: state.app.jinja_env.globals.update(TEMPLATE_VALUES))


@bp.route("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    """404, not 403, for one who may not read it: a refusal would say the file exists."""
    attachment = attachment_or_404(attachment_id)
    if not can_download(current_user, attachment):
        abort(404)
    response = Response(stream_with_context(chunks_of(attachment)), content_type=attachment.content_type)
    response.headers["Content-Length"] = str(attachment.size)
    response.headers["Content-Disposition"] = content_disposition(attachment)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Private to this user, and (core.security_headers) not kept on a shared machine either.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def content_disposition(attachment: Attachment) -> str:
    """`attachment` with an ASCII name for old clients and the real (Chinese) name per RFC 5987/6266. A name
    with nothing ASCII in its stem falls back to attachment-<id> with the file's extension."""
    name = attachment.filename
    stem, dot, extension = name.rpartition(".")
    stem, extension = (stem, extension) if dot else (name, "")
    plain_stem = _ascii(stem) or f"attachment-{attachment.id}"
    fallback = plain_stem + ("." + _ascii(extension) if extension else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_IN_QUOTES.sub("_", folded).strip()
