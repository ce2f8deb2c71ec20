"""`flask notifications send`: says so when mail is not configured, prints what it did, keeps running with --loop
through a database outage, and ends cleanly on SIGTERM."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from tests.factories import Factories
from tests.notifications.smtp_server import mail_settings
from tests.realdb import fresh_app  # noqa: F401 (fixture)
from tracker.db import utcnow
from tracker.extensions import db
from tracker.notifications import worker
from tracker.notifications.models import MailMessage

SETTINGS = ("TRACKER_MAIL_SERVER", "TRACKER_MAIL_PORT", "TRACKER_MAIL_FROM")


def test_without_a_mail_server_nothing_is_touched(app, session, make, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_MAIL_SERVER", "")
    row = make.mail_message(next_attempt_at=utcnow() - timedelta(minutes=1))
    session.commit()
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert result.exit_code == 0 and "Mail is not configured" in result.output
    session.expire_all()
    row = session.get(MailMessage, row.id)
    assert row.attempts == 0 and row.claimed_until is None and row.sent_at is None


def test_one_pass_prints_what_it_did(app, session, make, mail_on):
    make.mail_message(next_attempt_at=utcnow() - timedelta(minutes=1))
    session.commit()
    result = app.test_cli_runner().invoke(args=["notifications", "send", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 to retry, 0 given up." in result.output
    assert len(mail_on.messages) == 1


def test_the_loop_survives_a_database_outage(app, session, mail_on, monkeypatch):
    passes = []
    stop = threading.Event()
    real_pass = worker.one_pass

    def flaky_pass(*args, **kwargs):
        passes.append(1)
        if len(passes) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
        if len(passes) == 2:
            stop.set()
        return real_pass(*args, **kwargs)

    monkeypatch.setattr(worker, "one_pass", flaky_pass)
    lines: list[str] = []
    assert worker.run(loop=True, interval=0.01, echo=lines.append, stop=stop)
    assert len(passes) == 2
    assert lines[0].startswith("The database is not available") and lines[1].endswith("given up.")


def test_loop_runs_until_sigterm_and_exits_cleanly(fresh_app, smtp_server):  # noqa: F811
    app = fresh_app("sqlite")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        make = Factories(db.session, itertools.count(1))
        row = make.mail_message(next_attempt_at=utcnow() - timedelta(minutes=1))
        db.session.commit()
        row_id = row.id
    env = {
        **os.environ,
        "TRACKER_ENV": "testing",
        "TEST_DATABASE_URL": url,
        **{key: str(value) for key, value in mail_settings(smtp_server.port).items() if key in SETTINGS},
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "notifications", "send", "--loop", "--interval", "0.2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not smtp_server.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        assert process.poll() is None  # still running after its first pass
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out.startswith("1 sent, 0 to retry, 0 given up.")
    with app.app_context():
        assert db.session.scalar(select(MailMessage.sent_at).where(MailMessage.id == row_id)) is not None


def test_one_pass_without_the_database_fails_with_a_message(app, session, mail_on, monkeypatch):
    def no_database(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(worker, "one_pass", no_database)
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert result.exit_code == 1 and "The database is not available: connection refused" in result.output
