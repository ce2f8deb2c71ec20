"""The account page's mail preference: 即时 / 每日汇总 / 不发送, and the address mail goes to (or that none is set)."""

from __future__ import annotations

import re

import pytest

from tracker.auth.models import User


def preference(session, user) -> str:
    session.expire_all()
    return session.get(User, user.id).mail_preference


def test_the_account_page_shows_the_address_and_the_choice(client_for, make):
    user = make.user("lead", email="li@hangzhou.gov.cn", mail_preference="digest")
    html = client_for(user).get("/account").get_data(as_text=True)
    assert "通知发送到：li@hangzhou.gov.cn" in html
    mail_form = html.split('data-testid="mail-preference"')[1].split("</form>")[0]  # the page has other radios
    checked = re.findall(r'<input[^>]*\bchecked\b[^>]*value="(\w+)"', mail_form)
    assert checked == ["digest"]
    assert "即时" in html and "每日汇总" in html and "不发送" in html


def test_without_an_address_the_page_says_no_mail_is_sent(client_for, make):
    html = client_for(make.user("viewer")).get("/account").get_data(as_text=True)
    assert "尚未设置电子邮箱，不会收到邮件通知" in html


@pytest.mark.parametrize("choice", ["immediate", "digest", "none"])
def test_a_choice_is_saved(client_for, make, session, choice):
    user = make.user(
        "member", email="li@hangzhou.gov.cn", mail_preference="immediate" if choice != "immediate" else "none"
    )
    response = client_for(user).post("/account/mail", data={"mail_preference": choice})
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    assert preference(session, user) == choice


@pytest.mark.parametrize("bad", [{"mail_preference": "weekly"}, {}])
def test_a_bad_value_is_refused_with_a_message(client_for, make, session, bad):
    user = make.user("member", mail_preference="digest")
    response = client_for(user).post("/account/mail", data=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "请选择即时、每日汇总或不发送。" in html
    assert preference(session, user) == "digest"


def test_the_form_needs_its_csrf_token(app, client_for, make, session, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make.user("member", mail_preference="digest")
    response = client_for(user).post("/account/mail", data={"mail_preference": "none"})
    assert response.status_code == 400 and preference(session, user) == "digest"


def test_the_service_refuses_an_unknown_value(session, make):
    from tracker.auth.services import set_mail_preference
    from tracker.core.errors import ValidationError

    user = make.user("member")
    with pytest.raises(ValidationError) as refused:
        set_mail_preference(user, "hourly")
    assert refused.value.field == "mail_preference"
