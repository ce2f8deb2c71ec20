"""Posting status updates through the pages: who may, what is written, where the poster lands."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.updates.helpers import audit_size, form_fields, journal_size, update_form
from tracker.core.models import AuditEvent
from tracker.updates.models import StatusUpdate


def item_url(item):
    return f"/items/{item.id}/update"


def project_url(project):
    return f"/projects/{project.id}/update"


def test_the_form_page_shows_the_item_and_its_current_state(client_for, lead, item):
    page = client_for(lead).get(item_url(item))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "推进两化深度融合" in html and "杭州市经济和信息化委员会" in html and "2015-12-31" in html
    fields = form_fields(html)
    assert (fields["status"].value, fields["progress"].value, fields["version"].value) == (
        "in_progress",
        "20",
        str(item.version),
    )
    assert 'data-testid="overdue"' not in html
    assert "js/status_update.js" in html


def test_a_lead_posts_an_update_on_their_departments_item(client_for, session, lead, item):
    response = client_for(lead).post(item_url(item), data=update_form(item, progress="45", note="完成需求调研"))
    assert response.status_code == 302 and response.headers["Location"] == f"/items/{item.id}"
    session.expire_all()
    update = session.scalars(select(StatusUpdate).where(StatusUpdate.work_item_id == item.id)).one()
    assert (update.author_id, update.progress_before, update.progress_after, update.note) == (
        lead.id,
        20,
        45,
        "完成需求调研",
    )
    assert (item.status, item.progress, item.version) == ("in_progress", 45, 2)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "work_item", AuditEvent.entity_id == item.id)
    ).all()
    assert [(e.actor_id, e.field, e.old_value, e.new_value) for e in events] == [(lead.id, "progress", "20", "45")]


def test_success_is_announced_on_the_next_page(client_for, lead, item):
    client = client_for(lead)
    client.post(item_url(item), data=update_form(item))
    with client.session_transaction() as flask_session:
        assert ("success", "进展已提交。") in flask_session["_flashes"]


def test_a_member_of_the_lead_department_may_post(client_for, make, session, dept, item):
    response = client_for(make.user("member", dept)).post(item_url(item), data=update_form(item))
    assert response.status_code == 302
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 1


def test_admin_may_post_anywhere(client_for, make, session, item):
    assert client_for(make.user("admin")).post(item_url(item), data=update_form(item)).status_code == 302
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 1


def test_office_posts_only_where_its_own_department_leads(client_for, make, session, plan):
    office_dept = make.department(name="市信息化办公室", kind="office")
    office = client_for(make.user("office", office_dept))
    own = make.item(plan, lead_department=office_dept, due_date=date(2015, 12, 31))
    other = make.item(plan, lead_department=make.department(), due_date=date(2015, 12, 31))
    assert office.get(item_url(other)).status_code == 403
    assert office.post(item_url(other), data=update_form(other)).status_code == 403
    assert office.post(item_url(own), data=update_form(own)).status_code == 302
    assert journal_size(session, StatusUpdate.work_item_id, other.id) == 0
    assert journal_size(session, StatusUpdate.work_item_id, own.id) == 1


@pytest.mark.parametrize("who", ["viewer_same_department", "viewer", "lead_elsewhere", "member_elsewhere"])
def test_others_are_refused_and_nothing_is_written(client_for, make, session, dept, item, who):
    users = {
        "viewer_same_department": lambda: make.user("viewer", dept),
        "viewer": lambda: make.user("viewer"),
        "lead_elsewhere": lambda: make.user("lead"),
        "member_elsewhere": lambda: make.user("member"),
    }
    client = client_for(users[who]())
    assert client.get(item_url(item)).status_code == 403
    assert client.post(item_url(item), data=update_form(item)).status_code == 403
    session.expire_all()
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 0
    assert item.progress == 20


def test_anonymous_visitors_are_sent_to_sign_in(client, item):
    response = client.get(item_url(item))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_missing_items_and_projects_are_404(client_for, lead):
    client = client_for(lead)
    assert client.get("/items/999999/update").status_code == 404
    assert client.post("/items/999999/update", data={"status": "in_progress"}).status_code == 404
    assert client.get("/projects/999999/update").status_code == 404
    assert client.post("/projects/999999/update", data={"status": "in_progress"}).status_code == 404


def test_retired_subjects_take_no_updates(client_for, make, session, lead, item, project):
    item.retired = True
    project.retired = True
    session.flush()
    for client in (client_for(lead), client_for(make.user("admin"))):
        assert client.post(item_url(item), data=update_form(item)).status_code == 403
        assert client.post(project_url(project), data=update_form(project)).status_code == 403
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 0
    assert journal_size(session, StatusUpdate.project_id, project.id) == 0


def test_a_lead_posts_an_update_on_their_departments_project(client_for, session, lead, project):
    page = client_for(lead).get(project_url(project))
    assert page.status_code == 200 and "企业信息化示范工程" in page.get_data(as_text=True)
    response = client_for(lead).post(project_url(project), data=update_form(project, progress="35", note="招标完成"))
    assert response.status_code == 302 and response.headers["Location"] == f"/projects/{project.id}"
    session.expire_all()
    update = session.scalars(select(StatusUpdate).where(StatusUpdate.project_id == project.id)).one()
    assert (update.work_item_id, update.progress_after, update.note) == (None, 35, "招标完成")
    assert project.progress == 35
    assert audit_size(session, "project", project.id) == 1


def test_a_member_of_the_owning_department_may_post_on_a_project(client_for, make, session, dept, project):
    assert (
        client_for(make.user("member", dept)).post(project_url(project), data=update_form(project)).status_code == 302
    )
    assert journal_size(session, StatusUpdate.project_id, project.id) == 1


@pytest.mark.parametrize("role", ["viewer", "lead", "member", "office"])
def test_project_updates_are_refused_outside_the_owning_department(client_for, make, session, project, role):
    client = client_for(make.user(role, make.department()))
    assert client.get(project_url(project)).status_code == 403
    assert client.post(project_url(project), data=update_form(project)).status_code == 403
    assert journal_size(session, StatusUpdate.project_id, project.id) == 0


def test_the_item_department_does_not_grant_its_projects(client_for, make, session, plan, lead):
    """A project belongs to its own department, even when it serves an item the lead's department leads."""
    foreign = make.project(make.item(plan, lead_department=lead.department), make.department())
    assert client_for(lead).post(project_url(foreign), data=update_form(foreign)).status_code == 403


