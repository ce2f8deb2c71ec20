"""At phone width (390×844) no page scrolls sideways (probe defect 4): wide tables scroll inside their own box,
and the indicator register gives the names room instead of the code column. Chinese and English, screenshots in
test-artifacts/ to look at."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from tests.browser.helpers import screenshot, sign_in
from tests.factories import Factories
from tracker.extensions import db
from tracker.plan.models import WorkItem

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ["/review", "/admin/users", "/indicators", "/projects", "/", "/dashboard"]
# An indicator's name (or goal) is readable when its cell is at least this wide (px): a few characters a line.
TEXT_MIN_WIDTH = 96


@pytest.fixture(scope="module")
def admin(live_site) -> tuple[str, int]:
    """An administrator of the live site (every page opens), and a task to open as an item page."""
    with live_site.app.app_context():
        user = Factories(db.session, itertools.count(50_000)).user("admin", username="phone-admin")
        task = db.session.scalar(select(WorkItem.id).where(WorkItem.kind == "task").order_by(WorkItem.id).limit(1))
        db.session.commit()
        return user.username, task


def _overflow(page) -> dict:
    return page.evaluate("({page: document.documentElement.scrollWidth, window: window.innerWidth})")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_no_page_scrolls_sideways_on_a_phone(page, live_site, admin, language):
    username, task_id = admin
    page.set_viewport_size(PHONE)
    sign_in(page, username, live_site.password)
    if language == "en":
        with page.expect_navigation():
            page.get_by_test_id("language-switch").get_by_role("button").click()
    wide = {}
    for url in [*PAGES, f"/items/{task_id}"]:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        screenshot(page, f"phone-{language}-{url.strip('/').replace('/', '-') or 'tree'}")
        sizes = _overflow(page)
        if sizes["page"] > sizes["window"]:
            wide[url] = sizes
    assert wide == {}


def test_indicator_names_keep_their_width_beside_the_code(page, live_site, admin):
    page.set_viewport_size(PHONE)
    sign_in(page, admin[0], live_site.password)
    page.goto("/indicators")
    screenshot(page, "phone-indicators-viewport", full_page=False)
    for column in ("name", "goal"):
        cells = page.locator(f'td[data-col="{column}"]')
        assert cells.count() > 0
        widths = cells.evaluate_all("cells => cells.map((cell) => cell.getBoundingClientRect().width)")
        assert min(widths) >= TEXT_MIN_WIDTH, column
