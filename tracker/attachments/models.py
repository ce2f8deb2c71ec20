from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core import clock
from tracker.db import Base

# A chunk of a file's bytes. Files are stored in pieces so that no statement carries more than one piece:
# MariaDB refuses a packet over max_allowed_packet (16 MB by default), and a download streams piece by piece.
CHUNK_BYTES = 512 * 1024
# BLOB holds 64 KB on MariaDB; MEDIUMBLOB 16 MB. PostgreSQL's bytea and SQLite's BLOB have no such limit.
ChunkBytes = LargeBinary().with_variant(mysql.MEDIUMBLOB(), "mysql", "mariadb")


class Attachment(Base):
    """An evidence file (佐证材料) on a work item or a project, uploaded with a status update, with an answer to
    the office's request, or on its own to a project. The bytes live in attachment_chunks."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(
            "(work_item_id IS NOT NULL AND project_id IS NULL) OR (work_item_id IS NULL AND project_id IS NOT NULL)",
            name="one_subject",
        ),
        CheckConstraint("size > 0", name="size_positive"),
        Index("ix_attachments_item_time", "work_item_id", "created_at"),
        Index("ix_attachments_project_time", "project_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    # What it came with (at most one; neither: uploaded to the project on its own). String foreign keys: those
    # tables belong to features above this one, which never imports them.
    status_update_id: Mapped[int | None] = mapped_column(ForeignKey("status_updates.id"), index=True)
    request_message_id: Mapped[int | None] = mapped_column(ForeignKey("request_messages.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # as the user named it, cleaned: shown and sent back
    content_type: Mapped[str] = mapped_column(String(100))  # from the content, not from the name
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)

    uploaded_by: Mapped[User] = relationship()


class AttachmentChunk(Base):
    __tablename__ = "attachment_chunks"

    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(ChunkBytes)
