from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.statuses import STATUS_VALUES, sql_in
from tracker.db import Base
from tracker.plan.models import WorkItem
from tracker.projects.models import Project


class SignOff(StrEnum):
    """Where a report stands with the department's lead. Only approved reports move the subject and count."""

    PENDING = "pending"  # a member's report in a department whose reports need sign-off: a draft
    APPROVED = "approved"  # every report that needs no sign-off, and those the lead approved
    RETURNED = "returned"  # the lead sent it back with a comment; never applied


class StatusUpdate(Base):
    """A progress report on exactly one work item or project. Never edited or deleted."""

    __tablename__ = "status_updates"
    __table_args__ = (
        CheckConstraint(
            "(work_item_id IS NOT NULL AND project_id IS NULL) OR (work_item_id IS NULL AND project_id IS NOT NULL)",
            name="one_subject",
        ),
        CheckConstraint("progress_before >= 0 AND progress_before <= 100", name="progress_before_range"),
        CheckConstraint("progress_after >= 0 AND progress_after <= 100", name="progress_after_range"),
        CheckConstraint(f"status_before IN ({sql_in(STATUS_VALUES)})", name="status_before"),
        CheckConstraint(f"status_after IN ({sql_in(STATUS_VALUES)})", name="status_after"),
        Index("ix_status_updates_item_time", "work_item_id", "created_at"),
        Index("ix_status_updates_project_time", "project_id", "created_at"),
        # The newest reports across the plan (the dashboard): read backwards along this index, not sorted.
        Index("ix_status_updates_created_at", "created_at"),
        CheckConstraint(f"sign_off IN ({sql_in(tuple(SignOff))})", name="sign_off"),
        Index("ix_status_updates_sign_off", "sign_off"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)
    status_before: Mapped[str] = mapped_column(String(16))
    status_after: Mapped[str] = mapped_column(String(16))
    progress_before: Mapped[int] = mapped_column(Integer)
    progress_after: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    delay_reason: Mapped[str] = mapped_column(Text, default="")
    remedy: Mapped[str] = mapped_column(Text, default="")
    expected_completion: Mapped[date | None] = mapped_column(Date)
    sign_off: Mapped[str] = mapped_column(String(16), default=SignOff.APPROVED.value, server_default="approved")
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime)
    sign_off_comment: Mapped[str] = mapped_column(Text, default="", server_default="")

    work_item: Mapped[WorkItem | None] = relationship()
    project: Mapped[Project | None] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])

    @hybrid_property
    def took_effect(self) -> bool:
        """Approved: the report changed its subject. Every reader of "the latest report" (stale, the dashboard, the
        exports' note, the queue's delay reason) asks this; drafts and returned reports only show on the timeline."""
        return self.sign_off == SignOff.APPROVED.value
