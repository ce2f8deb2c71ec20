"""The audit log page: who, when, what, from where; filters and pages; read-only."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tracker.core.models import AuditEvent

ROW = re.compile(r'data-audit-id="(\d+)"')


@pytest.fixture
def admin(make):
    return make.user("admin", display_name="审计管理员")


@pytest.fixture
def as_admin(client_for, admin):
    return client_for(admin)


def event(session, actor=None, entity_type="work_item", entity_id=1, field="status", at=None, **kw) -> AuditEvent:
    row = AuditEvent(
        actor_id=actor.id if actor else None,
        entity_type=entity_type,
        entity_id=entity_id,
        action=kw.pop("action", "update"),
        field=field,
        old_value=kw.pop("old", "not_started"),
        new_value=kw.pop("new", "in_progress"),
        remote_addr=kw.pop("remote_addr", "10.0.0.8"),
        created_at=at or datetime(2013, 6, 1, 9, 30),
    )
    session.add(row)
    session.flush()
    return row


def shown_ids(client, query: str = "") -> set[int]:
    return {int(i) for i in ROW.findall(client.get("/admin/audit" + query).get_data(as_text=True))}


def test_a_change_made_in_the_app_shows_who_when_what_and_from_where(as_admin, make):
    user = make.user("member", display_name="旧名字")
    data = {"display_name": "新名字", "role": "member", "department": str(user.department_id), "active": "y"}
    as_admin.post(f"/admin/users/{user.id}/edit", data=data)
    page = as_admin.get("/admin/audit?entity_type=user").get_data(as_text=True)
    assert "审计管理员" in page and "display_name" in page
    assert "旧名字" in page and "新名字" in page
    assert "127.0.0.1" in page  # the test client's address
    assert f'href="/admin/users/{user.id}/edit">#{user.id}</a>' in page


def test_filters_by_entity_type_id_actor_and_dates(session, as_admin, admin, make):
    other = make.user("office", display_name="办公室")
    # Stored in UTC; the dates asked for are Beijing days (UTC+8): 2013-05-31 23:59 there is 15:59 UTC.
    early = event(session, admin, "work_item", 5, at=datetime(2013, 5, 31, 15, 59))
    mid = event(session, other, "project", 7, at=datetime(2013, 5, 31, 16, 0))
    late = event(session, other, "work_item", 6, at=datetime(2013, 6, 10, 4, 0))
    system = event(session, None, "department", 1, at=datetime(2013, 6, 10, 15, 59, 59))
    mine = {early.id, mid.id, late.id, system.id}

    assert shown_ids(as_admin) & mine == mine
    assert shown_ids(as_admin, "?entity_type=work_item") & mine == {early.id, late.id}
    assert shown_ids(as_admin, "?entity_type=work_item&entity_id=6") & mine == {late.id}
    assert shown_ids(as_admin, f"?actor={other.id}") & mine == {mid.id, late.id}
    assert shown_ids(as_admin, "?date_from=2013-06-01") & mine == {mid.id, late.id, system.id}
    assert shown_ids(as_admin, "?date_to=2013-06-01") & mine == {early.id, mid.id}
    assert shown_ids(as_admin, "?date_from=2013-06-02&date_to=2013-06-10") & mine == {late.id, system.id}


def test_rows_without_an_actor_are_shown_as_the_system(session, as_admin):
    event(session, None, "department", 3)
    assert "系统" in as_admin.get("/admin/audit?entity_type=department").get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?date_from=2023-02-30", "请输入有效日期"),
        ("?date_to=13-06-01", "请输入有效日期"),
        ("?entity_id=１２", "请输入整数"),
        ("?actor=999999", "请从列表中选择"),
        ("?entity_type=%00", "请从列表中选择"),
    ],
)
def test_bad_filters_get_a_message_at_the_field_and_are_not_applied(session, as_admin, query, message):
    row = event(session)
    response = as_admin.get("/admin/audit" + query)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "is-invalid" in page
    assert f'data-audit-id="{row.id}"' in page


def test_pages_of_fifty_newest_first_keeping_the_filters(session, as_admin):
    rows = [event(session, entity_type="indicator", entity_id=n, at=datetime(2013, 6, 1, 8, n)) for n in range(55)]
    newest_first = [r.id for r in reversed(rows)]

    def page(query: str) -> str:
        return as_admin.get("/admin/audit?entity_type=indicator" + query).get_data(as_text=True)

    first = page("")
    assert [int(i) for i in ROW.findall(first)] == newest_first[:50]
    assert "entity_type=indicator" in re.search(r'href="([^"]*page=2[^"]*)"', first).group(1)
    assert [int(i) for i in ROW.findall(page("&page=2"))] == newest_first[50:]
    assert [int(i) for i in ROW.findall(page("&page=99"))] == newest_first[50:]  # past the end: the last page
    assert [int(i) for i in ROW.findall(page("&page=abc"))] == newest_first[:50]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_route_changes_the_audit_log(session, as_admin, method):
    row = event(session)
    assert as_admin.open("/admin/audit", method=method).status_code == 405
    assert as_admin.open(f"/admin/audit/{row.id}", method=method).status_code == 404
    session.refresh(row)
    assert row.new_value == "in_progress"


def test_every_audit_route_only_reads(app):
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert audit_rules, "the audit page is registered"
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)


def test_statement_count_does_not_grow_with_the_log(session, as_admin, admin, make, count_statements):
    def count() -> int:
        session.expire_all()  # the test shares the request's session: measure from an empty cache
        with count_statements() as counter:
            assert as_admin.get("/admin/audit").status_code == 200
        return counter.count

    event(session, admin)
    small = count()
    for n in range(30):
        event(session, make.user("viewer") if n % 5 == 0 else admin, "project", n)
    assert count() == small


def test_fields_of_work_items_and_projects_are_named_in_words(session, as_admin):
    """The features that own an entity name its audited fields (auth cannot import their labels); budget cells too."""
    event(session, entity_type="work_item", field="due_date", old="2013-12-31", new="2014-06-30")
    event(session, entity_type="project", field="2013.approved", old="0", new="100")
    event(session, entity_type="work_item", field="no_such_field")
    page = as_admin.get("/admin/audit").get_data(as_text=True)
    assert "完成期限 <code" in page
    assert "2013 年预算·批复" in page
    assert re.search(r"<td>\s*<code[^>]*>no_such_field</code>", page)  # an unknown field: only its stored name
