"""Shared steps for the account and admin tests: a real sign-in and a stolen (copied) session cookie."""

from __future__ import annotations

import re

from tests.factories import PASSWORD


def sign_in(app, username: str, password: str = PASSWORD):
    """A client signed in through the real form; fails loudly if the password is refused."""
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, "sign-in was refused"
    return client


def copy_session(app, client):
    """A second client carrying the same session cookie, as if it had been copied to another machine."""
    copied = app.test_client()
    copied.set_cookie("session", client.get_cookie("session").value)
    return copied


def is_signed_in(client) -> bool:
    return client.get("/account").status_code == 200


_FEEDBACK = re.compile(r'<div class="invalid-feedback">(.*?)</div>', re.S)


def field_errors(page: str, field_id: str) -> list[str]:
    """The messages render_field shows under the field with this id (empty when it has none)."""
    start = page.find(f'id="{field_id}"')
    if start < 0:
        raise AssertionError(f"no field {field_id!r} on the page")
    end = page.find("mb-3", start)
    return _FEEDBACK.findall(page[start : end if end > 0 else len(page)])
