"""Two senders (two apps, as two hosts would be: each its own engine and connections) drain one outbox at once:
every row is sent exactly once. Real commits on a fresh database of each backend."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import TODAY
from tests.factories import Factories
from tests.notifications.smtp_server import mail_settings, start_server
from tracker import create_app
from tracker.db import utcnow
from tracker.extensions import db
from tracker.notifications.digest import build_digests
from tracker.notifications.models import MailMessage
from tracker.notifications.outbox import Policy, deliver

ROWS = 60


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def senders(request, databases):
    controller, recorder = start_server()
    url = databases.create(request.param)
    apps = [
        create_app(
            "testing", SQLALCHEMY_DATABASE_URI=url, TRACKER_TODAY=TODAY.isoformat(), **mail_settings(controller.port)
        )
        for _ in range(2)
    ]
    with apps[0].app_context():
        db.create_all()
    yield apps, recorder
    controller.stop()
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def together(apps, work) -> list:
    start = threading.Barrier(len(apps))
    results: list = []
    errors: list[BaseException] = []

    def run(app) -> None:
        with app.app_context():
            start.wait()
            try:
                results.append(work(app))
            except BaseException as error:  # reported by the test, not lost in the thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_two_senders_send_each_row_exactly_once(senders):
    apps, recorder = senders
    with apps[0].app_context():
        make = Factories(db.session, itertools.count(1))
        user = make.user("lead", email="lead@hangzhou.gov.cn")
        for _ in range(ROWS):
            make.mail_message(user, next_attempt_at=utcnow() - timedelta(seconds=5))
        db.session.commit()
        db.session.remove()
    policy = Policy(batch=4)

    def drain(app) -> int:
        sent = 0
        while (done := deliver(app.config, policy)).sent or done.retrying:
            sent += done.sent
        return sent

    counts = together(apps, drain)
    assert sum(counts) == ROWS
    ids = recorder.message_ids()
    assert len(ids) == ROWS and Counter(ids).most_common(1)[0][1] == 1
    with apps[0].app_context():
        assert db.session.scalar(select(func.count()).where(MailMessage.sent_at.is_not(None))) == ROWS
        assert db.session.scalar(select(func.max(MailMessage.attempts))) == 1


def test_two_senders_write_one_digest_per_person_and_day(senders):
    apps, _recorder = senders
    with apps[0].app_context():
        make = Factories(db.session, itertools.count(1))
        people = [make.user("lead", email=f"lead{n}@hangzhou.gov.cn", mail_preference="digest") for n in range(5)]
        for person in people:
            for _ in range(3):
                make.notification(person, digest_pending=True)
        db.session.commit()
        db.session.remove()
    noon = utcnow().replace(hour=4, minute=0)  # 12:00 in Beijing: after the digest hour
    written = together(apps, lambda app: build_digests(noon))
    assert sum(written) == len(people)
    with apps[0].app_context():
        per_person = db.session.execute(
            select(MailMessage.user_id, func.count())
            .where(MailMessage.digest_day.is_not(None))
            .group_by(MailMessage.user_id)
        ).all()
        assert sorted(count for _user, count in per_person) == [1] * len(people)
