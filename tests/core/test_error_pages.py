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


@pytest.fixture
def failing_app():
    """An app of its own with a route that fails, read or posted (routes cannot be added once an app has served)."""
    from flask import Blueprint, abort

    from tests.conftest import TODAY
    from tracker import create_app

    bp = Blueprint("failing_probe", __name__)

    @bp.route("/probe/fail", methods=["GET", "HEAD", "POST"])
    def fail():
        raise RuntimeError("probe")

    @bp.route("/probe/busy", methods=["GET", "POST"])
    def busy():
        abort(503)

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", TRACKER_TODAY=TODAY.isoformat())
    app.register_blueprint(bp)
    return app


@pytest.mark.parametrize("url", ["/probe/fail", "/probe/busy"])
def test_a_failed_read_does_not_say_something_was_not_saved(failing_app, url):
    client = failing_app.test_client()
    read = client.get(url).get_data(as_text=True)
    assert "请稍后重试" in read and "没有保存" not in read
    posted = client.post(url).get_data(as_text=True)
    assert "您的操作没有保存" in posted
    with client.session_transaction() as flask_session:
        flask_session["locale"] = "en"
    english = client.get(url).get_data(as_text=True)
    assert "try again" in english.lower() and "saved" not in english and "没有" not in english
