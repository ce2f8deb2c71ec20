"""Personal access tokens on the account page, on the admin's user page and from `flask users token`."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tracker.auth import tokens
from tracker.auth.models import ApiToken
from tracker.core.models import AuditEvent
from tracker.db import utcnow

SELECTED_90 = re.compile(r'<option selected value="90">')


def _tokens_of(session, user) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def _secret_in(html: str) -> str:
    secrets = re.findall(r'data-testid="token-secret">(pt_[A-Za-z0-9_-]{43})<', html)
    assert len(secrets) == 1, "the page shows the one new secret"
    return secrets[0]


def test_a_new_token_is_shown_once_on_the_answer_itself(client_for, make, session):
    user = make.user("member", department=make.department())
    browser = client_for(user)
    response = browser.post("/account/tokens", data={"name": "统计 脚本", "scope": "write", "days": "30"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = _secret_in(response.get_data(as_text=True))
    (token,) = _tokens_of(session, user)
    assert token.digest == tokens.digest_of(secret) and secret not in (token.prefix, token.digest)
    assert token.name == "统计 脚本" and token.scope == "write"
    assert token.expires_at - token.created_at == timedelta(days=30)
    # Never again: not on the next page, not in the session cookie.
    again = browser.get("/account").get_data(as_text=True)
    assert secret not in again and f"{token.prefix}…" in again and "统计 脚本" in again
    assert not any(secret in cookie.value for cookie in browser._cookies.values())


def test_the_form_offers_90_days_and_a_viewer_only_read(client_for, make):
    html = client_for(make.user("viewer")).get("/account").get_data(as_text=True)
    form = html.split('data-testid="new-token-form"')[1].split("</form>")[0]
    assert SELECTED_90.search(form)
    assert 'value="read"' in form and 'value="write"' not in form
    assert "/help/api" in html


def test_every_error_at_once_and_nothing_typed_lost(client_for, make, session):
    user = make.user("viewer")
    response = client_for(user).post("/account/tokens", data={"name": "", "scope": "write", "days": "7"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("invalid-feedback") >= 3  # name, scope, days
    assert _tokens_of(session, user) == []
    named = client_for(user).post("/account/tokens", data={"name": "报表\x00", "scope": "read", "days": "90"})
    text = named.get_data(as_text=True)
    assert "控制字符" in text and 'value="报表' in text and SELECTED_90.search(text)


def test_the_owner_revokes_and_the_token_stops_working(app, client_for, make, session):
    user = make.user("lead", department=make.department())
    token = make.api_token(user)
    headers = {"Authorization": f"Bearer {token.secret}"}
    assert app.test_client().get("/api/v1/plans", headers=headers).status_code == 200
    response = client_for(user).post("/account/tokens/revoke", data={"token_id": str(token.id)})
    assert response.status_code == 302 and response.headers["Location"].startswith("/account")
    session.refresh(token)
    assert token.revoked_at is not None
    assert app.test_client().get("/api/v1/plans", headers=headers).status_code == 401
    html = client_for(user).get("/account").get_data(as_text=True)
    assert "已撤销" in html and 'name="token_id"' not in html


def test_another_persons_token_is_not_found(client_for, make, session):
    owner, other = make.user("member", department=make.department()), make.user("admin")
    token = make.api_token(owner)
    for value in (str(token.id), "", "abc", "99999999999"):
        assert client_for(other).post("/account/tokens/revoke", data={"token_id": value}).status_code == 404
    session.refresh(token)
    assert token.revoked_at is None


def test_the_list_shows_state_scope_and_last_use(client_for, make, session):
    user = make.user("office", department=make.department())
    now = utcnow()
    make.api_token(user, name="已用", last_used_at=now, last_used_from="10.1.2.3", expires_at=now + timedelta(days=9))
    make.api_token(user, name="过期的", expires_at=now - timedelta(days=1))
    html = client_for(user).get("/account").get_data(as_text=True)
    table = html.split('data-testid="token-list"')[1].split("</table>")[0]
    assert "10.1.2.3" in table and "已过期" in table and "有效" in table and "读写" in table
    assert table.count('name="token_id"') == 1  # only the live token can be revoked


def test_creating_and_revoking_are_audited_without_the_secret(client_for, make, session):
    user = make.user("member", department=make.department())
    html = client_for(user).post("/account/tokens", data={"name": "审计", "scope": "read", "days": "90"})
    secret = _secret_in(html.get_data(as_text=True))
    (token,) = _tokens_of(session, user)
    client_for(user).post("/account/tokens/revoke", data={"token_id": str(token.id)})
    events = list(session.scalars(select(AuditEvent).where(AuditEvent.field == "api_token").order_by(AuditEvent.id)))
    assert [(e.action, e.actor_id, e.entity_id) for e in events] == [
        ("create", user.id, user.id),
        ("retire", user.id, user.id),
    ]
    assert token.prefix in events[0].new_value and "审计" in events[0].new_value
    assert all(secret not in (e.old_value or "") + (e.new_value or "") for e in events)


def test_an_admin_lists_and_revokes_a_users_tokens(client_for, make, session):
    admin, leaver = make.user("admin"), make.user("viewer")
    token = make.api_token(leaver, scope="read", name="离职者的令牌")
    browser = client_for(admin)
    assert "离职者的令牌" in browser.get(f"/admin/users/{leaver.id}/edit").get_data(as_text=True)
    response = browser.post(f"/admin/users/{leaver.id}/tokens/revoke", data={"token_id": str(token.id)})
    assert response.status_code == 302
    session.refresh(token)
    assert token.revoked_at is not None
    event = session.scalar(select(AuditEvent).where(AuditEvent.field == "api_token"))
    assert (event.action, event.actor_id, event.entity_id) == ("retire", admin.id, leaver.id)


def test_an_admin_cannot_revoke_through_another_users_page(client_for, make, session):
    admin, owner, other = make.user("admin"), make.user("viewer"), make.user("viewer")
    token = make.api_token(owner, scope="read")
    response = client_for(admin).post(f"/admin/users/{other.id}/tokens/revoke", data={"token_id": str(token.id)})
    assert response.status_code == 404
    session.refresh(token)
    assert token.revoked_at is None


def test_deactivating_a_user_ends_their_tokens(app, client_for, make, session):
    admin, user = make.user("admin"), make.user("viewer", display_name="离职")
    token = make.api_token(user, scope="read")
    headers = {"Authorization": f"Bearer {token.secret}"}
    assert app.test_client().get("/api/v1/plans", headers=headers).status_code == 200
    data = {"display_name": "离职", "email": "", "role": "viewer", "department": ""}  # "active" unticked
    assert client_for(admin).post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    session.refresh(user)
    assert not user.active
    response = app.test_client().get("/api/v1/plans", headers=headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "token_invalid"


def test_the_command_prints_only_the_secret(app, make, session):
    user = make.user("lead", department=make.department())
    result = app.test_cli_runner().invoke(args=["users", "token", user.username, "--name", "夜间同步", "--write"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert "\n" not in secret and secret.startswith("pt_")
    assert "write" in result.stderr and secret not in result.stderr
    (token,) = _tokens_of(session, user)
    assert token.digest == tokens.digest_of(secret) and token.name == "夜间同步" and token.scope == "write"
    assert token.expires_at - token.created_at == timedelta(days=90)
    assert session.scalar(select(AuditEvent).where(AuditEvent.field == "api_token")).actor_id is None


def test_the_command_reads_days_and_defaults_to_read_only(app, make, session):
    user = make.user("viewer")
    result = app.test_cli_runner().invoke(args=["users", "token", user.username, "--days", "7"])
    assert result.exit_code == 0, result.output
    (token,) = _tokens_of(session, user)
    assert token.scope == "read" and token.expires_at - token.created_at == timedelta(days=7)


def test_the_command_refuses_what_it_cannot_do(app, make, session):
    viewer = make.user("viewer")
    runner = app.test_cli_runner()
    for args in (["nobody"], [viewer.username, "--days", "0"], [viewer.username, "--days", "400"]):
        result = runner.invoke(args=["users", "token", *args])
        assert result.exit_code != 0 and not result.stdout.startswith("pt_"), args
    refused = runner.invoke(args=["users", "token", viewer.username, "--write"])
    assert refused.exit_code == 1 and "只读" in refused.stderr
    assert "nobody" in runner.invoke(args=["users", "token", "nobody"]).stderr
    assert _tokens_of(session, viewer) == []
