"""/inbox: a person's own notifications, unread first then newest, paged; opening one marks it read and goes to
what it is about; someone else's notification does not exist; the navigation's unread count."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tracker.notifications.models import Notification
from tracker.notifications.views import PER_PAGE

T0 = datetime(2013, 6, 10, 2, 0)  # 10:00 in Beijing


def titles(html: str) -> list[str]:
    return re.findall(r'data-testid="title">([^<]*)<', html)


def read_at(session, notification):
    session.expire_all()
    return session.get(Notification, notification.id).read_at


@pytest.fixture
def lead(make):
    return make.user("lead", display_name="王科长")


def test_unread_first_then_newest(client_for, make, lead):
    make.notification(lead, title="旧的未读", created_at=T0)
    make.notification(lead, title="新的已读", created_at=T0 + timedelta(days=2), read_at=T0 + timedelta(days=2))
    make.notification(lead, title="新的未读", created_at=T0 + timedelta(days=1))
    make.notification(lead, title="旧的已读", created_at=T0 - timedelta(days=1), read_at=T0)
    html = client_for(lead).get("/inbox").get_data(as_text=True)
    assert titles(html) == ["新的未读", "旧的未读", "新的已读", "旧的已读"]


def test_each_row_shows_its_kind_title_body_and_local_time_escaped_and_folded(client_for, make, lead):
    make.notification(lead, "escalated", title="三、(一)1. <b>建设</b>", body="<script>x</script>", created_at=T0)
    make.notification(lead, "answered", title="长答复", body="答" * 250 + "结尾", created_at=T0 - timedelta(hours=1))
    html = client_for(lead).get("/inbox").get_data(as_text=True)
    assert "办公室提请督办" in html and "2013-06-10 10:00" in html
    assert "&lt;b&gt;建设&lt;/b&gt;" in html and "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert '<details class="small" data-testid="body">' in html and "结尾" in html


def test_the_kind_is_shown_in_the_readers_language(client_for, make):
    reader = make.user("lead", locale="en")
    make.notification(reader, "overdue", title="三、(二)2. 推广电子病历")
    client = client_for(reader)
    client.post("/language", data={"language": "en"})
    html = client.get("/inbox").get_data(as_text=True)
    assert "Overdue" in html and "三、(二)2. 推广电子病历" in html


def test_paged_newest_first(client_for, make, lead):
    for n in range(PER_PAGE + 5):
        make.notification(lead, title=f"通知{n:02d}", created_at=T0 + timedelta(minutes=n))
    client = client_for(lead)
    first = titles(client.get("/inbox").get_data(as_text=True))
    second = titles(client.get("/inbox?page=2").get_data(as_text=True))
    assert len(first) == PER_PAGE and len(second) == 5
    assert first[0] == f"通知{PER_PAGE + 4:02d}" and second[-1] == "通知00"
    assert titles(client.get("/inbox?page=abc").get_data(as_text=True)) == first


def test_an_empty_inbox_says_so(client_for, make, lead):
    html = client_for(lead).get("/inbox").get_data(as_text=True)
    assert 'data-testid="inbox-empty"' in html and "暂无通知" in html and "mark-all-read" not in html


def test_opening_marks_read_and_goes_to_what_it_is_about(client_for, make, lead, session):
    notification = make.notification(lead, link="/items/12")
    client = client_for(lead)
    response = client.post(f"/inbox/{notification.id}/open")
    assert (response.status_code, response.headers["Location"]) == (302, "/items/12")
    first = read_at(session, notification)
    assert first is not None
    client.post(f"/inbox/{notification.id}/open")  # a second click changes nothing
    assert read_at(session, notification) == first


@pytest.mark.parametrize("link", ["https://evil.example/x", "//evil.example/x", "/\\evil.example", ""])
def test_opening_never_leaves_the_site(client_for, make, lead, link):
    notification = make.notification(lead, link=link)
    response = client_for(lead).post(f"/inbox/{notification.id}/open")
    assert (response.status_code, response.headers["Location"]) == (302, "/inbox")


def test_mark_read_and_mark_all_read(client_for, make, lead, session):
    one, two, three = (make.notification(lead) for _ in range(3))
    others = make.notification(make.user("lead"))
    client = client_for(lead)
    response = client.post(f"/inbox/{one.id}/read", data={"page": "2"})
    assert response.headers["Location"] == "/inbox?page=2"
    assert read_at(session, one) is not None and read_at(session, two) is None
    response = client.post("/inbox/read-all")
    assert response.headers["Location"] == "/inbox"
    assert read_at(session, two) is not None and read_at(session, three) is not None
    assert read_at(session, others) is None  # only the reader's own
    assert "已将全部通知标为已读" in client.get("/inbox").get_data(as_text=True)


def test_someone_elses_notification_does_not_exist(client_for, make, lead, session):
    theirs = make.notification(make.user("lead"), title="别人的通知", link="/items/1")
    client = client_for(lead)
    assert client.post(f"/inbox/{theirs.id}/open").status_code == 404
    assert client.post(f"/inbox/{theirs.id}/read").status_code == 404
    assert read_at(session, theirs) is None
    assert "别人的通知" not in client.get("/inbox").get_data(as_text=True)


def test_the_navigation_shows_the_unread_count_on_every_page(client_for, make, lead, client):
    for _ in range(3):
        make.notification(lead)
    make.notification(lead, read_at=T0)
    make.notification(make.user("lead"))  # someone else's
    html = client_for(lead).get("/account").get_data(as_text=True)
    assert re.search(r'data-testid="unread-count">3<', html) and 'href="/inbox"' in html
    assert "unread-count" not in client.get("/login").get_data(as_text=True)  # nobody signed in: nothing


def test_no_badge_without_unread_notifications(client_for, make, lead):
    make.notification(lead, read_at=T0)
    html = client_for(lead).get("/account").get_data(as_text=True)
    assert 'data-testid="inbox-link"' in html and "unread-count" not in html


def test_the_count_is_one_statement(client_for, make, lead, count_statements):
    client = client_for(lead)
    with count_statements() as counter:
        client.get("/account")
    counts = [s for s in counter.statements if "notifications" in s]
    assert len(counts) == 1 and "count(" in counts[0].lower()


def _fill(make, user, count: int) -> None:
    for n in range(count):
        make.notification(user, title=f"任务{n}", read_at=T0 if n % 2 else None, created_at=T0 + timedelta(minutes=n))


def test_the_inbox_statement_count_does_not_grow_with_the_data(client_for, make, lead, session, count_statements):
    client = client_for(lead)
    _fill(make, lead, 3)
    with count_statements() as small:
        client.get("/inbox")
    _fill(make, lead, 60)
    _fill(make, make.user("lead"), 30)
    with count_statements() as large:
        html = client.get("/inbox").get_data(as_text=True)
    assert len(titles(html)) == PER_PAGE
    assert small.count == large.count
    assert session.scalar(select(Notification.id).limit(1)) is not None
