"""A person makes an API token on the account page at phone width, a program uses it, the person revokes it.

The whole path through the real browser and the live server: the form (CSRF on), the secret shown once in full,
the token answering /api/v1/me as its person, the revoke button with its confirmation, and the same token refused
at once afterwards."""

from __future__ import annotations

import itertools
import json
import urllib.error
import urllib.request

import pytest

from tests.browser.helpers import screenshot, sign_in
from tests.factories import Factories
from tracker.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def integrator(live_site) -> str:
    with live_site.app.app_context():
        factories = Factories(db.session, itertools.count(71_000))
        user = factories.user("lead", username="api-integrator", display_name="接口管理员")
        db.session.commit()
        return user.username


def _me(url: str, secret: str) -> tuple[int, dict]:
    request = urllib.request.Request(url + "/api/v1/me", headers={"Authorization": f"Bearer {secret}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the test's own server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_token_made_on_a_phone_works_until_it_is_revoked(page, live_site, integrator, outside_requests):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, integrator, live_site.password, then="/account")
    form = page.get_by_test_id("new-token-form")
    form.get_by_label("名称").fill("OA 系统")
    form.get_by_label("读写").check()
    form.get_by_role("button", name="创建令牌").click()
    secret = page.get_by_test_id("token-secret").input_value()
    assert secret.startswith("pt_") and len(secret) == 46
    box = page.get_by_test_id("token-secret").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390, "the secret shows whole on the phone"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("new-token").scroll_into_view_if_needed()
    screenshot(page, "account-new-token-phone", full_page=False)

    status, body = _me(live_site.url, secret)
    assert status == 200 and body["data"]["user"]["username"] == integrator

    page.goto("/account")  # the secret is never shown again
    assert page.get_by_test_id("token-secret").count() == 0
    row = page.get_by_test_id("token-list").locator("tr", has_text="OA 系统")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="撤销").click()
    page.wait_for_load_state()
    assert "已撤销" in page.get_by_test_id("token-list").locator("tr", has_text="OA 系统").inner_text()
    status, body = _me(live_site.url, secret)
    assert status == 401 and body["error"]["code"] == "token_invalid"
    assert outside_requests == []
