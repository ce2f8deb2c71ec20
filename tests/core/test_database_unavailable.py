"""The database does not answer (issue 7, point 4): a 503 page that needs no database, in the user's language,
with an error id that is also in the log; the probes for the load balancer; recovery when it is back."""

from __future__ import annotations

import logging
import re
import socket

import pytest
from sqlalchemy import exc

from tests.conftest import TODAY
from tests.realdb import signed_in
from tracker import create_app
from tracker.extensions import db


def _refusing_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def down_app():
    """Configured for a PostgreSQL server that is not there."""
    url = f"postgresql+psycopg://postgres@127.0.0.1:{_refusing_port()}/tracker"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, TRACKER_TODAY=TODAY.isoformat())
    yield app
    with app.app_context():
        db.engine.dispose()


def _error_id(html: str) -> str:
    return re.search(r"([0-9a-f]{12})", html.split("offline-error", 1)[1]).group(1)


def test_a_signed_in_user_gets_a_503_page_that_needs_no_database(down_app, caplog):
    client = signed_in(down_app, "1:0")
    with caplog.at_level(logging.ERROR, logger=down_app.logger.name):
        response = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "服务暂时不可用" in html and "Traceback" not in html and "psycopg" not in html
    error_id = _error_id(html)
    assert any(error_id in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("session_values", "accept", "title"),
    [
        ({"locale": "en"}, "zh-CN", "Service temporarily unavailable"),  # the choice kept in the cookie wins
        ({}, "en-US,en;q=0.9,zh;q=0.5", "Service temporarily unavailable"),
        ({}, "fr", "服务暂时不可用"),  # neither: Chinese
    ],
)
def test_the_page_speaks_the_language_of_the_cookie_or_else_the_browser(down_app, session_values, accept, title):
    response = signed_in(down_app, "1:0", **session_values).get("/", headers={"Accept-Language": accept})
    assert response.status_code == 503 and title in response.get_data(as_text=True)


def test_an_anonymous_sign_in_and_a_form_post_say_nothing_was_saved(down_app):
    response = down_app.test_client().post("/login", data={"username": "lead", "password": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and "您的操作没有保存" in html
    assert 'name="username" value="lead"' in html


def test_an_error_page_that_itself_needs_the_database_gives_way_to_the_503_page(down_app, monkeypatch):
    """A refused form (no CSRF token) is answered before the user is loaded; its page shows the user: as in
    production (exceptions not propagated to the test), Flask's last-resort 500 must not be gunicorn's bare one."""
    monkeypatch.setitem(down_app.config, "WTF_CSRF_ENABLED", True)
    monkeypatch.setitem(down_app.config, "PROPAGATE_EXCEPTIONS", False)
    response = signed_in(down_app, "1:0").post("/items/1/update", data={"progress": "50"})
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and "服务暂时不可用" in html and "Internal Server Error" not in html


def test_clients_that_ask_for_json_get_json(down_app):
    response = signed_in(down_app, "1:0").get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503 and response.json["error"]["code"] == "unavailable"
    assert response.json["error"]["error_id"]


def test_the_probes_say_alive_but_not_ready(down_app):
    client = down_app.test_client()
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["status"] == "unavailable" and "Retry-After" in ready.headers


def test_ready_when_the_database_answers(client):
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json == {"status": "ok", "database": "ok"}


def test_the_database_coming_back_is_noticed_without_a_restart(app, client_for, make, monkeypatch):
    """A connection that died (the server restarted) fails one request at most: the pool checks before use."""
    user = make.user("viewer")
    client = client_for(user)
    monkeypatch.setattr(db.session, "get", _fail_once(db.session.get))
    assert client.get("/").status_code == 503
    assert client.get("/").status_code in (200, 302)


def _fail_once(real):
    calls = []

    def get(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise exc.OperationalError("SELECT", {}, ConnectionRefusedError("server closed the connection"))
        return real(*args, **kwargs)

    return get


def test_a_corrupt_database_file_is_not_ready(tmp_path):
    """SELECT 1 reads no page of the file: the probe must read a table to notice (probe defect 6)."""
    path = tmp_path / "tracker.db"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", TRACKER_TODAY=TODAY.isoformat())
    with app.app_context():
        db.create_all()
        db.engine.dispose()  # the last connection closed: the WAL is written back, the file is the database
    client = app.test_client()
    assert client.get("/readyz").status_code == 200  # and the pooled connection now has the pages in its cache
    with path.open("r+b") as file:
        file.write(b"junk" * 25)  # the header: SQLite no longer knows the file for a database
    try:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json["status"] == "unavailable"
    finally:
        with app.app_context():
            db.engine.dispose()
