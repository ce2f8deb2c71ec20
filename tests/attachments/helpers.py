"""Checking uploads outside a request, and sending them through one."""

from __future__ import annotations

import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from tracker.attachments.models import Attachment, AttachmentChunk
from tracker.attachments.services import check_uploads
from tracker.core.errors import Problems


def upload(data: bytes, name: str, content_type: str = "application/octet-stream") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name, content_type=content_type)


def check(*files: tuple[bytes, str]):
    """(checked files, the messages at "files")."""
    problems = Problems()
    checked = check_uploads([upload(data, name) for data, name in files], problems)
    return checked, problems.errors.get("files", [])


def multipart(*files: tuple[bytes, str], **fields: str) -> dict:
    """A form body with `files` as the file input's parts (the test client sends it as multipart/form-data)."""
    return {**fields, "files": [(io.BytesIO(data), name) for data, name in files]}


def counts(session) -> tuple[int, int]:
    """(attachments, chunks) stored."""
    return (
        session.scalar(select(func.count()).select_from(Attachment)),
        session.scalar(select(func.count()).select_from(AttachmentChunk)),
    )
