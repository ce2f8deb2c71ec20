from datetime import timedelta

import pytest

from tests.factories import PASSWORD
from tracker.auth import services
from tracker.db import utcnow


def login(client, username, password=PASSWORD, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": username, "password": password})


def test_sign_in_and_see_the_tree(client, make):
    user = make.user("viewer")
    response = login(client, user.username)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert user.display_name in page.get_data(as_text=True)


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_wrong_password_and_unknown_user_get_the_same_answer(client, make):
    user = make.user("viewer")
    wrong = login(client, user.username, "not the password!!").get_data(as_text=True)
    unknown = login(client, "nobody-here", "not the password!!").get_data(as_text=True)
    assert "用户名或密码不正确" in wrong and "用户名或密码不正确" in unknown


def test_repeated_failures_lock_the_name_even_with_the_right_password(client, make, app):
    user = make.user("viewer")
    for _ in range(app.config["TRACKER_LOGIN_MAX_FAILURES"]):
        login(client, user.username, "wrong password here")
    assert login(client, user.username).status_code == 200  # refused: form shown again
    assert services.is_locked(user.username, "127.0.0.1")
    assert not services.is_locked(user.username, "127.0.0.1", now=utcnow() + timedelta(hours=1))


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_next_only_within_the_site(client, make, target):
    user = make.user("viewer")
    response = login(client, user.username, next_url=target)
    assert response.headers["Location"] == "/"


def test_next_within_the_site_is_followed(client, make):
    user = make.user("viewer")
    assert login(client, user.username, next_url="/?status=delayed").headers["Location"] == "/?status=delayed"


def test_sign_out_is_a_post_and_ends_copied_sessions(app, client, make):
    user = make.user("viewer")
    login(client, user.username)
    copied = app.test_client()
    copied.set_cookie("session", client.get_cookie("session").value)
    assert copied.get("/").status_code == 200
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert copied.get("/").status_code == 302  # the copied cookie stopped working


def test_inactive_users_cannot_sign_in(client, make):
    user = make.user("viewer", active=False)
    assert login(client, user.username).status_code == 200


def test_idle_timeout_ends_the_session(app, client, make):
    user = make.user("viewer")
    login(client, user.username)
    with client.session_transaction() as sess:
        sess["seen_at"] = (utcnow() - timedelta(minutes=app.config["TRACKER_IDLE_TIMEOUT_MINUTES"] + 1)).isoformat()
    assert client.get("/").status_code == 302


def test_absolute_timeout_ends_the_session(app, client, make):
    user = make.user("viewer")
    login(client, user.username)
    limit = app.config["TRACKER_ABSOLUTE_TIMEOUT_MINUTES"]
    with client.session_transaction() as sess:
        sess["login_at"] = (utcnow() - timedelta(minutes=limit + 1)).isoformat()
    assert client.get("/").status_code == 302


def test_session_is_renewed_at_sign_in(client, make):
    user = make.user("viewer")
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    login(client, user.username)
    with client.session_transaction() as sess:
        assert "planted" not in sess
