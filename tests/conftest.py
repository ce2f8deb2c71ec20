"""Shared fixtures: an app per database backend, a rolled-back transaction per test, factories."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from flask import g, request_started
from sqlalchemy import event

from tests.databases import BACKENDS, Databases
from tracker import create_app
from tracker.extensions import db

# Every test sees the same "today": rules never read the clock.
TODAY = date(2013, 6, 15)


def pytest_addoption(parser):
    parser.addoption("--db", default="sqlite", choices=BACKENDS, help="backend for tests that use `app`")


@pytest.fixture(scope="session")
def databases():
    dbs = Databases()
    yield dbs
    dbs.drop_all()


_apps: dict[str, object] = {}


def _fresh_request_globals(sender, **extra) -> None:
    """Tests hold one app context open, so requests would share `g` (Flask-Login's cached user, the CSRF
    token); production gives every request a fresh one. Clear it so one client never acts as another."""
    vars(g._get_current_object()).clear()


def _setup_committed(sender, **extra) -> None:
    """What a test built before a request is committed, as everything is before a real request: the request's
    lifecycle rolls back after an error response, and must return to the test's rows, not to before them. (It
    is a SAVEPOINT released inside the test's outer transaction, which is still rolled back at the end.)"""
    db.session.commit()


def _app_for(backend: str, databases: Databases):
    if backend not in _apps:
        url = databases.create(backend)
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, TRACKER_TODAY=TODAY.isoformat())
        request_started.connect(_fresh_request_globals, app)
        request_started.connect(_setup_committed, app)
        with app.app_context():
            db.create_all()
        _apps[backend] = app
    return _apps[backend]


@pytest.fixture(scope="session", autouse=True)
def _dispose_engines():
    yield
    for app in _apps.values():
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def backend(request) -> str:
    return request.config.getoption("--db")


@pytest.fixture
def app(backend, databases):
    return _app_for(backend, databases)


@pytest.fixture(params=BACKENDS)
def any_app(request, databases):
    """The same test on SQLite, PostgreSQL and MariaDB."""
    return _app_for(request.param, databases)


def _rolled_back_session(app):
    """Bind every session of this app to one connection whose transaction is rolled back at the end.

    The request lifecycle still commits: with join_transaction_mode="create_savepoint" that
    releases a SAVEPOINT inside the outer transaction, so nothing reaches the database.
    """
    ctx = app.app_context()
    ctx.push()
    engine = db.engine
    connection = engine.connect()
    outer = connection.begin()
    engines = db._app_engines[app]  # Flask-SQLAlchemy hands sessions this mapping's entry as their bind
    engines[None] = connection
    db.session.session_factory.kw["join_transaction_mode"] = "create_savepoint"
    try:
        yield db.session
    finally:
        # Restore the engine first: if the rollback below fails, later tests must not inherit this connection.
        engines[None] = engine
        try:
            db.session.remove()
            if outer.is_active:
                outer.rollback()
        finally:
            connection.close()
            ctx.pop()


@pytest.fixture
def session(app):
    yield from _rolled_back_session(app)


@pytest.fixture
def any_session(any_app):
    yield from _rolled_back_session(any_app)


@pytest.fixture
def client(app, session):
    return app.test_client()


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(app, session):
    """Use as `with count_statements() as counter: ...; counter.count`."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = StatementCounter()
        engine = db._app_engines[app][None].engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


_seq = itertools.count(1)


@pytest.fixture
def make(session):
    """Factories: make.department(), make.user(role=...), make.plan(), make.item(plan, parent=...), ..."""
    from tests.factories import Factories

    return Factories(session, _seq)


@pytest.fixture
def client_for(app, session):
    """`client_for(user)`: a test client already signed in as `user` (no password round-trip)."""
    from tracker.db import utcnow

    def signed_in(user):
        test_client = app.test_client()
        stamp = utcnow().isoformat()
        with test_client.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
            sess["login_at"] = stamp
            sess["seen_at"] = stamp
        return test_client

    return signed_in
