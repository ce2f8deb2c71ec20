"""Every admin page: admins only (403 for every other role), sign-in first for anonymous users, 404 for missing ids."""

from __future__ import annotations

import pytest

NON_ADMIN_ROLES = ("office", "lead", "member", "viewer")
MISSING = 987654


def admin_routes(user_id: int | str, department_id: int | str) -> list[tuple[str, str]]:
    """(method, url) for every route of the admin pages (users, audit) and of the department admin pages."""
    return [
        ("GET", "/admin/users"),
        ("GET", "/admin/users/new"),
        ("POST", "/admin/users/new"),
        ("GET", f"/admin/users/{user_id}/edit"),
        ("POST", f"/admin/users/{user_id}/edit"),
        ("POST", f"/admin/users/{user_id}/password"),
        ("POST", f"/admin/users/{user_id}/tokens/revoke"),
        ("GET", "/admin/audit"),
        ("GET", "/admin/departments"),
        ("GET", "/admin/departments/new"),
        ("POST", "/admin/departments/new"),
        ("GET", f"/admin/departments/{department_id}/edit"),
        ("POST", f"/admin/departments/{department_id}/edit"),
    ]


def test_the_table_covers_every_admin_route(app):
    """Adding a route to the admin or org blueprint without an entry above fails here."""
    registered = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in ("admin", "org")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert registered == set(admin_routes("<int:user_id>", "<int:department_id>"))


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_roles_get_403_everywhere_and_change_nothing(client_for, make, session, role):
    target = make.user("viewer", display_name="不变")
    department = make.department(name="不变部门")
    client = client_for(make.user(role))
    for method, url in admin_routes(target.id, department.id):
        data = {"display_name": "被改", "name": "被改", "role": "admin", "new_password": "a new password!!"}
        response = client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == 403, (method, url)
        assert "没有权限" in response.get_data(as_text=True)
    session.refresh(target)
    session.refresh(department)
    assert target.display_name == "不变" and target.role == "viewer" and department.name == "不变部门"


def test_anonymous_users_are_sent_to_sign_in(client, make):
    target, department = make.user("viewer"), make.department()
    for method, url in admin_routes(target.id, department.id):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/login"), (method, url)


def test_missing_ids_are_404_for_admins(client_for, make):
    client = client_for(make.user("admin"))
    for method, url in admin_routes(MISSING, MISSING):
        if str(MISSING) in url:
            assert client.open(url, method=method).status_code == 404, (method, url)


def test_admins_reach_every_page(client_for, make):
    client = client_for(make.user("admin"))
    target, department = make.user("viewer"), make.department()
    for method, url in admin_routes(target.id, department.id):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_only_admins_see_the_admin_menu(client_for, make):
    assert "系统管理" in client_for(make.user("admin")).get("/departments").get_data(as_text=True)
    for role in NON_ADMIN_ROLES:
        assert "系统管理" not in client_for(make.user(role)).get("/departments").get_data(as_text=True)
