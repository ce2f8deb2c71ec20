"""Delivering the outbox (`flask notifications send`): claim due rows, send them, record each outcome.

Several senders may run at once, on one host or many. A sender claims a batch of due rows in one short
transaction (PostgreSQL and MariaDB: `SELECT … FOR UPDATE SKIP LOCKED`, so two senders never wait for or take the
same rows; SQLite: a transaction begun with the database's single write lock) by writing a lease
(`claimed_until`) and its name (`claimed_by`), and commits. It then sends outside any transaction and commits each
row's outcome on its own, guarded by its name: a row is sent once unless a sender dies between the SMTP server's
"250 OK" and that commit (mail cannot be recalled; the row is sent again after the lease, with the same
Message-ID so mail clients show it once). A sender that dies leaves its rows to the next one when the lease ends.

Everything here runs on the real clock (tracker.db.utcnow), not the business "today" a demo pins: retries wait
real minutes.
"""

from __future__ import annotations

import os
import smtplib
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from tracker.core.transactions import writing_transaction
from tracker.db import utcnow
from tracker.extensions import db
from tracker.notifications.mailer import plain_message, smtp_connection
from tracker.notifications.models import MailMessage

Clock = Callable[[], datetime]
ERROR_MAX = 2000


@dataclass(frozen=True)
class Policy:
    batch: int = 50  # rows claimed per pass
    lease: timedelta = timedelta(minutes=10)  # long enough to send a batch; a dead sender's rows wait this long
    max_attempts: int = 8  # 1 + 2 + … + 64 minutes: about two hours of retries before giving up
    first_retry: timedelta = timedelta(minutes=1)
    longest_wait: timedelta = timedelta(hours=6)

    def retry_delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed attempt: doubling from first_retry, capped at longest_wait."""
        return min(self.first_retry * 2 ** max(0, attempts - 1), self.longest_wait)


DEFAULT_POLICY = Policy()


@dataclass
class Delivery:
    """What one pass did, for the command's output."""

    sent: int = 0
    retrying: int = 0
    given_up: int = 0
    released: int = 0  # claimed but left for a later pass (the lease was running out)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Envelope:
    """A claimed row as plain data: nothing is read from the database while the SMTP server answers."""

    id: int
    to: str
    subject: str
    body: str
    attempts: int
    created_at: datetime
    claimed_until: datetime


