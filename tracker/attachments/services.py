"""Evidence files: check an upload, store it in the database in chunks, find the files of many rows at once, and
read one back for its download.

A submit with files is all or nothing: `check_uploads` reads every file and reports every refusal at the form's
field without raising, so the caller raises them together with its own rules (Problems.raise_if_any) before it
writes anything; `store_files` then writes what was checked, in the caller's transaction (it flushes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, column, insert, or_, select, table
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import FileStorage

from tracker.attachments.content import sniff
from tracker.attachments.models import CHUNK_BYTES, Attachment, AttachmentChunk
from tracker.attachments.names import name_problem, stored_name
from tracker.auth.models import User
from tracker.core import clock
from tracker.core.errors import Problems
from tracker.core.permissions import get_or_404
from tracker.core.subjects import Subject, SubjectType
from tracker.extensions import db

# At most this many files in one submit; the upload routes' body limit is counted from it (limits.py).
FILES_MAX = 10
# Keys of files_for's answer: what the files came with.
STATUS_UPDATE, REQUEST_MESSAGE, PROJECT = "status_update", "request_message", "project"


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check: its bytes, read once, and what they are."""

    filename: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def max_bytes() -> int:
    return int(current_app.config["TRACKER_ATTACHMENT_MAX_BYTES"])


