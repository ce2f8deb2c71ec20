"""The language switch: in the navbar of every page, remembered per user, following only a safe `next`."""

from __future__ import annotations

import re

import pytest

from tests.auth.helpers import sign_in

LANG = re.compile(r'<html lang="([^"]+)"')


def html_lang(client, url="/login") -> str:
    return LANG.search(client.get(url).get_data(as_text=True)).group(1)


def switch(client, language, next_url="/"):
    return client.post("/language", data={"language": language, "next": next_url})


def test_signed_out_choice_is_kept_in_the_session(client):
    assert html_lang(client) == "zh-CN"
    response = switch(client, "en", "/login")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert html_lang(client) == "en"
    switch(client, "zh_Hans_CN")
    assert html_lang(client) == "zh-CN"


def test_signed_in_choice_is_saved_on_the_account_and_survives_signing_in_again(app, session, make):
    user = make.user("viewer")
    client = sign_in(app, user.username)
    switch(client, "en")
    session.refresh(user)
    assert user.locale == "en"
    assert html_lang(client, "/") == "en"

    client.post("/logout")
    fresh = sign_in(app, user.username)  # another browser: nothing in its session
    assert html_lang(fresh, "/") == "en"


def test_the_switch_is_on_every_page_signed_in_or_not(client, client_for, make):
    signed_out = client.get("/login").get_data(as_text=True)
    assert 'data-testid="language-switch"' in signed_out and 'value="en"' in signed_out
    page = client_for(make.user("viewer")).get("/departments").get_data(as_text=True)
    assert 'data-testid="language-switch"' in page
    assert 'name="next" value="/departments"' in page


def test_the_switch_comes_back_to_the_same_page_with_its_query(client_for, make):
    client = client_for(make.user("viewer"))
    page = client.get("/admin/audit?page=2").get_data(as_text=True)  # a 403 page still carries the switch
    assert 'name="next" value="/admin/audit?page=2"' in page
    assert switch(client, "en", "/?status=delayed").headers["Location"] == "/?status=delayed"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x", ""])
def test_only_a_safe_next_is_followed(client, target):
    assert switch(client, "en", target).headers["Location"] == "/"


@pytest.mark.parametrize("language", ["fr", "", "zh_Hans_CN\x00", "en" * 100])
def test_unknown_languages_are_refused(app, session, make, language):
    user = make.user("viewer")
    client = sign_in(app, user.username)
    assert switch(client, language).status_code == 400
    session.refresh(user)
    assert user.locale == "zh_Hans_CN"


def test_language_switch_is_post_only(client):
    assert client.get("/language").status_code == 405


def test_missing_csrf_token_is_refused(app, session, make, monkeypatch):
    user = make.user("viewer")
    client = sign_in(app, user.username)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = switch(client, "en")
    assert response.status_code == 400
    session.refresh(user)
    assert user.locale == "zh_Hans_CN"


def test_pages_answering_a_post_switch_back_to_their_get_page(client_for, make):
    user = make.user("viewer")
    page = client_for(user).post("/account/password", data={}).get_data(as_text=True)
    assert 'name="next" value="/account"' in page


NEXT_FIELD = re.compile(r'data-testid="language-switch".*?name="next" value="([^"]*)"', re.S)


def test_a_page_answering_a_post_switches_back_to_the_page_the_form_was_on(app, session, make):
    """A refused form is drawn at its POST-only address (here /indicators/N/values): switching the language from
    there must return to the page the form was on, not GET the POST-only address (405)."""
    plan = make.plan()
    indicator = make.indicator(plan)
    make.indicator_value(indicator, 2013, "10")
    office = make.user("office")
    client = sign_in(app, office.username)
    page = client.post(
        f"/indicators/{indicator.id}/values",
        data={"year": "2013", "value": "20", "source": "统计年鉴"},
        headers={"Referer": f"http://localhost/indicators/{indicator.id}"},
    )
    assert page.status_code == 200  # refused: 2013 already has a value, the form is drawn again
    back = NEXT_FIELD.search(page.get_data(as_text=True)).group(1)
    assert back == f"/indicators/{indicator.id}"
    assert client.get(switch(client, "en", back).headers["Location"]).status_code == 200
