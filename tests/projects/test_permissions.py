"""Who may create, edit and budget projects: the rule functions and every route's 403/404."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tracker.core.models import AuditEvent
from tracker.models import Project
from tracker.projects.permissions import can_create_in, can_create_project, can_edit_budget, can_edit_project


def test_rule_functions(world, session, make):
    project = make.project(world.task, world.dept_a)
    expected = {
        "admin": (True, True, True, True),
        "office": (True, True, True, True),
        "lead_a": (True, True, True, True),
        "lead_b": (True, False, False, False),
        "member_a": (False, False, False, False),
        "viewer": (False, False, False, False),
    }
    for name, answers in expected.items():
        user = getattr(world, name)
        got = (
            can_create_project(user),
            can_create_in(user, world.dept_a.id),
            can_edit_project(user, project),
            can_edit_budget(user, project),
        )
        assert got == answers, name
    assert not can_create_in(world.admin, None)
    lonely = make.user("lead")
    lonely.department = None
    session.flush()
    assert not can_create_project(lonely)  # a lead without a department has nowhere to create


WRITE_ROUTES = [
    ("get", "/projects/new"),
    ("post", "/projects/new"),
    ("get", "/projects/{id}/edit"),
    ("post", "/projects/{id}/edit"),
    ("get", "/projects/{id}/budget"),
    ("post", "/projects/{id}/budget"),
]


FORBIDDEN = [
    (who, method, url)
    for who in ("member_a", "viewer", "lead_b")
    for method, url in WRITE_ROUTES
    if not (who == "lead_b" and url == "/projects/new")  # another lead may create, in their own department
]


@pytest.mark.parametrize(("who", "method", "url"), FORBIDDEN)
def test_writes_are_forbidden_to_members_viewers_and_other_departments(
    client_for, world, session, make, who, method, url
):
    project = make.project(world.task, world.dept_a, name="原名称")
    data = {"name": "改名", "department": str(world.dept_a.id), "work_item": str(world.task.id), "version": "1"}
    response = getattr(client_for(getattr(world, who)), method)(url.format(id=project.id), data=data)
    assert response.status_code == 403
    assert "没有权限" in response.get_data(as_text=True)
    session.refresh(project)
    assert project.name == "原名称"
    assert session.scalar(select(func.count(Project.id))) == 1
    assert session.scalar(select(func.count(AuditEvent.id))) == 0


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/projects/{id}"), *[(m, u) for m, u in WRITE_ROUTES if "{id}" in u]],
)
def test_missing_projects_are_404_on_every_id_route(client_for, world, method, url):
    client = client_for(world.admin)
    for missing in (987654, 2**31, 10**12):  # beyond INTEGER too: not found, not a database error
        response = getattr(client, method)(url.format(id=missing))
        assert response.status_code == 404
        assert "页面不存在" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url", ["/projects", "/projects/new", "/projects/{id}", "/projects/{id}/edit", "/projects/{id}/budget"]
)
def test_anonymous_users_are_sent_to_sign_in(client, world, make, url):
    project = make.project(world.task, world.dept_a)
    response = client.get(url.format(id=project.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["admin", "office", "lead_a"])
def test_allowed_users_open_every_write_form(client_for, world, make, who):
    project = make.project(world.task, world.dept_a)
    client = client_for(getattr(world, who))
    for url in ("/projects/new", f"/projects/{project.id}/edit", f"/projects/{project.id}/budget"):
        assert client.get(url).status_code == 200, url
