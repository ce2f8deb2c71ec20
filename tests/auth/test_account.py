"""The account page and changing one's own password."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.auth.helpers import copy_session, field_errors, is_signed_in, sign_in
from tests.factories import PASSWORD
from tracker.auth.passwords import verify_password
from tracker.core.models import AuditEvent

NEW = "一个足够长的新密码🔒ok"


def change(client, current=PASSWORD, new=NEW, repeat=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "repeat_password": new if repeat is None else repeat},
    )


def test_account_page_shows_role_and_department(client_for, make):
    department = make.department(name="杭州市经济和信息化委员会")
    user = make.user("lead", department=department, email="lead@hz.gov.cn")
    page = client_for(user).get("/account").get_data(as_text=True)
    assert "部门负责人" in page and "杭州市经济和信息化委员会" in page and "lead@hz.gov.cn" in page


def test_account_page_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("current", "new", "repeat", "field", "message"),
    [
        ("wrong password entirely", NEW, None, "current_password", "当前密码不正确"),
        (PASSWORD, "short pass", None, "new_password", "至少需要 12 个字符"),
        (PASSWORD, "x" * 129, None, "new_password", "不能超过 128 个字符"),
        (PASSWORD, NEW, NEW + "!", "repeat_password", "两次输入的新密码不一致"),
        (PASSWORD, "long enough\x00password", None, "new_password", "不能包含控制字符"),
        (PASSWORD, "long enough\x07password", None, "new_password", "不能包含控制字符"),
    ],
    ids=["wrong-current", "short", "129-chars", "mismatch", "nul", "bell"],
)
def test_bad_password_changes_are_refused_at_the_field(app, session, make, current, new, repeat, field, message):
    user = make.user("viewer")
    client = sign_in(app, user.username)
    before = user.password_hash
    response = change(client, current, new, repeat)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(page, field))
    session.refresh(user)
    assert user.password_hash == before
    assert is_signed_in(client)


def test_exactly_128_characters_are_accepted(app, session, make):
    user = make.user("viewer")
    client = sign_in(app, user.username)
    assert change(client, new="密" * 128).status_code == 302
    session.refresh(user)
    assert verify_password(user.password_hash, "密" * 128)


def test_chinese_and_emoji_password_works_for_signing_in(app, session, make):
    user = make.user("viewer")
    client = sign_in(app, user.username)
    response = change(client)
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "密码已修改" in client.get("/account").get_data(as_text=True)
    sign_in(app, user.username, NEW)
    refused = app.test_client().post("/login", data={"username": user.username, "password": PASSWORD})
    assert refused.status_code == 200  # the old password no longer works


def test_change_keeps_this_session_and_ends_the_others(app, session, make):
    user = make.user("viewer")
    client = sign_in(app, user.username)
    copied = copy_session(app, client)
    elsewhere = sign_in(app, user.username)
    assert is_signed_in(copied) and is_signed_in(elsewhere)

    assert change(client).status_code == 302

    assert is_signed_in(client)
    assert not is_signed_in(copied)
    assert not is_signed_in(elsewhere)


def test_change_is_audited_without_any_password_value(app, session, make):
    user = make.user("viewer")
    change(sign_in(app, user.username))
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "user", AuditEvent.field == "password"))
    assert event.actor_id == user.id and event.entity_id == user.id
    assert event.old_value is None and event.new_value is None


def test_change_password_is_post_only(client_for, make):
    assert client_for(make.user("viewer")).get("/account/password").status_code == 405


def test_missing_csrf_token_is_refused(app, session, make, monkeypatch):
    user = make.user("viewer")
    client = sign_in(app, user.username)
    before = user.password_hash
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = change(client)
    assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True)
    session.refresh(user)
    assert user.password_hash == before


def test_with_csrf_token_the_change_goes_through(app, session, make, monkeypatch):
    """The page's own token is accepted, so the refusal above is about the token and nothing else."""
    user = make.user("viewer")
    client = sign_in(app, user.username)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get("/account").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/account/password",
        data={"csrf_token": token, "current_password": PASSWORD, "new_password": NEW, "repeat_password": NEW},
    )
    assert response.status_code == 302
