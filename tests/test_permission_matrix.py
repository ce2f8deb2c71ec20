"""The whole role × route table (issue 3): every route of the app, every role, the answer each one gets.

A route added without a row here, or a row left behind when a route goes, fails
`test_the_table_and_the_url_map_agree`. Each (route, role) pair runs in its own rolled-back
transaction against the same small world: department A leads the item and owns the project,
department B is "another department", the office user sits in the office's own department.

API routes (api.*) are called with a token of the role's user (read-write; the viewer's read-only, the only kind
a viewer can have) and anonymously without one, which is 401, never the sign-in page; a POST sends `data` as its
JSON body.

GET pages must answer exactly. POST actions are sent with an empty form (or a minimal valid one
where that is cheap): a role that may act gets anything but 403/404/the sign-in page (typically
the form again with messages at its fields, or a redirect after acting); a role that may not gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from flask import url_for

from tracker.exports.models import ImportBatch
from tracker.indicators.models import Indicator
from tracker.org.models import DepartmentKind

ANON, ADMIN, OFFICE = "anonymous", "admin", "office"
LEAD, LEAD_OTHER = "lead_own_department", "lead_other_department"
MEMBER, MEMBER_OTHER = "member_own_department", "member_other_department"
VIEWER = "viewer"
SIGNED_IN = (ADMIN, OFFICE, LEAD, LEAD_OTHER, MEMBER, MEMBER_OTHER, VIEWER)
ROLES = (ANON, *SIGNED_IN)

LOGIN = "sign-in page"  # 302 to /login?next=…
ALLOWED = "allowed"  # a POST the role may make: anything but 403, 404, 405, a 5xx or the sign-in page
MISSING_ID = 987654


@dataclass(frozen=True)
class Redirect:
    location: str


@dataclass(frozen=True)
class WorldId:
    """A form value that is one of the world fixture's ids (a token's id posted in a form), filled in per call."""

    name: str


@dataclass(frozen=True)
class Row:
    expect: dict[str, object]
    data: dict[str, str] = field(default_factory=dict)

    def __or__(self, changes: dict[str, object]) -> Row:
        """The same row with some roles' answers changed."""
        return Row({**self.expect, **changes}, self.data)


def only(*roles: str, yes: object = 200, no: object = 403, anonymous: object = LOGIN, data=None) -> Row:
    """`roles` get `yes`, every other signed-in role `no`, anonymous users `anonymous`."""
    expect = {ANON: anonymous, **{role: yes if role in roles else no for role in SIGNED_IN}}
    return Row(expect, data or {})


def everyone(answer: object, anonymous: object = LOGIN, data=None) -> Row:
    return only(*SIGNED_IN, yes=answer, anonymous=anonymous, data=data)


READ = everyone(200)
ADMIN_PAGE = only(ADMIN)
ADMIN_ACTION = only(ADMIN, yes=ALLOWED)
STRUCTURE_PAGE = only(ADMIN, OFFICE)
STRUCTURE_ACTION = only(ADMIN, OFFICE, yes=ALLOWED)
# The item and the project belong to department A: its lead and members report on them; the office user's
# department is not A, so the office does not (it reports only where its own department is responsible).
POST_UPDATE_PAGE = only(ADMIN, LEAD, MEMBER)
POST_UPDATE = only(ADMIN, LEAD, MEMBER, yes=ALLOWED)
# A project of department A (and its budget) is edited by the office, admins and A's lead.
PROJECT_PAGE = only(ADMIN, OFFICE, LEAD)
PROJECT_ACTION = only(ADMIN, OFFICE, LEAD, yes=ALLOWED)
IMPORTERS = (ADMIN, OFFICE, LEAD, LEAD_OTHER, MEMBER, MEMBER_OTHER)
# The API: everyone signed in reads what the pages show them; without a token, 401.
API_READ = everyone(200, anonymous=401)
LANDINGS = {role: Redirect("/my") for role in (LEAD, LEAD_OTHER, MEMBER, MEMBER_OTHER)} | {OFFICE: Redirect("/review")}

