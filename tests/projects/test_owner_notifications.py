"""Owner assigned (issue 10): the new owner of an item or a project is told, linked to it; not the person who
assigned themselves, not when the owner stays or is removed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.notifications.models import Notification
from tracker.plan.structure import ItemDetails, edit_item
from tracker.projects.services import ProjectData, create_project, update_project


@pytest.fixture(autouse=True)
def in_a_request(app):
    """The services run inside a request (their links come from url_for)."""
    with app.test_request_context():
        yield


def told(session, user) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_an_items_new_owner_is_told(make, session):
    dept = make.department()
    office, member = make.user("office"), make.user("member", dept)
    item = make.item(make.plan(), lead_department=dept, outline_no="1.", title="建设政务云")
    session.flush()
    edit_item(item, ItemDetails(owner_id=member.id), item.version, office)
    (notice,) = told(session, member)
    assert (notice.kind, notice.title, notice.link) == ("owner_assigned", "1. 建设政务云", f"/items/{item.id}")
    assert notice.work_item_id == item.id


def test_no_notice_when_the_owner_stays_or_goes_or_assigns_themselves(make, session):
    dept = make.department()
    lead, member = make.user("lead", dept), make.user("member", dept)
    item = make.item(make.plan(), lead_department=dept, owner=member)
    session.flush()
    office = make.user("office")
    edit_item(item, ItemDetails(owner_id=member.id, title="新标题"), item.version, office)  # the owner stays
    edit_item(item, ItemDetails(owner_id=None), item.version, lead)  # removed
    edit_item(item, ItemDetails(owner_id=lead.id), item.version, lead)  # the lead takes it on
    assert told(session, member) == [] and told(session, lead) == []
    assert item.owner_id == lead.id


def _project_data(item, dept, owner, **kw) -> ProjectData:
    return ProjectData(
        department_id=dept.id, owner_id=owner.id if owner else None, work_item_id=item.id, name="甲项目", **kw
    )


def test_a_projects_owner_is_told_on_create_and_on_change(make, session):
    dept = make.department()
    lead, first, second = make.user("lead", dept), make.user("member", dept), make.user("member", dept)
    item = make.item(make.plan(), lead_department=dept)
    session.flush()
    project = create_project(_project_data(item, dept, first, plan_id=item.plan_id), lead)
    (notice,) = told(session, first)
    assert (notice.kind, notice.title, notice.link, notice.project_id) == (
        "owner_assigned",
        "甲项目",
        f"/projects/{project.id}",
        project.id,
    )
    update_project(project, _project_data(item, dept, second), project.version, lead)
    assert [n.kind for n in told(session, second)] == ["owner_assigned"]
    update_project(project, _project_data(item, dept, second, description="说明"), project.version, lead)
    assert len(told(session, second)) == 1 and len(told(session, first)) == 1


def test_a_lead_creating_a_project_for_themselves_is_not_told(make, session):
    dept = make.department()
    lead = make.user("lead", dept)
    item = make.item(make.plan(), lead_department=dept)
    session.flush()
    create_project(_project_data(item, dept, lead, plan_id=item.plan_id), lead)
    assert told(session, lead) == []
