"""Issue 7, points 7, 12 and 22: security headers on every response, templates that need no inline script or
style (so the policy can forbid them), the real client address behind a proxy, and a favicon."""

from __future__ import annotations

import re

import pytest

from config import BASE_DIR
from tracker import create_app
from tracker.core.models import AuditEvent
from tracker.extensions import db

TEMPLATES = sorted((BASE_DIR / "tracker").rglob("templates/**/*.html"))


def _assert_protected(response) -> None:
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
    assert "unsafe" not in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")


def test_signed_in_pages_carry_every_header_and_are_not_stored(client_for, make):
    client = client_for(make.user("office"))
    for url in ("/", "/dashboard", "/projects", "/account"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_protected(response)
        assert "no-store" in response.headers["Cache-Control"], url


def test_the_sign_in_page_and_error_pages_too(client):
    for url, status in (("/login", 200), ("/no-such-page", 404)):
        response = client.get(url)
        assert response.status_code == status
        _assert_protected(response)
        assert "no-store" in response.headers["Cache-Control"]


def test_downloads_of_user_data_are_not_stored(client_for, make, session):
    make.item(make.plan())
    response = client_for(make.user("viewer")).get("/export/tasks.xlsx")
    assert response.status_code == 200
    _assert_protected(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    _assert_protected(response)
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


# What the policy forbids must not be in a template: it would silently stop working in the browser.
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(BASE_DIR / "tracker")))
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", text), "inline style attribute"
    assert not re.search(r"<style\b", text), "inline <style> block"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert "javascript:" not in text
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline script: {tag}"


def test_favicon_at_the_root_and_linked_from_every_page(client):
    response = client.get("/favicon.ico", follow_redirects=True)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    response.close()
    page = client.get("/login").get_data(as_text=True)
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg" type="image/svg\+xml">', page)


def _audited_address(app, headers: dict) -> str:
    """Sign in as an unknown name through the app with these request headers; the address the audit kept."""
    with app.app_context():
        db.create_all()
        client = app.test_client()
        client.post(
            "/login",
            data={"username": "nobody", "password": "wrong password"},
            headers=headers,
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        return db.session.scalars(select_addresses()).all()[-1]


def select_addresses():
    from sqlalchemy import select

    return select(AuditEvent.remote_addr).order_by(AuditEvent.id)


@pytest.mark.parametrize(
    ("trusted", "expected"),
    [("0", "10.0.0.1"), ("1", "192.0.2.7"), ("2", "198.51.100.3")],
)
def test_the_audit_sees_the_client_behind_trusted_proxies(monkeypatch, tmp_path, trusted, expected):
    monkeypatch.setenv("TRACKER_TRUSTED_PROXIES", trusted)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}")
    forwarded = {"X-Forwarded-For": "203.0.113.9, 198.51.100.3, 192.0.2.7"}
    assert _audited_address(app, forwarded) == expected
    with app.app_context():
        db.engine.dispose()


def test_trusted_proxies_must_be_a_count(monkeypatch):
    monkeypatch.setenv("TRACKER_TRUSTED_PROXIES", "-1")
    with pytest.raises(RuntimeError, match="TRACKER_TRUSTED_PROXIES"):
        create_app("testing")
