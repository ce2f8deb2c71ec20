"""The gate every API request passes (tracker.api.blueprint): a live token, the per-minute limit, read-only tokens,
and nothing from the browser's session, through real endpoints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tracker.api import blueprint
from tracker.api.problems import ApiProblem
from tracker.auth import tokens
from tracker.auth.models import ApiToken
from tracker.db import utcnow

from .conftest import ApiClient


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _code(response) -> str:
    return response.get_json()["error"]["code"]


@pytest.mark.parametrize("url", ["/api/v1/plans", "/api/v1/departments"])
def test_without_a_token_401_and_a_challenge_never_the_sign_in_page(api, url):
    response = api(None).get(url)
    assert response.status_code == 401 and _code(response) == "token_missing"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="plan-tracker"'
    assert "Location" not in response.headers


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Token pt_x", "pt_abc"])
def test_another_scheme_is_401_missing_a_bearer_token(api, header):
    response = api(None).get("/api/v1/plans", headers={"Authorization": header})
    assert response.status_code == 401 and _code(response) == "token_missing"


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Bearer abc", "bearer x"])
def test_a_bearer_header_without_a_token_of_ours_is_401_invalid(api, header):
    response = api(None).get("/api/v1/plans", headers={"Authorization": header})
    assert response.status_code == 401 and _code(response) == "token_invalid"


def test_an_unknown_token_is_401_invalid(app):
    response = ApiClient(app, "pt_" + "x" * 43).get("/api/v1/plans")
    assert response.status_code == 401 and _code(response) == "token_invalid"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_revoked_token_is_refused_at_once(app, make, session):
    token = make.api_token(make.user("viewer"), scope="read")
    client = ApiClient(app, token.secret)
    assert client.get("/api/v1/plans").status_code == 200
    tokens.revoke_token(token, utcnow())
    session.commit()
    response = client.get("/api/v1/departments")
    assert response.status_code == 401 and _code(response) == "token_invalid"


def test_an_expired_token_is_refused(app, make):
    token = make.api_token(make.user("viewer"), scope="read", expires_at=utcnow() - timedelta(seconds=1))
    response = ApiClient(app, token.secret).get("/api/v1/plans")
    assert response.status_code == 401 and _code(response) == "token_invalid"


def test_a_deactivated_users_token_is_refused(app, make, session):
    user = make.user("lead", department=make.department())
    token = make.api_token(user)
    user.active = False
    session.commit()
    response = ApiClient(app, token.secret).get("/api/v1/plans")
    assert response.status_code == 401 and _code(response) == "token_invalid"


def test_use_is_recorded_with_time_and_address(app, make, session):
    token = make.api_token(make.user("viewer"), scope="read")
    before = utcnow().replace(microsecond=0)  # MariaDB's DATETIME keeps whole seconds
    response = ApiClient(app, token.secret).get("/api/v1/plans", environ_base={"REMOTE_ADDR": "10.8.0.7"})
    assert response.status_code == 200
    session.refresh(token)
    assert token.last_used_from == "10.8.0.7" and before <= token.last_used_at <= utcnow()


def test_a_read_only_token_may_not_write(app, make, session):
    """No writing route exists on this branch (the other API modules add them; the permission matrix then checks
    the viewer's read-only token gets 403 on each): the gate itself is called here as for a POST to an API route."""
    token = make.api_token(make.user("lead", department=make.department()), scope="read")
    post = app.test_request_context("/api/v1/plans", method="POST", headers=_bearer(token.secret))
    with post, pytest.raises(ApiProblem) as refused:
        blueprint._authenticate()
    assert (refused.value.status, refused.value.code) == (403, "token_read_only")
    write = make.api_token(token.user, scope="write")
    with app.test_request_context("/api/v1/plans", method="POST", headers=_bearer(write.secret)):
        blueprint._authenticate()  # passes: the view decides


def test_a_method_a_route_does_not_take_is_405_json_for_any_token(app, make):
    for scope in ("read", "write"):
        response = ApiClient(app, make.api_token(make.user("admin"), scope=scope).secret).post("/api/v1/plans")
        assert response.status_code == 405 and _code(response) == "method_not_allowed"


def test_an_unknown_path_is_404_json(api, make):
    response = api(make.user("viewer"), scope="read").get("/api/v1/no-such-thing")
    assert response.status_code == 404 and _code(response) == "not_found"


def test_the_limit_per_minute_429_with_retry_after(app, make, session, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_API_RATE_LIMIT", 3)
    token = make.api_token(make.user("viewer"), scope="read")
    first, second = ApiClient(app, token.secret), ApiClient(app, token.secret)  # the count is in the database
    answers = [first.get("/api/v1/plans"), second.get("/api/v1/plans"), first.get("/api/v1/departments")]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    assert all(a.headers["X-RateLimit-Limit"] == "3" for a in answers)
    refused = second.get("/api/v1/plans")
    assert refused.status_code == 429 and _code(refused) == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    # A new minute: the window moved back past its end in the database.
    started = session.scalar(select(ApiToken.window_started_at).where(ApiToken.id == token.id))
    earlier = started - timedelta(seconds=61)  # computed here: SQLite does no date arithmetic on DATETIME text
    session.execute(update(ApiToken).where(ApiToken.id == token.id).values(window_started_at=earlier))
    session.commit()
    again = first.get("/api/v1/plans")
    assert again.status_code == 200 and again.headers["X-RateLimit-Remaining"] == "2"


def test_refused_requests_count_too(app, make, session, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_API_RATE_LIMIT", 1)
    token = make.api_token(make.user("viewer"), scope="read")
    client = ApiClient(app, token.secret)
    assert [client.get("/api/v1/plans").status_code for _ in range(3)] == [200, 429, 429]
    assert session.scalar(select(ApiToken.window_requests).where(ApiToken.id == token.id)) == 3


def test_the_session_cookie_does_not_authenticate_the_api(client_for, make):
    browser = client_for(make.user("admin"))
    assert browser.get("/account").status_code == 200  # signed in on the pages
    response = browser.get("/api/v1/plans")
    assert response.status_code == 401 and _code(response) == "token_missing"


def test_api_answers_set_no_cookie_and_are_not_cached(api, make):
    for response in (api(make.user("viewer"), scope="read").get("/api/v1/plans"), api(None).get("/api/v1/plans")):
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"


def test_a_bearer_header_does_not_sign_in_on_the_pages(app, make):
    token = make.api_token(make.user("admin"))
    response = app.test_client().get("/account", headers=_bearer(token.secret))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_bearer_header_does_not_bypass_csrf_on_a_page_post(app, client_for, make, session, monkeypatch):
    user = make.user("member", department=make.department())
    token = make.api_token(user)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    browser = client_for(user)
    data = {"name": "跨站", "scope": "write", "days": "90"}
    response = browser.post("/account/tokens", data=data, headers=_bearer(token.secret))
    assert response.status_code == 400
    assert session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == [token]
