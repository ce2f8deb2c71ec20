"""A pinned "today" (TRACKER_TODAY: the demo, the tests) is said on every page, so nobody mistakes it for the date."""

from __future__ import annotations

import pytest

BANNER = 'data-testid="pinned-today"'


@pytest.mark.parametrize("url", ["/", "/dashboard", "/review/compliance", "/admin/audit"])
def test_every_page_says_the_date_is_pinned(client_for, make, url):
    html = client_for(make.user("admin")).get(url).get_data(as_text=True)
    assert BANNER in html
    assert "演示模式：系统日期固定为 2013年6月15日" in html


def test_the_sign_in_page_says_it_too(client):
    assert "演示模式：系统日期固定为 2013年6月15日" in client.get("/login").get_data(as_text=True)


def test_in_english_too(client_for, make):
    html = client_for(make.user("office", locale="en")).get("/").get_data(as_text=True)
    assert "Demo mode: the system date is fixed at 2013-06-15" in html


def test_no_banner_on_the_real_clock(app, client_for, make, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_TODAY", None)
    html = client_for(make.user("office")).get("/").get_data(as_text=True)
    assert BANNER not in html and "演示模式" not in html