def sender_name() -> str:
    """Who claimed a row (shown to operators): host and process, plus a random part so that each pass's claim
    is its own even when a process id is reused."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def message_id(row_id: int, created_at: datetime, sender: str) -> str:
    """The same Message-ID for every attempt at one row, so a mail sent twice reads as one."""
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<outbox.{row_id}.{created_at:%Y%m%d%H%M%S}@{domain}>"


def _due(now: datetime):
    return and_(
        MailMessage.sent_at.is_(None),
        MailMessage.failed_at.is_(None),
        MailMessage.next_attempt_at <= now,
        or_(MailMessage.claimed_until.is_(None), MailMessage.claimed_until < now),
    )


def claim_due(claimant: str, now: datetime, policy: Policy) -> list[Envelope]:
    """Claim up to `policy.batch` due rows for `claimant` and commit; their contents, oldest first."""
    lease_end = now + policy.lease
    db.session.commit()  # the claim must be a transaction of its own, begun below
    with writing_transaction():
        # SKIP LOCKED on PostgreSQL and MariaDB; SQLite has no row locks (SQLAlchemy leaves the clause out) and
        # serialises the whole transaction instead, begun with its write lock.
        due = select(MailMessage.id).where(_due(now)).order_by(MailMessage.id).limit(policy.batch)
        ids = list(db.session.scalars(due.with_for_update(skip_locked=True)))
        if ids:
            db.session.execute(
                update(MailMessage).where(MailMessage.id.in_(ids)).values(claimed_until=lease_end, claimed_by=claimant),
                execution_options={"synchronize_session": False},
            )
    rows = db.session.execute(
        select(
            MailMessage.id,
            MailMessage.to_address,
            MailMessage.subject,
            MailMessage.body,
            MailMessage.attempts,
            MailMessage.created_at,
            MailMessage.claimed_until,
        )
        .where(MailMessage.claimed_by == claimant, MailMessage.sent_at.is_(None), MailMessage.failed_at.is_(None))
        .order_by(MailMessage.id)
    ).all()
    db.session.commit()
    return [Envelope(*row[:6], claimed_until=row.claimed_until or lease_end) for row in rows]


def _settle(envelope: Envelope, claimant: str, **values: object) -> None:
    """Write one row's outcome and commit, only while the row is still this sender's."""
    db.session.execute(
        update(MailMessage)
        .where(MailMessage.id == envelope.id, MailMessage.claimed_by == claimant, MailMessage.sent_at.is_(None))
        .values(claimed_until=None, **values),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def record_sent(envelope: Envelope, claimant: str, now: datetime) -> None:
    _settle(envelope, claimant, sent_at=now, attempts=envelope.attempts + 1, last_error="")


def permanent(error: BaseException) -> bool:
    """The server refused this message for good (a 5xx reply: no such mailbox, rejected content): trying again
    would be refused again. 4xx replies and broken connections are worth another attempt."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def record_failure(
    envelope: Envelope, claimant: str, error: BaseException, now: datetime, policy: Policy, *, final: bool = False
) -> bool:
    """Count a failed attempt: retry later with a longer wait, or give up after the last one or a `final`
    refusal (True)."""
    attempts = envelope.attempts + 1
    text = f"{type(error).__name__}: {error}"[:ERROR_MAX]
    if final or attempts >= policy.max_attempts:
        _settle(envelope, claimant, attempts=attempts, last_error=text, failed_at=now)
        return True
    _settle(envelope, claimant, attempts=attempts, last_error=text, next_attempt_at=now + policy.retry_delay(attempts))
    return False


def release(envelopes: list[Envelope], claimant: str) -> None:
    """Give claimed rows back unsent and unchanged (the next pass takes them)."""
    for envelope in envelopes:
        _settle(envelope, claimant)


# Refusals of one message (a recipient, its content): the connection stays usable for the next one.
_MESSAGE_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def deliver(config: Mapping, policy: Policy = DEFAULT_POLICY, clock: Clock = utcnow) -> Delivery:
    """One pass: claim due rows and send them over one SMTP connection."""
    claimant = sender_name()
    envelopes = claim_due(claimant, clock(), policy)
    done = Delivery()
    if not envelopes:
        return done
    sender = config["TRACKER_MAIL_FROM"]
    # A send may take up to the timeout: stop claiming more of the lease than is left.
    margin = timedelta(seconds=config["TRACKER_MAIL_TIMEOUT_SECONDS"] * 2)
    pending = list(envelopes)

    def failed(envelope: Envelope, error: BaseException, final: bool = False) -> None:
        if record_failure(envelope, claimant, error, clock(), policy, final=final):
            done.given_up += 1
        else:
            done.retrying += 1
        done.errors.append(f"#{envelope.id} {type(error).__name__}: {error}")

    try:
        with smtp_connection(config) as smtp:
            while pending:
                envelope = pending[0]
                if clock() + margin >= envelope.claimed_until:
                    break
                mail = plain_message(
                    sender,
                    envelope.to,
                    envelope.subject,
                    envelope.body,
                    message_id(envelope.id, envelope.created_at, sender),
                )
                try:
                    smtp.send_message(mail)
                except _MESSAGE_REFUSED as error:
                    pending.pop(0)
                    failed(envelope, error, final=permanent(error))
                    continue
                pending.pop(0)
                record_sent(envelope, claimant, clock())
                done.sent += 1
    except (smtplib.SMTPException, OSError) as error:
        # The server cannot be reached or the connection broke: every row not yet sent had a failed attempt.
        for envelope in pending:
            failed(envelope, error)
        return done
    release(pending, claimant)
    done.released = len(pending)
    return done
