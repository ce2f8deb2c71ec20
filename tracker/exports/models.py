"""What the exports keep in the database, because several workers on several hosts serve one user: uploaded
spreadsheets awaiting confirmation, the exports running now (one slot each), and this installation's identity."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.statuses import sql_in
from tracker.db import Base, utcnow
from tracker.plan.models import Plan, WorkItem


class BatchState(StrEnum):
    PENDING = "pending"  # previewed, not yet confirmed
    APPLIED = "applied"
    DISCARDED = "discarded"
    NOTHING = "nothing"  # no row to import (each left as exported or refused): finished when it is created


class Verdict(StrEnum):
    APPLY = "apply"
    REFUSED = "refused"


class ImportBatch(Base):
    """One upload: who, when, which file, and whether it has been applied (at most once)."""

    __tablename__ = "import_batches"
    __table_args__ = (CheckConstraint(f"state IN ({sql_in(tuple(BatchState))})", name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)
    filename: Mapped[str] = mapped_column(String(255), default="")
    state: Mapped[str] = mapped_column(String(16), default=BatchState.PENDING.value)
    # Rows read from the file; rows left as exported are only counted, never stored.
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
    plan: Mapped[Plan] = relationship()


class ImportRow(Base):
    """One edited row of an upload with the verdict of the preview: apply, or refused with a reason."""

    __tablename__ = "import_rows"
    __table_args__ = (
        CheckConstraint(f"verdict IN ({sql_in(tuple(Verdict))})", name="verdict"),
        Index("ix_import_rows_batch_row", "batch_id", "row_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"))
    row_number: Mapped[int] = mapped_column(Integer)  # as Excel numbers rows (1-based)
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"), index=True)
    key_text: Mapped[str] = mapped_column(String(64), default="")  # the key cell as found, for unknown items
    seen_version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(16))
    progress: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    delay_reason: Mapped[str] = mapped_column(Text, default="")
    remedy: Mapped[str] = mapped_column(Text, default="")
    expected_completion: Mapped[date | None] = mapped_column(Date)
    verdict: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32), default="")  # a code (see importing.REASONS); "" when applied
    message: Mapped[str] = mapped_column(Text, default="")  # the reason in words, in the uploader's language
    # What the row changes, as [field, old, new] in words, for the preview (old: the item as previewed).
    changes: Mapped[list | None] = mapped_column(JSON, default=list)

    batch: Mapped[ImportBatch] = relationship()
    work_item: Mapped[WorkItem | None] = relationship()


class ExportSlot(Base):
    """One export running for a user. A user holds at most TRACKER_MAX_CONCURRENT_EXPORTS slots, numbered from 1:
    the unique (user, slot) pair makes two workers racing for the last slot fail one insert instead of both
    succeeding. A slot is deleted when its response closes; one left by a killed worker lapses at expires_at."""

    __tablename__ = "export_slots"
    __table_args__ = (UniqueConstraint("user_id", "slot", name="uq_export_slots_user_slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slot: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Installation(Base):
    """This installation's identity: one row, a random key created once, written into every export's marker so
    that an export from another installation of the same plan (same plan code, other ids) is refused."""

    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
