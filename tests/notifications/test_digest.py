"""Daily digests: written at the first pass on or after TRACKER_DIGEST_HOUR (local time), once per person and day,
in the person's language; notifications arriving after today's digest wait for tomorrow's."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from tracker.notifications.digest import build_digests, digest_day
from tracker.notifications.models import MailMessage, Notification

# 00:30 UTC is 08:30 in Beijing; 23:30 UTC the day before is 07:30.
AFTER_EIGHT = datetime(2026, 12, 7, 0, 30)
BEFORE_EIGHT = datetime(2026, 12, 6, 23, 30)


def digests(session, user) -> list[MailMessage]:
    session.expire_all()
    query = select(MailMessage).where(MailMessage.user_id == user.id, MailMessage.digest_day.is_not(None))
    return list(session.scalars(query.order_by(MailMessage.id)))


def pending(session, user) -> int:
    session.expire_all()
    query = select(Notification).where(Notification.user_id == user.id, Notification.digest_pending)
    return len(session.scalars(query).all())


def test_the_digest_hour_is_local_time(app, session):
    assert digest_day(BEFORE_EIGHT) is None
    assert digest_day(AFTER_EIGHT) == date(2026, 12, 7)


def test_one_digest_lists_the_pending_notifications_and_clears_them(app, session, make):
    user = make.user("lead", email="li@hangzhou.gov.cn", mail_preference="digest")
    other = make.user("lead", email="zhao@hangzhou.gov.cn", mail_preference="digest")
    make.notification(user, "follow_up", title="三、(一)1. 建设电子政务", link="/items/1", digest_pending=True)
    make.notification(user, "overdue", title="三、(二)2. 推广电子病历", digest_pending=True)
    make.notification(user, "answered", title="已读入邮件的通知", digest_pending=False)
    session.commit()
    assert build_digests(BEFORE_EIGHT) == 0 and pending(session, user) == 2
    assert build_digests(AFTER_EIGHT) == 1  # the other person has nothing waiting
    (mail,) = digests(session, user)
    assert mail.digest_day == date(2026, 12, 7) and mail.to_address == "li@hangzhou.gov.cn"
    assert "2 条新通知" in mail.subject and "2026-12-07" in mail.subject
    assert "办公室要求跟进：三、(一)1. 建设电子政务" in mail.body and "已逾期：三、(二)2. 推广电子病历" in mail.body
    assert "/items/1" in mail.body and "已读入邮件的通知" not in mail.body
    assert pending(session, user) == 0 and digests(session, other) == []


def test_never_two_digests_on_one_day_the_rest_waits_for_tomorrow(app, session, make):
    user = make.user("lead", email="li@hangzhou.gov.cn", mail_preference="digest")
    make.notification(user, digest_pending=True)
    session.commit()
    assert build_digests(AFTER_EIGHT) == 1
    make.notification(user, title="上午十点的新通知", digest_pending=True)
    session.commit()
    assert build_digests(AFTER_EIGHT.replace(hour=2)) == 0  # 10:30 the same day
    assert pending(session, user) == 1
    assert build_digests(datetime(2026, 12, 8, 0, 30)) == 1
    assert [mail.digest_day for mail in digests(session, user)] == [date(2026, 12, 7), date(2026, 12, 8)]
    assert "上午十点的新通知" in digests(session, user)[1].body


def test_the_digest_is_written_in_the_persons_language(app, session, make):
    user = make.user("lead", email="li@hangzhou.gov.cn", mail_preference="digest", locale="en")
    make.notification(user, "overdue", title="三、(二)2. 推广电子病历", digest_pending=True)
    session.commit()
    build_digests(AFTER_EIGHT)
    (mail,) = digests(session, user)
    assert "1 new notification" in mail.subject and "Overdue" in mail.body


def test_a_person_who_no_longer_wants_a_digest_gets_none_and_nothing_keeps_waiting(app, session, make):
    user = make.user("lead", email="li@hangzhou.gov.cn", mail_preference="none")
    make.notification(user, digest_pending=True)
    session.commit()
    assert build_digests(AFTER_EIGHT) == 0
    assert digests(session, user) == [] and pending(session, user) == 0