TABLE: dict[tuple[str, str], Row] = {
    # Load-balancer probes: open to everyone, signed in or not (the process is alive; the database answers).
    ("health.healthz", "GET"): everyone(200, anonymous=200),
    ("health.readyz", "GET"): everyone(200, anonymous=200),
    # Accounts: signing in and out, the own account, the language switch (signed out too).
    # A signed-in person is sent to where they start: leads and members their own work, the office its queue.
    ("auth.login", "GET"): everyone(Redirect("/"), anonymous=200) | LANDINGS,
    ("auth.login", "POST"): everyone(Redirect("/"), anonymous=200) | LANDINGS,
    ("auth.logout", "POST"): everyone(Redirect("/login")),
    ("auth.account", "GET"): READ,
    ("auth.change_password", "POST"): everyone(200),  # an empty form: the account page with field errors
    ("auth.set_language", "POST"): everyone(Redirect("/"), anonymous=Redirect("/"), data={"language": "en"}),
    ("auth.set_mail_preference", "POST"): everyone(200),  # an empty form: the account page with a field error
    ("auth.create_token", "POST"): everyone(200),  # an empty form: the account page with field errors
    # A token (here the own-department lead's) is its owner's alone: others are told there is none.
    ("auth.revoke_token", "POST"): only(LEAD, yes=ALLOWED, no=404, data={"token_id": WorldId("token_id")}),
    # The inbox: everyone signed in has one; a notification (here the own-department lead's) is its person's
    # alone: for anyone else it does not exist.
    ("notifications.index", "GET"): READ,
    ("notifications.open_notification", "POST"): only(LEAD, yes=ALLOWED, no=404),
    ("notifications.mark_read", "POST"): only(LEAD, yes=ALLOWED, no=404),
    ("notifications.mark_all_read", "POST"): everyone(Redirect("/inbox")),
    # The site icon, asked for at the root by browsers on every page (the sign-in page too).
    ("favicon", "GET"): everyone(200, anonymous=200),
    # Administration: users, audit log, departments.
    ("admin.users", "GET"): ADMIN_PAGE,
    ("admin.new_user", "GET"): ADMIN_PAGE,
    ("admin.new_user", "POST"): ADMIN_ACTION,
    ("admin.edit_user", "GET"): ADMIN_PAGE,
    ("admin.edit_user", "POST"): ADMIN_ACTION,
    ("admin.reset_password", "POST"): ADMIN_ACTION,
    ("admin.revoke_token", "POST"): only(ADMIN, yes=ALLOWED, data={"token_id": WorldId("target_token_id")}),
    ("admin.audit", "GET"): ADMIN_PAGE,
    ("org.admin_departments", "GET"): ADMIN_PAGE,
    ("org.new_department", "GET"): ADMIN_PAGE,
    ("org.new_department", "POST"): ADMIN_ACTION,
    ("org.edit_department", "GET"): ADMIN_PAGE,
    ("org.edit_department", "POST"): ADMIN_ACTION,
    # Department pages: read by everyone.
    ("dashboard.departments", "GET"): READ,
    ("dashboard.department", "GET"): READ,
    # The plan: everyone reads; the office shapes it; a lead edits (the owner of) items their department leads.
    ("plan.tree", "GET"): READ,
    ("plan.plans", "GET"): READ,  # every plan side by side, and a link that shows one
    ("plan.item", "GET"): READ,
    ("plan.children", "GET"): READ,  # the rows an opened tree row adds (an HTML fragment)
    ("plan_document.page", "GET"): READ,  # the plan as its document reads
    ("plan.edit_item", "GET"): only(ADMIN, OFFICE, LEAD),
    ("plan.edit_item", "POST"): only(ADMIN, OFFICE, LEAD, yes=ALLOWED),
    ("plan.new_child", "GET"): STRUCTURE_PAGE,
    ("plan.new_child", "POST"): STRUCTURE_ACTION,
    ("plan.move_item", "GET"): STRUCTURE_PAGE,
    ("plan.move_item", "POST"): STRUCTURE_ACTION,
    ("plan.retire_item", "POST"): STRUCTURE_ACTION,
    ("plan.restore_item", "POST"): STRUCTURE_ACTION,
    # Confirming the office's default departments: the office decides the division of work, so a lead may not
    # confirm even the items their department leads.
    ("plan.confirm_assignment", "POST"): STRUCTURE_ACTION,
    ("plan.confirm_subtree_assignments", "POST"): STRUCTURE_ACTION,
    ("plan.confirm_filtered_assignments", "POST"): STRUCTURE_ACTION,  # the tree's filtered rows
    # Projects: everyone reads; any lead creates (for their own department); A's lead edits A's projects.
    ("projects.index", "GET"): READ,
    ("projects.detail", "GET"): READ,
    ("projects.new", "GET"): only(ADMIN, OFFICE, LEAD, LEAD_OTHER),
    ("projects.new", "POST"): only(ADMIN, OFFICE, LEAD, LEAD_OTHER, yes=ALLOWED),
    ("projects.edit", "GET"): PROJECT_PAGE,
    ("projects.edit", "POST"): PROJECT_ACTION,
    ("projects.budget", "GET"): PROJECT_PAGE,
    ("projects.budget", "POST"): PROJECT_ACTION,
    # Evidence files: uploaded to a project by those who report on it, downloaded by everyone who reads it.
    ("projects.upload_files", "POST"): POST_UPDATE,
    ("attachments.download", "GET"): READ,
    # Status updates: the responsible department's lead and members, and admins.
    ("updates.item_update", "GET"): POST_UPDATE_PAGE,
    ("updates.item_update", "POST"): POST_UPDATE,
    ("updates.project_update", "GET"): POST_UPDATE_PAGE,
    ("updates.project_update", "POST"): POST_UPDATE,
    # Sign-off of a member's draft: only a lead of the author's department (A) who may report on the item.
    ("updates.approve_update", "POST"): only(LEAD, yes=ALLOWED),
    ("updates.return_update", "GET"): only(LEAD),
    ("updates.return_update", "POST"): only(LEAD, yes=ALLOWED),
    # The overview and the indicator register: everyone reads; the office keeps the register, and the
    # responsible department (A) records its indicator's yearly values.
    ("dashboard.index", "GET"): READ,
    ("dashboard.my_work", "GET"): READ,  # 我的工作: each person's own
    ("indicators.index", "GET"): READ,
    ("indicators.detail", "GET"): READ,
    ("indicators.add_value", "POST"): only(ADMIN, OFFICE, LEAD, MEMBER, yes=ALLOWED),
    ("indicators.confirm_assignment", "POST"): only(ADMIN, OFFICE, yes=ALLOWED),  # not A's lead (responsible)
    # Reviews: the office reviews; managers (viewers) read the queue; every department sees what was asked of
    # it; leads see their department's row of the compliance table, members do not.
    ("review.queue", "GET"): READ,
    ("review.new_review", "GET"): only(ADMIN, OFFICE),
    ("review.new_review", "POST"): only(ADMIN, OFFICE, yes=ALLOWED),
    ("review.requests", "GET"): READ,
    # A request's page: everyone reads it; A's lead and members answer (A is responsible for the item); the
    # office and admins accept the answer or ask again. An empty post is the page again with messages.
    ("review.request_page", "GET"): READ,
    ("review.answer", "POST"): only(LEAD, MEMBER, yes=ALLOWED),
    ("review.accept", "POST"): only(ADMIN, OFFICE, yes=ALLOWED),
    ("review.ask_again_view", "POST"): only(ADMIN, OFFICE, yes=ALLOWED),
    ("review.compliance", "GET"): READ,
    # The office and admins remind the departments with missing reports (an empty post: back to the page).
    ("review.remind_departments", "POST"): STRUCTURE_ACTION,
    # Excel: everyone exports what they read. Importing posts status updates, so viewers may not; an import
    # batch (here the own-department lead's) is private to its uploader: for anyone else it does not exist.
    ("exports.tree_xlsx", "GET"): READ,
    ("exports.workbook", "GET"): READ,
    ("exports.import_upload", "GET"): only(*IMPORTERS),
    ("exports.import_upload", "POST"): only(*IMPORTERS, yes=ALLOWED),
    ("exports.import_preview", "GET"): only(LEAD, no=404) | {VIEWER: 403},
    ("exports.import_confirm", "POST"): only(LEAD, yes=ALLOWED, no=404) | {VIEWER: 403},
    ("exports.import_discard", "POST"): only(LEAD, yes=ALLOWED, no=404) | {VIEWER: 403},
    # Importing a plan document: the office and admins, who shape plans (an empty post is the form again).
    ("plan_import.upload", "GET"): STRUCTURE_PAGE,
    ("plan_import.preview", "POST"): STRUCTURE_ACTION,
    ("plan_import.confirm", "POST"): STRUCTURE_ACTION,
    # The implementation report: everyone signed in reads every report (one rule, tracker.reports.permissions).
    ("reports.index", "GET"): READ,
    ("reports.download", "GET"): READ,
    # The API's readable page, and its OpenAPI document (no token needed: it describes the API, not anyone's data).
    ("api_docs.page", "GET"): READ,
    ("api.openapi_document", "GET"): everyone(200, anonymous=200),
    # API: plans and departments, read by everyone with a token.
    ("api.list_plans", "GET"): API_READ,
    ("api.get_plan", "GET"): API_READ,
    ("api.list_departments", "GET"): API_READ,
    ("api.get_department", "GET"): API_READ,
    # API: work items.
    ("api.list_items", "GET"): API_READ,
    ("api.get_item", "GET"): API_READ,
    # API: projects, budget lines and status updates.
    ("api.list_projects", "GET"): API_READ,
    ("api.get_project", "GET"): API_READ,
    ("api.project_budget", "GET"): API_READ,
    # One year's budget line: those who edit the project's budget on its page (the office, admins, A's lead).
    ("api.save_project_budget_year", "PUT"): only(
        ADMIN,
        OFFICE,
        LEAD,
        yes=ALLOWED,
        anonymous=401,
        data={"approved": "1", "allocated": "0", "spent": "0", "version": 1},
    ),
    ("api.list_item_updates", "GET"): API_READ,
    ("api.list_project_updates", "GET"): API_READ,
    # Reporting through the API: those who report on the page (department A's lead and member, admins); a report
    # on the world's unreported item and project (version 1).
    ("api.post_item_update", "POST"): only(
        ADMIN, LEAD, MEMBER, yes=ALLOWED, anonymous=401, data={"status": "in_progress", "progress": 10, "version": 1}
    ),
    ("api.post_project_update", "POST"): only(
        ADMIN, LEAD, MEMBER, yes=ALLOWED, anonymous=401, data={"status": "in_progress", "progress": 10, "version": 1}
    ),
    # API: reviews, requests, answers and indicators.
    ("api.list_item_reviews", "GET"): API_READ,
    ("api.list_project_reviews", "GET"): API_READ,
    ("api.create_item_review", "POST"): only(
        ADMIN, OFFICE, yes=ALLOWED, anonymous=401, data={"outcome": "acknowledged", "version": 1}
    ),
    ("api.create_project_review", "POST"): only(
        ADMIN, OFFICE, yes=ALLOWED, anonymous=401, data={"outcome": "acknowledged", "version": 1}
    ),
    ("api.review_queue", "GET"): API_READ,
    ("api.list_requests", "GET"): API_READ,
    ("api.get_request", "GET"): API_READ,
    ("api.answer_request", "POST"): only(LEAD, MEMBER, yes=ALLOWED, anonymous=401, data={"text": "已按要求完成。"}),
    ("api.accept_request", "POST"): only(ADMIN, OFFICE, yes=ALLOWED, anonymous=401, data={}),
    ("api.ask_again_request", "POST"): only(
        ADMIN, OFFICE, yes=ALLOWED, anonymous=401, data={"text": "请补充材料。", "due_date": "2013-07-01"}
    ),
    ("api.list_indicators", "GET"): API_READ,
    ("api.get_indicator", "GET"): API_READ,
    ("api.add_indicator_value", "POST"): only(
        ADMIN, OFFICE, LEAD, MEMBER, yes=ALLOWED, anonymous=401, data={"year": 2012, "value": "50", "source": "统计"}
    ),
    # API: users (administrators) and the token owner's notifications.
    ("api.list_users", "GET"): only(ADMIN, anonymous=401),
    ("api.get_user", "GET"): only(ADMIN, anonymous=401),
    ("api.get_me", "GET"): API_READ,
    ("api.list_notifications", "GET"): API_READ,
    # The notification is the own-department lead's: for anyone else it does not exist; a viewer's token is
    # read-only, so the gate refuses the viewer's write first.
    ("api.mark_notification_read", "POST"): only(LEAD, no=404, anonymous=401) | {VIEWER: 403},
    ("api.mark_all_notifications_read", "POST"): everyone(200, anonymous=401) | {VIEWER: 403},
    # Yearly milestones of a work item: set by those who edit the item (the office, admins, A's lead).
    ("plan.item_milestones", "GET"): only(ADMIN, OFFICE, LEAD),
    ("plan.item_milestones", "POST"): only(ADMIN, OFFICE, LEAD, yes=ALLOWED),
    # Yearly targets of indicators: entered by the office (and admins) only; the
    # indicator's own department records its values but does not phase the plan's target.
    ("indicators.edit_targets", "GET"): STRUCTURE_PAGE,
    ("indicators.edit_targets", "POST"): STRUCTURE_ACTION,
    # The timeline (Gantt): read by everyone.
    ("gantt.timeline", "GET"): READ,
}


