"""GET /api/v1/users, /users/<id> (administrators only) and /me (everyone with a token)."""

from __future__ import annotations

from datetime import datetime


def test_an_admin_lists_users_with_their_department_and_never_a_password(api, make):
    department = make.department(name="市经信委", short_name="经信委")
    admin = make.user("admin")
    make.user("lead", department=department, username="zhang", display_name="张三", email="z@example.gov.cn")
    response = api(admin).get("/api/v1/users?q=zhang")
    assert response.status_code == 200
    [row] = response.json["data"]
    assert row["username"] == "zhang" and row["display_name"] == "张三" and row["role"] == "lead"
    assert row["department"] == {"id": department.id, "name": "市经信委", "short_name": "经信委"}
    assert row["active"] is True and row["locale"] == "zh_Hans_CN" and row["email"] == "z@example.gov.cn"
    assert "password" not in response.get_data(as_text=True)
    assert response.json["meta"]["total"] == 1


def test_the_filters_narrow_the_list(api, make):
    department = make.department()
    admin = make.user("admin")
    member = make.user("member", department=department)
    make.user("member", department=department, active=False)
    make.user("viewer")
    client = api(admin)
    active_members = client.get(f"/api/v1/users?role=member&department={department.id}&active=true")
    assert [row["id"] for row in active_members.json["data"]] == [member.id]
    deactivated = client.get("/api/v1/users?active=false")
    assert [row["active"] for row in deactivated.json["data"]] == [False]


def test_q_matches_part_of_the_display_name_and_treats_percent_as_text(api, make):
    admin = make.user("admin")
    make.user("viewer", display_name="李四")
    make.user("viewer", display_name="王五")
    client = api(admin)
    assert [row["display_name"] for row in client.get("/api/v1/users?q=李").json["data"]] == ["李四"]
    assert client.get("/api/v1/users?q=%25").json["data"] == []


def test_a_bad_filter_is_a_400_naming_it(api, make):
    response = api(make.user("admin")).get("/api/v1/users?role=king&active=maybe")
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"role", "active"}


def test_an_admin_reads_one_user(api, make):
    admin = make.user("admin")
    other = make.user("office", last_login_at=datetime(2013, 6, 15, 2, 30))
    data = api(admin).get(f"/api/v1/users/{other.id}").json["data"]
    assert data["id"] == other.id and data["role"] == "office"
    assert data["last_login_at"] == "2013-06-15T10:30:00+08:00"


def test_everyone_but_an_admin_is_refused(api, make):
    for role in ("office", "lead", "member", "viewer"):
        client = api(make.user(role), scope="read")
        assert client.get("/api/v1/users").status_code == 403
        assert client.get(f"/api/v1/users/{make.user('viewer').id}").status_code == 403


def test_a_missing_user_is_404(api, make):
    assert api(make.user("admin")).get("/api/v1/users/987654").status_code == 404


def test_me_is_the_token_owner_and_the_token(api, make):
    viewer = make.user("viewer", display_name="赵六")
    data = api(viewer, scope="read").get("/api/v1/me").json["data"]
    assert data["user"]["id"] == viewer.id and data["user"]["display_name"] == "赵六"
    assert data["token"]["scope"] == "read" and data["token"]["prefix"].startswith("pt_")


def test_the_user_list_costs_the_same_statements_for_3_and_30_rows(api, make, session, count_statements):
    admin = make.user("admin")
    client = api(admin, scope="read")
    for _ in range(2):
        make.user("lead")
    session.expire_all()
    with count_statements() as small:
        assert len(client.get("/api/v1/users?per_page=100").json["data"]) == 3
    for _ in range(27):
        make.user("lead")
    session.expire_all()
    with count_statements() as large:
        assert len(client.get("/api/v1/users?per_page=100").json["data"]) == 30
    assert small.count == large.count


def test_q_ignores_case(api, make):
    admin = make.user("admin")
    make.user("viewer", username="Wang.Wu")
    assert [row["username"] for row in api(admin).get("/api/v1/users?q=wang").json["data"]] == ["Wang.Wu"]
