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


class RequestState(StrEnum):
    """A follow-up or escalation is a request to the department (review_requests); other outcomes have no state."""

    OPEN = "open"  # waiting for the department's answer
    ANSWERED = "answered"  # the department answered: waiting for the office
    CLOSED = "closed"  # the office accepted the answer, or a later review settled it


class MessageKind(StrEnum):
    ANSWER = "answer"  # the department's answer (text and files): the only thing that counts as one
    ACCEPT = "accept"  # the office accepts the answer and closes the request
    ASK_AGAIN = "ask_again"  # the office asks again, with a new due date for the answer


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
        CheckConstraint(
            f"request_state IS NULL OR request_state IN ({sql_in(tuple(RequestState))})", name="request_state"
        ),
        Index("ix_reviews_request_state", "request_state"),
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
    # Set for the asking outcomes (follow-up, escalated): the request's place in its thread. follow_up_date is
    # the date the answer is due (moved by "ask again").
    request_state: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    work_item: Mapped[WorkItem | None] = relationship()
    project: Mapped[Project | None] = relationship()
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    messages: Mapped[list[RequestMessage]] = relationship(
        back_populates="review", order_by="(RequestMessage.created_at, RequestMessage.id)"
    )


class RequestMessage(Base):
    """One turn in a request's thread after the office's question: an answer, an acceptance, a renewed question."""

    __tablename__ = "request_messages"
    __table_args__ = (CheckConstraint(f"kind IN ({sql_in(tuple(MessageKind))})", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date)  # ask again: when the new answer is due
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)

    review: Mapped[Review] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()
