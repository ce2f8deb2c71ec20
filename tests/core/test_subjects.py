"""The subject type: one loader, the responsible department, a display title and a URL for both kinds."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from tracker.core.subjects import SubjectType, load_subject, model_for, owner_of, subject_url
from tracker.models import Project, WorkItem
from tracker.updates.models import StatusUpdate


@pytest.fixture
def world(make):
    lead, other = make.department(name="市经信委"), make.department(name="市财政局")
    item = make.item(make.plan(), title="建设电子政务外网", lead_department=lead)
    project = make.project(item, other, name="外网二期")
    return item, project, lead, other


def test_the_stored_strings_stay_as_they_were():
    assert [t.value for t in SubjectType] == ["work_item", "project"]
    assert SubjectType.WORK_ITEM == "work_item" and SubjectType.PROJECT.key == "project_id"
    assert SubjectType.parse("project") is SubjectType.PROJECT
    assert SubjectType.parse("item") is None and SubjectType.parse(None) is None


def test_each_model_is_registered_for_its_type():
    assert model_for(SubjectType.WORK_ITEM) is WorkItem and model_for("project") is Project
    assert WorkItem.subject_type is SubjectType.WORK_ITEM and Project.subject_type is SubjectType.PROJECT


def test_the_loader_finds_both_kinds_by_type_and_id(world):
    item, project, _lead, _other = world
    assert load_subject("work_item", item.id) is item
    assert load_subject(SubjectType.PROJECT, project.id) is project


@pytest.mark.parametrize("subject_type", ["item", "indicator", "", "WORK_ITEM"])
def test_the_loader_404s_on_an_unknown_type(world, subject_type):
    with pytest.raises(NotFound):
        load_subject(subject_type, world[0].id)


def test_the_loader_404s_on_a_missing_or_huge_id(world):
    item, project, _lead, _other = world
    with pytest.raises(NotFound):
        load_subject("work_item", project.id + item.id + 1000)
    with pytest.raises(NotFound):
        load_subject("project", 2**40)


def test_department_and_title_of_an_item_and_of_a_project(world, make):
    item, project, lead, other = world
    assert (item.responsible_department, item.responsible_department_id, item.display_title) == (
        lead,
        lead.id,
        "建设电子政务外网",
    )
    assert (project.responsible_department, project.responsible_department_id, project.display_title) == (
        other,
        other.id,
        "外网二期",
    )
    orphan = make.item(item.plan)
    assert orphan.responsible_department is None and orphan.responsible_department_id is None


def test_urls_from_the_object_and_from_type_and_id(app, world):
    item, project, _lead, _other = world
    with app.test_request_context():
        assert item.url == f"/items/{item.id}" == subject_url("work_item", item.id)
        assert project.url == f"/projects/{project.id}" == subject_url(SubjectType.PROJECT, project.id)


def test_owner_of_attaches_a_row_to_either_kind(world):
    item, project, _lead, _other = world
    on_item, on_project = StatusUpdate(**owner_of(item)), StatusUpdate(**owner_of(project))
    assert (on_item.work_item, on_item.project) == (item, None)
    assert (on_project.work_item, on_project.project) == (None, project)


def test_the_kind_label_is_singular_in_english(app):
    with app.test_request_context():
        assert SubjectType.WORK_ITEM.label == "任务" and SubjectType.PROJECT.label == "项目"
    with app.test_request_context(headers={"Cookie": ""}):
        from flask import session

        session["locale"] = "en"
        assert SubjectType.PROJECT.label == "Project"
