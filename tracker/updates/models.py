from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.statuses import STATUS_VALUES, sql_in
from tracker.db import Base
from tracker.plan.models import WorkItem
from tracker.projects.models import Project


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

    work_item: Mapped[WorkItem | None] = relationship()
    project: Mapped[Project | None] = relationship()
    author: Mapped[User] = relationship()
