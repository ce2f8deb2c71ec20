"""Lost races run again, waits are bounded (issue 7, point 4): the error classes of the three databases, the retry
around the request, the timeouts each connection is given, and a row lock that no longer stalls the workers."""

from __future__ import annotations

import sqlite3

import psycopg
import pymysql
import pytest
from sqlalchemy import exc, text

from tests.realdb import build_branch, signed_in
from tracker.core.dberrors import Failure, classify
from tracker.extensions import db


def _operational(orig: Exception) -> exc.OperationalError:
    return exc.OperationalError("SELECT 1", {}, orig)


def _sqlite_error(code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("orig", "expected"),
    [
        (_sqlite_error(5), Failure.RETRY),  # SQLITE_BUSY after the busy timeout
        (_sqlite_error(517), Failure.RETRY),  # SQLITE_BUSY_SNAPSHOT: a deferred transaction could not upgrade
        (_sqlite_error(14), Failure.UNAVAILABLE),  # SQLITE_CANTOPEN
        (psycopg.errors.SerializationFailure(), Failure.RETRY),
        (psycopg.errors.DeadlockDetected(), Failure.RETRY),
        (psycopg.errors.LockNotAvailable(), Failure.BUSY),
        (psycopg.errors.QueryCanceled(), Failure.BUSY),
        (psycopg.OperationalError("connection refused"), Failure.UNAVAILABLE),
        (psycopg.errors.AdminShutdown(), Failure.UNAVAILABLE),
        (pymysql.err.OperationalError(1213, "Deadlock found"), Failure.RETRY),
        (pymysql.err.OperationalError(1205, "Lock wait timeout exceeded"), Failure.BUSY),
        (pymysql.err.OperationalError(2003, "Can't connect"), Failure.UNAVAILABLE),
    ],
)
def test_what_each_database_error_means(orig, expected):
    assert classify(_operational(orig)) is expected


def test_bugs_and_bad_data_are_not_database_outages():
    assert classify(exc.IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation())) is None
    assert classify(ValueError("no")) is None
    assert classify(exc.TimeoutError("QueuePool limit reached")) is Failure.BUSY


def _flaky(failures: int, orig: Exception):
    calls: list[int] = []

    def view():
        calls.append(1)
        if len(calls) <= failures:
            raise _operational(orig)
        return {"status": "ok"}

    return view, calls


def test_a_deadlocked_request_runs_once_more_and_succeeds(app, client, monkeypatch):
    view, calls = _flaky(1, psycopg.errors.DeadlockDetected())
    monkeypatch.setitem(app.view_functions, "health.healthz", view)
    assert client.get("/healthz").status_code == 200
    assert len(calls) == 2


def test_a_request_that_keeps_losing_is_answered_busy_after_the_retries(app, client, monkeypatch):
    view, calls = _flaky(10, psycopg.errors.SerializationFailure())
    monkeypatch.setitem(app.view_functions, "health.healthz", view)
    response = client.get("/healthz")
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert len(calls) == 1 + app.config["TRACKER_DB_RETRIES"]


def test_a_lock_timeout_is_not_waited_out_twice(app, client, monkeypatch):
    view, calls = _flaky(10, psycopg.errors.LockNotAvailable())
    monkeypatch.setitem(app.view_functions, "health.healthz", view)
    assert client.get("/healthz").status_code == 503
    assert len(calls) == 1


def test_each_connection_is_told_how_long_to_wait(any_app, any_session):
    dialect = any_app.extensions["sqlalchemy"].engine.dialect.name
    lock = any_app.config["TRACKER_DB_LOCK_TIMEOUT_SECONDS"]
    if dialect == "sqlite":
        assert any_session.execute(text("PRAGMA busy_timeout")).scalar() == lock * 1000
    elif dialect == "postgresql":
        statement = any_app.config["TRACKER_DB_STATEMENT_TIMEOUT_SECONDS"]
        assert any_session.execute(text("SHOW lock_timeout")).scalar() == f"{lock}s"
        assert any_session.execute(text("SHOW statement_timeout")).scalar() == f"{statement}s"
    else:
        assert any_session.execute(text("SELECT @@SESSION.innodb_lock_wait_timeout")).scalar() == lock


@pytest.mark.parametrize("backend", ["postgresql", "mariadb"])
def test_a_row_locked_elsewhere_answers_busy_and_leaves_other_pages_alone(fresh_app, backend):
    """Someone holds the item's row (a long transaction): the post waits the lock timeout, then says busy."""
    app = fresh_app(backend, TRACKER_DB_LOCK_TIMEOUT_SECONDS=1)
    branch = build_branch(app)
    with app.app_context():
        blocker = db.engine.connect()
        try:
            blocker.execute(text("SELECT id FROM work_items WHERE id = :id FOR UPDATE"), {"id": branch.first})
            client = signed_in(app, branch.lead_id)
            assert client.get(f"/items/{branch.second}").status_code == 200
            data = {"status": "in_progress", "progress": "40", "note": "说明", "version": "1"}
            refused = client.post(f"/items/{branch.first}/update", data=data)
            assert refused.status_code == 503 and "您的操作没有保存" in refused.get_data(as_text=True)
        finally:
            blocker.rollback()
            blocker.close()
        assert client.post(f"/items/{branch.first}/update", data=data).status_code == 302