def size_text(size: int) -> str:
    """A size as people read it: 1.5 MB, 320 KB, 12 B."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return str(_("%(size)d MB", size=size // (1024 * 1024)))
    if size >= 1024 * 1024:
        return str(_("%(size).1f MB", size=size / (1024 * 1024)))
    if size >= 1024:
        return str(_("%(size)d KB", size=size // 1024))
    return str(_("%(size)d B", size=size))


def chosen(files: Iterable[FileStorage | Any]) -> list[FileStorage]:
    """The files actually chosen: a file input left empty still sends one part without a name."""
    return [upload for upload in files if isinstance(upload, FileStorage) and upload.filename]


def check_uploads(files: Sequence[FileStorage], problems: Problems, field: str = "files") -> list[CheckedFile]:
    """Read each chosen file once and check it; every refusal goes to `problems` at `field`, naming the file.
    Answers the files that may be stored (the caller stores none of them when `problems` holds anything)."""
    uploads = chosen(files)
    if len(uploads) > FILES_MAX:
        problems.add(_("一次最多上传 %(max)d 个文件。", max=FILES_MAX), field)
        return []
    checked = []
    for upload in uploads:
        result = _check_one(upload, problems, field)
        if result is not None:
            checked.append(result)
    return checked


def _check_one(upload: FileStorage, problems: Problems, field: str) -> CheckedFile | None:
    name = upload.filename or ""
    refused = name_problem(name)
    if refused is not None:
        problems.add(refused, field)
        return None
    limit = max_bytes()
    data = upload.stream.read(limit + 1)  # never more than one byte past the limit into memory
    if not data:
        problems.add(_("%(name)s：文件是空的。", name=name), field)
        return None
    if len(data) > limit:
        problems.add(_("%(name)s：文件超过 %(size)s，不能上传。", name=name, size=size_text(limit)), field)
        return None
    kind = sniff(data)
    if kind is None:
        problems.add(
            _(
                "%(name)s：不支持这种文件，只能上传 PDF、图片或 Word、Excel、PowerPoint、WPS 文档。",
                name=name,
            ),
            field,
        )
        return None
    return CheckedFile(
        filename=stored_name(name, kind),
        content_type=kind.content_type,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def store_files(
    checked: Sequence[CheckedFile],
    subject: Subject,
    actor: User,
    *,
    status_update_id: int | None = None,
    request_message_id: int | None = None,
) -> list[Attachment]:
    """Keep the checked files on `subject` (with the status update or request message they came with, if any),
    uploaded by `actor`; flushes. Each chunk is its own INSERT, so no statement carries more than CHUNK_BYTES of
    data (MariaDB's max_allowed_packet) and the session never holds a file's bytes twice."""
    now = clock.now()
    stored = []
    for upload in checked:
        attachment = Attachment(
            filename=upload.filename,
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
            uploaded_by=actor,
            created_at=now,  # one time for one submit: the timeline shows them as one upload
            status_update_id=status_update_id,
            request_message_id=request_message_id,
            **{subject.subject_type.key: subject.id},
        )
        db.session.add(attachment)
        db.session.flush()
        for seq, start in enumerate(range(0, upload.size, CHUNK_BYTES)):
            piece = upload.data[start : start + CHUNK_BYTES]
            db.session.execute(insert(AttachmentChunk).values(attachment_id=attachment.id, seq=seq, data=piece))
        stored.append(attachment)
    return stored


def files_for(
    *, status_update_ids: Iterable[int] = (), request_message_ids: Iterable[int] = (), project_ids: Iterable[int] = ()
) -> dict[str, dict[int, list[Attachment]]]:
    """The files of many rows in one statement, oldest first, uploaders loaded:
    {"status_update": {update id: [...]}, "request_message": {message id: [...]}, "project": {project id: [...]}}.
    A project's files are its evidence: its own and those of its reports that took effect (a draft awaiting its
    lead's sign-off, or a returned report, lists its files under itself only). Every key is there, even when
    nothing was asked."""
    wanted = {
        STATUS_UPDATE: (Attachment.status_update_id, set(status_update_ids)),
        REQUEST_MESSAGE: (Attachment.request_message_id, set(request_message_ids)),
        PROJECT: (Attachment.project_id, set(project_ids)),
    }
    found: dict[str, dict[int, list[Attachment]]] = {key: {} for key in wanted}
    conditions = [column.in_(sorted(ids)) for column, ids in wanted.values() if ids]
    if not conditions:
        return found
    evidence = or_(Attachment.status_update_id.is_(None), Attachment.status_update_id.in_(_reports_in_effect()))
    query = (
        select(Attachment, evidence.label("evidence"))
        .options(joinedload(Attachment.uploaded_by))
        .where(or_(*conditions))
        .order_by(Attachment.created_at, Attachment.id)
    )
    for attachment, is_evidence in db.session.execute(query):
        for key, (owner_column, ids) in wanted.items():
            owner = getattr(attachment, owner_column.key)
            if owner in ids and (key != PROJECT or is_evidence):
                found[key].setdefault(owner, []).append(attachment)
    return found


def _reports_in_effect() -> Select[tuple[Any]]:
    """Ids of the reports that took effect (tracker.updates.models.SignOff.APPROVED). Named as a bare table, as the
    foreign key names it: the updates feature sits above this one, which never imports it."""
    reports = table("status_updates", column("id"), column("sign_off"))
    return select(reports.c.id).where(reports.c.sign_off == "approved")


def standalone_files(subject_type: SubjectType | str, subject_id: int) -> list[Attachment]:
    """Files uploaded to a subject on their own (not with an update or an answer), newest first: one statement."""
    kind = SubjectType.parse(subject_type)
    if kind is None:
        return []
    query = (
        select(Attachment)
        .options(joinedload(Attachment.uploaded_by))
        .where(
            getattr(Attachment, kind.key) == subject_id,
            Attachment.status_update_id.is_(None),
            Attachment.request_message_id.is_(None),
        )
        .order_by(Attachment.created_at.desc(), Attachment.id.desc())
    )
    return list(db.session.scalars(query))


def not_yet_kept(checked: Sequence[CheckedFile], subject: Subject) -> list[CheckedFile]:
    """The files not already uploaded to `subject` on their own under the same name with the same bytes: the same
    upload sent twice (a second click, Back and submit) keeps them once. One statement."""
    if not checked:
        return []
    query = select(Attachment.filename, Attachment.sha256).where(
        getattr(Attachment, subject.subject_type.key) == subject.id,
        Attachment.status_update_id.is_(None),
        Attachment.request_message_id.is_(None),
        Attachment.sha256.in_(sorted({upload.sha256 for upload in checked})),
    )
    kept = {(row.filename, row.sha256) for row in db.session.execute(query)}
    return [upload for upload in checked if (upload.filename, upload.sha256) not in kept]


def attachment_or_404(attachment_id: int) -> Attachment:
    return get_or_404(Attachment, attachment_id)


def chunks_of(attachment: Attachment) -> Iterator[bytes]:
    """The file's bytes, chunk by chunk, each read by its own statement (a 20 MB file is never in memory whole).

    The id and size are read now: the response streams after the request's transaction has ended and its session
    has let go of `attachment`, so the chunks are read by id, in a session of their own."""
    return _chunks(attachment.id, attachment.size)


def _chunks(attachment_id: int, size: int) -> Iterator[bytes]:
    for seq in range((size + CHUNK_BYTES - 1) // CHUNK_BYTES):
        query = select(AttachmentChunk.data).where(
            AttachmentChunk.attachment_id == attachment_id, AttachmentChunk.seq == seq
        )
        data = db.session.scalar(query)
        if data is None:
            # A stored file lost a chunk: the download breaks off rather than end as a silently shorter file.
            raise LookupError(f"attachment {attachment_id} has no chunk {seq}")
        yield bytes(data)
