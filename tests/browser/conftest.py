"""Real-browser fixtures: the app served from a thread on 127.0.0.1, driven by Debian's headless Chromium.

The server runs the testing config with CSRF switched back on, on its own SQLite file, so the
browser goes through exactly the forms, cookies and redirects a user does. Screenshots land in
test-artifacts/ (gitignored) for people to look at; a failing test leaves one automatically.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from config import BASE_DIR
from tests.browser.helpers import screenshot
from tests.conftest import TODAY
from tests.factories import PASSWORD, Factories
from tracker import create_app
from tracker.extensions import db
from tracker.org.models import Department, DepartmentKind
from tracker.plan.models import ItemKind, WorkItem
from tracker.plan.services import current_plan
from tracker.seeding.loader import load_seed_dir

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's hosts, which an intranet refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
LOCAL_HOST = "127.0.0.1"


@dataclass
class LiveSite:
    """The running server and what the browser should find on it."""

    url: str
    username: str
    password: str
    display_name: str
    plan_title: str
    plan_code: str
    task_titles: list[str] = field(default_factory=list)
    app: Flask | None = field(default=None, repr=False)  # for tests that add their own rows (users, …)


def _build_site_data(factories: Factories) -> dict:
    """The real plan from seed/ (about sixty work items: quick to load) and one user of the office."""
    load_seed_dir(BASE_DIR / "seed")
    office = db.session.scalar(
        select(Department)
        .where(Department.kind == DepartmentKind.OFFICE.value)
        .order_by(Department.sort_order)
        .limit(1)
    )
    user = factories.user(role="office", department=office, username="office", display_name="规划处王明")
    plan = current_plan()
    tasks = db.session.scalars(
        select(WorkItem).where(WorkItem.plan_id == plan.id, WorkItem.kind == ItemKind.TASK.value).order_by(WorkItem.id)
    ).all()
    return {
        "username": user.username,
        "display_name": user.display_name,
        "plan_title": plan.title,
        "plan_code": plan.code,
        "task_titles": [task.title for task in tasks],
    }


@pytest.fixture(scope="session")
def live_site(tmp_path_factory) -> Iterator[LiveSite]:
    db_file = tmp_path_factory.mktemp("live-site") / "tracker.db"
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_file}",
        WTF_CSRF_ENABLED=True,
        TRACKER_TODAY=TODAY.isoformat(),
    )
    with app.app_context():
        db.create_all()
        data = _build_site_data(Factories(db.session, itertools.count(1)))
        db.session.commit()
    server = make_server(LOCAL_HOST, 0, app, threaded=True)  # port 0: the OS picks a free one
    thread = threading.Thread(target=server.serve_forever, name="live-site", daemon=True)
    thread.start()
    try:
        yield LiveSite(url=f"http://{LOCAL_HOST}:{server.server_port}", password=PASSWORD, app=app, **data)
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} not found (make test installs Debian's chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; under CI=true a missing browser is a failure", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed  # read by the page fixture to keep a screenshot
    return report


@pytest.fixture
def page(request, browser, live_site):
    """A fresh browser context (no cookies) per test, Chinese locale, a desktop-sized window."""
    context = browser.new_context(base_url=live_site.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)  # an upper bound for waits, not a speed assertion
    yield page
    if getattr(request.node, "browser_call_failed", False):
        screenshot(page, f"FAILED-{request.node.name}")
    context.close()


@pytest.fixture
def outside_requests(page) -> list[str]:
    """URLs the page asked for from anywhere but this server: must stay empty (intranet, no CDN)."""
    urls: list[str] = []

    def note(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != LOCAL_HOST:
            urls.append(request.url)

    page.on("request", note)
    return urls
