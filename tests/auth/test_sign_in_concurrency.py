"""Issue 7, point 8: the sign-in limits hold across workers, and counting never fails a sign-in. Several apps (gunicorn
workers, or hosts) on one database take bursts of sign-ins at the same moment, on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from flask import Flask

from tests.factories import PASSWORD
from tracker import create_app
from tracker.auth import services
from tracker.auth.models import LoginThrottle
from tracker.db import utcnow
from tracker.extensions import db

BACKENDS = ["sqlite", "postgresql", "mariadb"]
ALLOWED = 6


@pytest.fixture
def workers(request, databases, monkeypatch) -> Iterator[list[Flask]]:
    """Three apps on one fresh database of the backend named by the test's parameter."""
    monkeypatch.setenv("TRACKER_LOGIN_ADDRESS_MAX_FAILURES", str(ALLOWED))
    url = databases.create(request.param)
    apps = [create_app("testing", SQLALCHEMY_DATABASE_URI=url) for _ in range(3)]
    with apps[0].app_context():
        db.create_all()
    yield apps
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def at_once(count: int, work: Callable[[int], int]) -> Counter:
    """Run work(0) … work(count - 1) on as many threads released together; the answers' status codes."""
    statuses: list[int] = []
    start = threading.Barrier(count)

    def run(n: int) -> None:
        start.wait()
        statuses.append(work(n))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


def post_sign_in(app: Flask, username: str, password: str, address: str) -> int:
    data = {"username": username, "password": password}
    return app.test_client().post("/login", data=data, environ_base={"REMOTE_ADDR": address}).status_code


@pytest.mark.parametrize("workers", BACKENDS, indirect=True)
def test_a_burst_from_one_client_is_held_to_the_limit(workers, monkeypatch):
    hashes: list[str] = []
    real_dummy = services.dummy_verify
    monkeypatch.setattr(services, "dummy_verify", lambda password: hashes.append(password) or real_dummy(password))
    statuses = at_once(30, lambda n: post_sign_in(workers[n % 3], f"guess{n}", "a wrong password", "10.7.7.7"))
    assert statuses == {200: ALLOWED, 429: 30 - ALLOWED}
    assert len(hashes) == ALLOWED  # the others were refused before any password was hashed


@pytest.mark.parametrize("workers", BACKENDS, indirect=True)
def test_mixed_sign_ins_from_many_clients_never_fail(workers):
    """Successes and failures from five addresses while old rows are swept: no 5xx, no deadlock."""
    for app in workers:
        app.config["TRACKER_LOGIN_ADDRESS_MAX_FAILURES"] = 1000  # this test is about contention, not the limit
    with workers[0].app_context():
        for n in range(5):
            services.create_user(services.NewUser(f"staff{n}", PASSWORD, "viewer"))
        long_ago = utcnow() - timedelta(days=1)
        for n in range(40):
            db.session.add(LoginThrottle(key=f"user:old{n}@10.0.0.{n}", failures=1, window_started_at=long_ago))
        db.session.commit()

    def sign_in(n: int) -> int:
        right = n % 4 == 0
        name, password = (f"staff{n % 5}", PASSWORD) if right else (f"guess{n % 7}", "a wrong password")
        return post_sign_in(workers[n % 3], name, password, f"10.8.8.{n % 5}")

    statuses = at_once(60, sign_in)
    assert statuses == {302: 15, 200: 45}
    with workers[0].app_context():
        assert db.session.query(LoginThrottle).filter(LoginThrottle.key.like("user:old%")).count() == 0
