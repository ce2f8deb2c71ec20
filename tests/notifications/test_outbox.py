"""The outbox sender against a real SMTP server on 127.0.0.1: delivered once, retried with backoff after a
refusal, given up after the last attempt, a dead sender's rows taken again after the lease."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.notifications.models import MailMessage
from tracker.notifications.outbox import Policy, claim_due, deliver, message_id, permanent

NOW = datetime(2026, 12, 6, 9, 0, 0)
POLICY = Policy(batch=10, lease=timedelta(minutes=10), max_attempts=3, first_retry=timedelta(minutes=1))


def at(moment: datetime):
    return lambda: moment


def reload(session, row: MailMessage) -> MailMessage:
    session.expire_all()
    return session.get(MailMessage, row.id)


def test_a_due_row_is_delivered_once_with_its_words(app, session, make, mail_on):
    user = make.user("lead", email="wang@hangzhou.gov.cn")
    row = make.mail_message(
        user, subject="办公室要求跟进：三、(一)1. 建设电子政务", body="请于月底前答复。", next_attempt_at=NOW
    )
    session.commit()
    done = deliver(app.config, POLICY, at(NOW))
    assert (done.sent, done.retrying, done.given_up) == (1, 0, 0)
    (mail,) = mail_on.messages
    assert mail["To"] == "wang@hangzhou.gov.cn" and mail["From"] == "tracker@hangzhou.gov.cn"
    assert str(mail["Subject"]) == "办公室要求跟进：三、(一)1. 建设电子政务"
    assert "请于月底前答复。" in mail.get_content()
    row = reload(session, row)
    assert row.sent_at == NOW and row.attempts == 1 and row.claimed_until is None
    assert deliver(app.config, POLICY, at(NOW + timedelta(hours=1))).sent == 0  # never twice
    assert len(mail_on.messages) == 1


def test_rows_not_yet_due_sent_or_given_up_are_left_alone(app, session, make, mail_on):
    make.mail_message(next_attempt_at=NOW + timedelta(seconds=1))
    make.mail_message(next_attempt_at=NOW, sent_at=NOW)
    make.mail_message(next_attempt_at=NOW, failed_at=NOW)
    make.mail_message(next_attempt_at=NOW, claimed_until=NOW + timedelta(minutes=1), claimed_by="other:1")
    session.commit()
    assert deliver(app.config, POLICY, at(NOW)).sent == 0
    assert mail_on.messages == []


def test_a_refused_mail_is_retried_later_with_the_same_message_id(app, session, make, mail_on):
    row = make.mail_message(next_attempt_at=NOW)
    session.commit()
    mail_on.refuse_next = 1
    done = deliver(app.config, POLICY, at(NOW))
    assert (done.sent, done.retrying) == (0, 1)
    row = reload(session, row)
    assert row.attempts == 1 and row.sent_at is None and row.failed_at is None and "451" in row.last_error
    assert row.next_attempt_at == NOW + timedelta(minutes=1) and row.claimed_until is None
    assert deliver(app.config, POLICY, at(NOW + timedelta(seconds=59))).sent == 0  # waits out the backoff
    assert deliver(app.config, POLICY, at(NOW + timedelta(minutes=1))).sent == 1
    row = reload(session, row)
    assert row.sent_at is not None and row.attempts == 2 and row.last_error == ""
    assert mail_on.message_ids() == [message_id(row.id, row.created_at, "tracker@hangzhou.gov.cn")]


def test_the_wait_doubles_and_the_sender_gives_up_after_the_last_attempt(app, session, make, mail_on):
    row = make.mail_message(next_attempt_at=NOW)
    session.commit()
    mail_on.refuse_next = 99
    moment = NOW
    waits = []
    for _attempt in range(POLICY.max_attempts):
        deliver(app.config, POLICY, at(moment))
        row = reload(session, row)
        waits.append(row.next_attempt_at - moment)
        moment = row.next_attempt_at
    assert waits[:2] == [timedelta(minutes=1), timedelta(minutes=2)]
    assert row.failed_at is not None and row.attempts == POLICY.max_attempts and row.sent_at is None
    assert deliver(app.config, POLICY, at(moment + timedelta(days=1))).given_up == 0  # nothing more to try
    assert mail_on.messages == []


def test_backoff_is_capped():
    policy = Policy(first_retry=timedelta(minutes=1), longest_wait=timedelta(hours=6))
    assert [policy.retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert policy.retry_delay(30) == timedelta(hours=6)


def test_an_unreachable_server_costs_each_row_an_attempt_and_loses_none(app, session, make, monkeypatch):
    from tests.notifications.smtp_server import free_port, mail_settings

    for key, value in mail_settings(free_port()).items():  # nobody listens there
        monkeypatch.setitem(app.config, key, value)
    rows = [make.mail_message(next_attempt_at=NOW) for _ in range(2)]
    session.commit()
    done = deliver(app.config, POLICY, at(NOW))
    assert done.retrying == 2
    for row in rows:
        row = reload(session, row)
        assert row.attempts == 1 and row.sent_at is None and row.failed_at is None and row.last_error


def test_a_dead_senders_claim_is_taken_again_after_the_lease(app, session, make, mail_on):
    row = make.mail_message(next_attempt_at=NOW)
    session.commit()
    (claimed,) = claim_due("crashed:1", NOW, POLICY)  # claimed, then the process died before sending
    assert claimed.id == row.id
    assert deliver(app.config, POLICY, at(NOW + POLICY.lease - timedelta(seconds=1))).sent == 0
    assert mail_on.messages == []
    assert deliver(app.config, POLICY, at(NOW + POLICY.lease + timedelta(seconds=1))).sent == 1
    assert reload(session, row).sent_at is not None


def test_a_sender_stops_before_its_lease_runs_out_and_gives_the_rest_back(app, session, make, mail_on):
    rows = [make.mail_message(next_attempt_at=NOW) for _ in range(2)]
    session.commit()
    times = iter([NOW, NOW, NOW, NOW + POLICY.lease])  # claim, first check, sent stamp, second check: too late

    done = deliver(app.config, POLICY, lambda: next(times))
    assert (done.sent, done.released) == (1, 1)
    left = reload(session, rows[1])
    assert left.sent_at is None and left.attempts == 0 and left.claimed_until is None


@pytest.mark.parametrize("batch", [1, 3])
def test_a_pass_claims_at_most_a_batch(app, session, make, mail_on, batch):
    for _ in range(4):
        make.mail_message(next_attempt_at=NOW)
    session.commit()
    policy = Policy(batch=batch)
    assert deliver(app.config, policy, at(NOW)).sent == batch
    sent = session.scalars(select(MailMessage).where(MailMessage.sent_at.is_not(None))).all()
    assert len(sent) == batch
    db.session.remove()


def test_a_permanent_refusal_is_not_tried_again(app, session, make, mail_on):
    row = make.mail_message(next_attempt_at=NOW)
    session.commit()
    mail_on.refuse_next, mail_on.refusal = 1, "554 5.6.0 Message rejected"
    done = deliver(app.config, POLICY, at(NOW))
    assert (done.retrying, done.given_up) == (0, 1)
    row = reload(session, row)
    assert row.failed_at == NOW and row.attempts == 1 and "554" in row.last_error


@pytest.mark.parametrize(
    ("error", "final"),
    [
        (smtplib.SMTPRecipientsRefused({"a@x.cn": (550, b"no such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@x.cn": (450, b"mailbox busy")}), False),
        (smtplib.SMTPDataError(451, b"try later"), False),
        (smtplib.SMTPDataError(554, b"rejected"), True),
        (smtplib.SMTPServerDisconnected("gone"), False),
    ],
)
def test_which_refusals_are_final(error, final):
    assert permanent(error) is final
