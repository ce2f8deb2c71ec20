"""Error pages speak the reader's language for every status code: never Werkzeug's English under a Chinese title."""

from __future__ import annotations

import re

import pytest
from werkzeug.exceptions import default_exceptions

from tests.test_i18n import CJK, chinese_left, visible_text

ALL_CODES = sorted(default_exceptions)


def _page(client, url: str, method: str = "GET") -> tuple[int, str]:
    response = client.open(url, method=method)
    return response.status_code, visible_text(response.get_data(as_text=True))


def test_a_405_has_a_chinese_body_under_its_chinese_title(client_for, make):
    status, text = _page(client_for(make.user("viewer")), "/account/password")
    assert status == 405
    assert "不允许的操作" in text and "此页面不接受这种操作方式" in text
    assert "The method is not allowed" not in text


def test_a_405_in_english_is_english(client_for, make):
    user = make.user("viewer", locale="en", display_name="Viewer")
    response = client_for(user).get("/account/password")
    assert response.status_code == 405
    html = response.get_data(as_text=True)
    assert "Method not allowed" in visible_text(html) and "This page does not accept" in visible_text(html)
    assert chinese_left(html, []) == []


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_status_code_has_chinese_text_and_no_werkzeug_english(app, session, code):
    from tracker.core.errorpages import error_texts

    title, message = error_texts(code)
    assert CJK.search(title) and CJK.search(message)
    exception = default_exceptions[code]()
    with app.test_request_context("/"):
        response = app.make_response(app.handle_user_exception(exception))
        text = visible_text(response.get_data(as_text=True))
    assert response.status_code == code
    assert title in text and message in text
    assert exception.name not in text
    assert not re.search(re.escape(exception.description[:40]), text)
