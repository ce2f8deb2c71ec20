"""The readable API page (/help/api) in a real browser: every operation listed with its method and path, opened
to show its tables, no sideways scroll on a desktop or a phone, nothing fetched from elsewhere, nothing refused by
the Content-Security-Policy. Screenshots in test-artifacts/ to look at."""

from __future__ import annotations

import itertools

import pytest

from tests.browser.helpers import screenshot, sign_in
from tests.factories import Factories
from tracker.api.openapi import build_document
from tracker.extensions import db

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def reader(live_site) -> str:
    """A viewer: the page is for everyone signed in, not only for administrators."""
    with live_site.app.app_context():
        user = Factories(db.session, itertools.count(70_000)).user("viewer", username="api-reader")
        db.session.commit()
        return user.username


def _operation_count() -> int:
    return sum(len(item) for item in build_document()["paths"].values())


@pytest.mark.parametrize("size", SIZES)
def test_the_api_page_lists_every_operation_without_sideways_scroll(page, live_site, reader, outside_requests, size):
    refusals: list[str] = []
    page.on(
        "console", lambda message: refusals.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.set_viewport_size(SIZES[size])
    sign_in(page, reader, live_site.password, then=None)
    page.goto("/")
    if size == "phone":  # the menu is folded behind its button
        page.get_by_role("button", name="菜单").click()
        page.locator("#mainnav.collapse.show").wait_for()  # opened, not still sliding open (the link moves)
    page.get_by_test_id("api-docs-link").click()
    page.wait_for_url("**/help/api")
    operations = page.get_by_test_id("api-operation")
    assert operations.count() == _operation_count()
    assert page.get_by_test_id("curl-example").inner_text().endswith(live_site.url + "/api/v1/plans")
    assert page.get_by_test_id("account-link").get_attribute("href") == "/account"
    screenshot(page, f"api-page-{size}", full_page=False)
    # Open the users list: parameters, responses and the answer's fields, $refs resolved on the server.
    users = page.locator("#list_users")
    users.locator("summary").click()
    parameters = users.get_by_test_id("api-parameters")
    assert "role" in parameters.inner_text() and "per_page" in parameters.inner_text()
    answer = users.get_by_test_id("api-answer").inner_text()
    assert "data[].department.name" in answer and "meta.total" in answer
    assert "401" in users.get_by_test_id("api-responses").inner_text()
    users.scroll_into_view_if_needed()
    screenshot(page, f"api-page-{size}-users-open", full_page=False)
    sizes = page.evaluate("({page: document.documentElement.scrollWidth, window: window.innerWidth})")
    assert sizes["page"] <= sizes["window"], sizes
    assert outside_requests == [] and refusals == []
