from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.statuses import sql_in
from tracker.db import Base, utcnow


class NotificationKind(StrEnum):
    """What happened. The features above choose the kind; the inbox groups and labels by it."""

    FOLLOW_UP = "follow_up"  # the office asks the department to follow up (a request)
    ESCALATED = "escalated"  # the office escalates (a request)
    EXTENSION = "extension"  # the office grants a new due date
    REVIEW_CLOSED = "review_closed"  # the office closes a review or accepts an answer
    ANSWERED = "answered"  # the department answered a request (to the office's reviewer)
    ASKED_AGAIN = "asked_again"  # the office found the answer wanting and asks again
    OWNER_ASSIGNED = "owner_assigned"  # a person became an item's or project's owner
    SIGN_OFF_REQUESTED = "sign_off_requested"  # a member's report awaits the lead's sign-off
    REPORT_RETURNED = "report_returned"  # the lead returned a member's report
    REPORT_APPROVED = "report_approved"  # the lead approved a member's report
    DUE_SOON = "due_soon"  # an item falls due within TRACKER_DUE_SOON_DAYS
    OVERDUE = "overdue"  # an item became overdue
    REPORTS_MISSING = "reports_missing"  # a reporting period closed (or the office reminds) with reports missing


class MailPreference(StrEnum):
    IMMEDIATE = "immediate"  # one mail per notification, as it happens
    DIGEST = "digest"  # one mail a day listing the day's notifications
    NONE = "none"  # the inbox only


class Notification(Base):
    """One message to one person in the app's inbox. Written in the transaction of the event it reports."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(tuple(NotificationKind))})", name="kind"),
        # A time-based event (due soon, overdue, period closed) is told once per person: the scan that finds it
        # again tomorrow writes nothing. NULL keys (every other event) never collide.
        UniqueConstraint("user_id", "dedupe_key", name="uq_notifications_user_dedupe"),
        Index("ix_notifications_user_unread", "user_id", "read_at", "id"),
        Index("ix_notifications_digest", "digest_pending", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    # Where it leads, an app path ("/items/12"); the inbox links to it, the mail prints it after the base URL.
    link: Mapped[str] = mapped_column(String(500), default="")
    # What it is about, when it is about a subject (the inbox's filter, and the "readable" rule).
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    # 191 characters: the longest indexable utf8mb4 key on MariaDB's older row formats.
    dedupe_key: Mapped[str | None] = mapped_column(String(191))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    # True while the notification waits for its person's daily digest mail.
    digest_pending: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()


class MailMessage(Base):
    """A mail waiting in the outbox, written in the event's transaction and sent by `flask notifications send`.

    Scheduling uses the real clock (tracker.db.utcnow), not the pinned business "today": retries wait real time.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (
        Index("ix_mail_outbox_due", "sent_at", "failed_at", "next_attempt_at"),
        # One daily digest per person and day, even when two senders build it at the same moment: the second
        # insert fails and its transaction (which cleared the same pending flags) rolls back. NULL days (every
        # other mail) never collide.
        UniqueConstraint("user_id", "digest_day", name="uq_mail_outbox_user_digest_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # A worker that claimed the row owns it until then; a worker that died lets it go when the lease runs out.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_by: Mapped[str] = mapped_column(String(100), default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime)  # gave up after the last retry
    last_error: Mapped[str] = mapped_column(Text, default="")
    # The local day a digest mail is for (NULL for a single notification's mail).
    digest_day: Mapped[date | None] = mapped_column(Date)

    user: Mapped[User | None] = relationship()
    notification: Mapped[Notification | None] = relationship()
