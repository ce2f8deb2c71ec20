"""The whole stack in a real browser: sign in with CSRF on, read the plan in Chinese, sign out."""

from __future__ import annotations

import pytest

from tests.browser.helpers import screenshot, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_sign_in_shows_the_plan_tree_in_chinese_then_sign_out(page, live_site, outside_requests):
    sign_in(page, live_site.username, live_site.password)

    assert page.url == live_site.url + "/"
    assert page.get_by_role("heading", level=1).inner_text() == live_site.plan_title
    rows = page.locator("table.tree-table tbody")
    assert len(live_site.task_titles) == 4  # the plan's four main tasks, e.g. 以工业信息化为重点推动“两化”深度融合
    for title in live_site.task_titles:
        assert rows.get_by_text(title).is_visible()
    assert live_site.display_name in page.get_by_test_id("whoami").inner_text()
    # Everything the page needed (CSS, JS, fonts) came from this server: the intranet has no CDN.
    page.wait_for_load_state("networkidle")
    assert outside_requests == []
    screenshot(page, "plan-tree")

    sign_out(page)

    assert page.url == live_site.url + "/login"
    assert page.get_by_role("alert").inner_text() == "您已安全退出。"
    page.goto("/")
    assert page.url.startswith(live_site.url + "/login"), "the plan tree must need a session again"


def test_wrong_password_shows_the_error_and_stays_on_login(page, live_site):
    sign_in(page, live_site.username, live_site.password + "-wrong")

    assert page.url == live_site.url + "/login"
    assert page.get_by_role("alert").inner_text() == "用户名或密码不正确，或尝试次数过多请稍后再试。"
    assert page.get_by_test_id("whoami").count() == 0
    screenshot(page, "login-wrong-password")
