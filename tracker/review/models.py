from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.statuses import sql_in
from tracker.db import Base
from tracker.plan.models import WorkItem
from tracker.projects.models import Project


class Outcome(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    FOLLOW_UP = "follow_up"
    EXTENSION = "extension"
    ESCALATED = "escalated"
    CLOSED = "closed"


class Review(Base):
    """The office's decision on one overdue or stale work item or project."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(
            "(work_item_id IS NOT NULL AND project_id IS NULL) OR (work_item_id IS NULL AND project_id IS NOT NULL)",
            name="one_subject",
        ),
        CheckConstraint(f"outcome IN ({sql_in(tuple(Outcome))})", name="outcome"),
        CheckConstraint("outcome <> 'extension' OR new_due_date IS NOT NULL", name="extension_has_date"),
        Index("ix_reviews_item_time", "work_item_id", "created_at"),
        Index("ix_reviews_project_time", "project_id", "created_at"),
        Index("ix_reviews_follow_up", "follow_up_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)
    outcome: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    new_due_date: Mapped[date | None] = mapped_column(Date)

    work_item: Mapped[WorkItem | None] = relationship()
    project: Mapped[Project | None] = relationship()
    reviewer: Mapped[User] = relationship()
