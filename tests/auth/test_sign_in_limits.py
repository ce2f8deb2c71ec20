"""Issue 7, point 8 (sign-in): a limit per client address (429 with Retry-After), no password check for a locked
name or an address over its limit, refused and throttled sign-ins in the log and the audit table, old throttle rows
expire, and a NUL byte in the name is an ordinary wrong sign-in on every database."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD
from tracker.auth import services, throttle
from tracker.auth.models import LoginThrottle
from tracker.core.models import AuditEvent
from tracker.db import utcnow

WRONG = "not the password!!"
HOME, ELSEWHERE = "10.1.1.1", "10.2.2.2"


def attempt(app, username, password=PASSWORD, address=HOME):
    return app.test_client().post(
        "/login", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


@pytest.fixture
def limits(app, monkeypatch):
    """Small limits: 3 failures per name (from one address), 6 per address, 10-minute windows."""
    for name, value in {
        "TRACKER_LOGIN_MAX_FAILURES": 3,
        "TRACKER_LOGIN_WINDOW_MINUTES": 10,
        "TRACKER_LOGIN_ADDRESS_MAX_FAILURES": 6,
        "TRACKER_LOGIN_ADDRESS_WINDOW_MINUTES": 10,
    }.items():
        monkeypatch.setitem(app.config, name, value)


@pytest.fixture
def password_checks(monkeypatch) -> list[str]:
    """Every password hash computed during sign-in (real or dummy)."""
    checks: list[str] = []
    real_verify, real_dummy = services.verify_password, services.dummy_verify

    def verify(password_hash, password):
        checks.append("verify")
        return real_verify(password_hash, password)

    def dummy(password):
        checks.append("dummy")
        return real_dummy(password)

    monkeypatch.setattr(services, "verify_password", verify)
    monkeypatch.setattr(services, "dummy_verify", dummy)
    return checks


def test_a_nul_byte_in_the_name_is_a_wrong_sign_in(client, make):
    make.user("viewer", username="nul-user")
    response = client.post("/login", data={"username": "nul\x00-user", "password": PASSWORD})
    assert response.status_code == 200 and "用户名或密码不正确" in response.get_data(as_text=True)


def test_spraying_many_names_from_one_address_is_stopped_with_429(app, session, make, limits):
    user = make.user("viewer")
    for n in range(6):
        assert attempt(app, f"guess{n}", WRONG).status_code == 200
    refused = attempt(app, user.username)  # even the right password: this address is over its limit
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    assert "尝试次数过多" in refused.get_data(as_text=True)
    assert attempt(app, user.username, address=ELSEWHERE).status_code == 302  # other clients are unaffected


def test_over_the_address_limit_no_password_is_checked(app, session, limits, password_checks):
    for n in range(6):
        attempt(app, f"guess{n}", WRONG)
    assert len(password_checks) == 6
    for _ in range(20):
        assert attempt(app, "guess-more", WRONG).status_code == 429
    assert len(password_checks) == 6


def test_successful_sign_ins_do_not_use_up_the_address_limit(app, session, make, limits):
    """An office behind one address (NAT) signs in all morning."""
    users = [make.user("viewer") for _ in range(10)]
    for user in users:
        assert attempt(app, user.username).status_code == 302


def test_a_locked_name_answers_without_checking_the_password(app, session, make, limits, password_checks):
    user = make.user("viewer")
    for _ in range(3):
        attempt(app, user.username, WRONG)
    password_checks.clear()
    response = attempt(app, user.username)  # the right password, but the name is locked
    assert response.status_code == 200 and "用户名或密码不正确" in response.get_data(as_text=True)
    assert password_checks == []


def test_a_name_is_locked_for_the_guessing_address_only(app, session, make, limits):
    user = make.user("viewer")
    for _ in range(3):
        attempt(app, user.username, WRONG)
    assert services.is_locked(user.username, HOME)
    assert attempt(app, user.username).status_code == 200
    assert attempt(app, user.username, address=ELSEWHERE).status_code == 302  # the owner at their own desk


def test_refused_and_throttled_sign_ins_are_logged_and_audited(app, session, make, limits, caplog):
    user = make.user("viewer")
    caplog.set_level(logging.WARNING)
    attempt(app, user.username, WRONG)
    attempt(app, "no-such-name", WRONG)
    for n in range(5):
        attempt(app, f"guess{n}", WRONG)
    attempt(app, "one-too-many", WRONG)  # the address is over its limit
    rows = session.execute(
        select(
            AuditEvent.action,
            AuditEvent.entity_type,
            AuditEvent.entity_id,
            AuditEvent.new_value,
            AuditEvent.remote_addr,
            AuditEvent.actor_id,
        ).order_by(AuditEvent.id)
    ).all()
    assert rows[0] == ("login_failed", "sign_in", user.id, user.username, HOME, None)
    assert rows[1] == ("login_failed", "sign_in", 0, "no-such-name", HOME, None)
    assert rows[-1] == ("login_throttled", "sign_in", 0, "one-too-many", HOME, None)
    messages = [record.getMessage() for record in caplog.records]
    assert any(user.username in m and HOME in m for m in messages)
    assert any("one-too-many" in m and HOME in m and "throttled" in m for m in messages)


def test_the_audit_keeps_odd_names_readable(app, session, limits):
    attempt(app, "adm\x00in\u200b", WRONG)
    kept = session.scalar(select(AuditEvent.new_value).where(AuditEvent.action == "login_failed"))
    assert "\x00" not in kept and kept == "adm\\x00in\\u200b"


def test_old_throttle_rows_are_deleted_at_the_next_sign_in(app, session, make, limits):
    long_ago = utcnow() - timedelta(days=2)
    for n in range(5):
        make.login_throttle(f"user:gone{n}@{ELSEWHERE}", window_started_at=long_ago)
    still_locked = utcnow() + timedelta(hours=1)
    make.login_throttle("addr:10.9.9.9", 99, window_started_at=long_ago, locked_until=still_locked)
    attempt(app, "someone", WRONG)
    keys = set(session.scalars(select(LoginThrottle.key)))
    assert not any(key.startswith("user:gone") for key in keys)
    assert "addr:10.9.9.9" in keys  # still locked: kept until its lock ends
    assert f"addr:{HOME}" in keys and f"user:someone@{HOME}" in keys


def test_counting_is_one_atomic_update_per_attempt(app, session, limits):
    """The count is read back from the row after an UPDATE … SET failures = failures + 1, never computed in the
    process, so attempts served at once by different workers all count."""
    now = utcnow()
    limit = throttle.Limit(max_failures=6, window=timedelta(minutes=10))
    assert [throttle.count("addr:10.3.3.3", now, limit) for _ in range(3)] == [1, 2, 3]
    assert throttle.count("addr:10.3.3.3", now + timedelta(minutes=11), limit) == 1  # a new window
    assert session.scalar(select(func.count()).select_from(LoginThrottle)) == 1