def test_forged_extra_fields_change_nothing_else(client_for, make, session, lead, item):
    other = make.department()
    form = update_form(item, lead_department_id=str(other.id), author_id="1", progress_before="99", title="改名")
    assert client_for(lead).post(item_url(item), data=form).status_code == 302
    session.expire_all()
    update = session.scalars(select(StatusUpdate).where(StatusUpdate.work_item_id == item.id)).one()
    assert (update.author_id, update.progress_before) == (lead.id, 20)
    assert (item.lead_department_id, item.title) == (lead.department_id, "推进两化深度融合")


def test_the_page_statement_count_does_not_grow_with_the_journal(client_for, make, count_statements, lead, item):
    client = client_for(lead)

    def add_updates(n):
        for _ in range(n):
            author = make.user("member", make.department())
            make.session.add(
                StatusUpdate(
                    work_item=item,
                    author=author,
                    status_before="in_progress",
                    status_after="in_progress",
                    progress_before=20,
                    progress_after=20,
                )
            )
        make.session.flush()

    counts = []
    for n in (2, 10):
        add_updates(n)
        make.session.expire_all()
        with count_statements() as counter:
            assert client.get(item_url(item)).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_posted_update_appears_on_the_item_timeline(client_for, lead, item):
    page = client_for(lead).post(
        item_url(item), data=update_form(item, note="数据中心一期上线 🎉"), follow_redirects=True
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "进展已提交。" in html
    timeline = html[html.index('data-testid="timeline"') :]
    assert 'data-kind="update"' in timeline and "数据中心一期上线 🎉" in timeline and "王科长" in timeline


def test_the_posted_update_appears_on_the_project_timeline(client_for, lead, project):
    page = client_for(lead).post(
        project_url(project), data=update_form(project, note="完成招标"), follow_redirects=True
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "进展已提交。" in html
    timeline = html[html.index('data-testid="timeline"') :]
    assert 'data-kind="update"' in timeline and "完成招标" in timeline
