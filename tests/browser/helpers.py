"""What browser tests do often: sign in and out through the real forms, keep a screenshot."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from config import BASE_DIR

ARTIFACTS = BASE_DIR / "test-artifacts"


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG (the full page, or what the window shows) under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(page, username: str, password: str, then: str | None = "/") -> None:
    """Fill and submit the real login form (its CSRF token included) and wait for the next page; once signed in,
    open `then` (the plan tree by default: people land on pages by role, issue 10; None stays where they landed)."""
    page.goto("/login")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    signed_in = urlsplit(page.url).path != "/login"
    if then is not None and signed_in and urlsplit(page.url).path != then:
        page.goto(then)


def sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