def _routes(app) -> dict[tuple[str, str], object]:
    return {
        (rule.endpoint, method): rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_the_table_and_the_url_map_agree(app):
    routes = _routes(app)
    assert sorted(set(routes) - set(TABLE)) == [], "routes without a row in the permission table"
    assert sorted(set(TABLE) - set(routes)) == [], "rows in the permission table without a route"
    for key, row in TABLE.items():
        assert set(row.expect) == set(ROLES), key


@dataclass
class World:
    users: dict[str, object]
    ids: dict[str, int | str]


@pytest.fixture
def world(make, session) -> World:
    dept_a = make.department(name="市经信委")
    dept_b = make.department(name="市发改委")
    office_dept = make.department(name="市信息化办公室", kind=DepartmentKind.OFFICE.value)
    users = {
        ADMIN: make.user("admin"),
        OFFICE: make.user("office", department=office_dept),
        LEAD: make.user("lead", department=dept_a),
        LEAD_OTHER: make.user("lead", department=dept_b),
        MEMBER: make.user("member", department=dept_a),
        MEMBER_OTHER: make.user("member", department=dept_b),
        VIEWER: make.user("viewer"),
    }
    plan = make.plan()
    section = make.item(plan, kind="section", title="主要任务")
    item = make.item(plan, parent=section, title="推进电子政务", lead_department=dept_a)
    project = make.project(item, dept_a, name="政务云平台")
    indicator = Indicator(
        plan=plan, code="I-1", name="政务服务事项网上办理率", unit="%", target_year=2015, target_value=Decimal(90)
    )
    indicator.responsible_department = dept_a
    session.add(indicator)
    target = make.user("viewer", display_name="被管理的用户")
    request = make.review(item, users[OFFICE], "follow_up", comment="请说明进度")
    batch = ImportBatch(user=users[LEAD], plan=plan, filename="进展.xlsx")
    attachment = make.attachment(project, users[LEAD])
    session.add(batch)
    draft = make.status_update(item, users[MEMBER], sign_off="pending")
    notification = make.notification(users[LEAD], title="推进电子政务", link=f"/items/{item.id}")
    token = make.api_token(users[LEAD])
    target_token = make.api_token(target, scope="read")
    session.flush()
    session.commit()  # keep the world when a view rolls back (the test's outer transaction still discards all)
    return World(
        users=users,
        ids={
            "plan_id": plan.id,
            "item_id": item.id,
            "project_id": project.id,
            "department_id": dept_a.id,
            "user_id": target.id,
            "indicator_id": indicator.id,
            "subject_type": "work_item",
            "subject_id": item.id,
            "batch_id": batch.id,
            "review_id": request.id,
            "attachment_id": attachment.id,
            "update_id": draft.id,
            "notification_id": notification.id,
            "token_id": token.id,
            "target_token_id": target_token.id,
            "file_type": "pdf",
            "year": 2012,
        },
    )


def _url(app, endpoint: str, ids: dict[str, int | str]) -> str:
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    unknown = rule.arguments - set(ids)
    assert not unknown, f"{endpoint}: no object for {sorted(unknown)}; add one to the world fixture"
    with app.test_request_context():
        return url_for(endpoint, **{name: ids[name] for name in rule.arguments})


def _check(response, expected: object, where: str) -> None:
    status, location = response.status_code, response.headers.get("Location", "")
    to_login = status == 302 and location.startswith("/login?next=")
    if expected == LOGIN:
        assert to_login, f"{where}: expected the sign-in page, got {status} {location}"
    elif expected == ALLOWED:
        assert status < 500 and status not in (401, 403, 404, 405) and not to_login, f"{where}: got {status} {location}"
    elif isinstance(expected, Redirect):
        assert (status, location) == (302, expected.location), where
    else:
        assert status == expected, f"{where}: expected {expected}, got {status} {location}"


CASES = [(endpoint, method, role) for (endpoint, method) in TABLE for role in ROLES]


def _call(app, client, client_for, make, world, role, endpoint, method, url, data):
    """The request as the role would make it: a page with the signed-in cookie, an API route with a token."""
    data = {name: world.ids[value.name] if isinstance(value, WorldId) else value for name, value in data.items()}
    if not endpoint.startswith("api."):
        browser = client if role == ANON else client_for(world.users[role])
        return browser.open(url, method=method, data=data if method == "POST" else None)
    headers = {}
    if role != ANON:
        user = world.users[role]
        token = make.api_token(user, scope="read" if user.role == "viewer" else "write")
        headers["Authorization"] = f"Bearer {token.secret}"
    body = data if method in ("POST", "PUT", "PATCH") else None
    return app.test_client().open(url, method=method, json=body, headers=headers)


@pytest.mark.parametrize(("endpoint", "method", "role"), CASES, ids=["-".join(case) for case in CASES])
def test_role_route(app, client, client_for, make, world, endpoint, method, role):
    row = TABLE[(endpoint, method)]
    url = _url(app, endpoint, world.ids)
    response = _call(app, client, client_for, make, world, role, endpoint, method, url, row.data)
    _check(response, row.expect[role], f"{role} {method} {url}")


def test_every_id_taking_route_answers_404_for_a_missing_id(app, client, client_for, make, world):
    missing = {name: MISSING_ID if name.endswith("_id") else value for name, value in world.ids.items()}
    checked = 0
    for (endpoint, method), row in TABLE.items():
        rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
        if not any(name.endswith("_id") for name in rule.arguments):
            continue  # no id to miss (the report's file type, say)
        url = _url(app, endpoint, missing)
        response = _call(app, client, client_for, make, world, ADMIN, endpoint, method, url, row.data)
        assert response.status_code == 404, f"{method} {url}: {response.status_code}"
        checked += 1
    assert checked >= 20
