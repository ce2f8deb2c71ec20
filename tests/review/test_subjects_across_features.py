"""The subject type as the features above core use it: every timeline source's entries name a partial that exists
and that the one timeline template renders; both kinds answer the same questions on the review and update pages."""

from __future__ import annotations

import pytest
from flask import render_template

from tracker.core import audit, hooks
from tracker.core.clock import today
from tracker.core.subjects import SubjectType
from tracker.review.queue import QueueFilters, queue_entries
from tracker.review.requests import open_requests
from tracker.updates.links import update_url


@pytest.fixture
def with_audit(world):
    office = world["office"]
    for subject in (world["late_a"], world["proj_a"]):
        audit.record_changes(office.id, subject.subject_type, subject.id, {"due_date": ("2013-01-01", "2013-02-01")})
    return world


@pytest.mark.parametrize("name", ["late_a", "proj_a"])
def test_every_entry_names_a_partial_the_one_timeline_template_renders(app, with_audit, name):
    subject = with_audit[name]
    entries = hooks.timeline_for(subject.subject_type, subject.id)
    assert {e.kind for e in entries} == {"update", "review", "audit"}
    with app.test_request_context():
        for entry in entries:
            app.jinja_env.get_template(entry.template)  # raises if it does not exist
        html = render_template(
            "_timeline.html",
            timeline=entries,
            empty="-",
            field_label=str,
            action_label=audit.action_label,
        )
    assert [kind for kind in ("update", "review", "audit") if f'data-kind="{kind}"' in html] == [
        "update",
        "review",
        "audit",
    ]
    assert html.count('class="timeline-entry') == len(entries)


def test_an_empty_timeline_says_so(app):
    with app.test_request_context():
        assert "尚无记录" in render_template("_timeline.html", timeline=[], empty="尚无记录")


def test_an_unknown_subject_type_has_no_timeline(world):
    assert hooks.timeline_for("indicator", world["late_a"].id) == []


def test_audit_names_are_stored_as_the_same_strings(session, world):
    event = audit.record(None, world["proj_a"].subject_type, world["proj_a"].id, audit.AuditAction.RETIRE, "retired")
    session.flush()
    assert (event.entity_type, event.action) == ("project", "retire")
    assert type(event.entity_type) is str and type(event.action) is str
    assert [a.value for a in audit.AuditAction] == [
        "create",
        "update",
        "move",
        "retire",
        "restore",
        "report",
        "login_failed",
        "login_throttled",
    ]
    assert audit.AuditEntity.WORK_ITEM == SubjectType.WORK_ITEM and audit.AuditEntity.PROJECT == SubjectType.PROJECT
    assert audit.action_label(audit.AuditAction.MOVE) == "移动" and audit.action_label("other") == "other"


def test_open_requests_and_queue_rows_answer_by_subject(app, world):
    with app.test_request_context():
        requests = open_requests(world["plan"].id, world["a"].id, today())
        by_type = {r.subject_type: r for r in requests}
        assert set(by_type) == {SubjectType.WORK_ITEM, SubjectType.PROJECT}
        assert by_type[SubjectType.PROJECT].department_id == world["a"].id == by_type["work_item"].department_id
        entries = queue_entries(world["plan"].id, QueueFilters(), today(), 30)
        urls = {(e.subject_type, e.subject_id): e.url for e in entries}
        assert urls[("project", world["proj_a"].id)] == f"/projects/{world['proj_a'].id}"
        assert urls[("work_item", world["late_a"].id)] == f"/items/{world['late_a'].id}"
        assert update_url(world["late_a"]) == f"/items/{world['late_a'].id}/update"
        assert update_url(world["proj_a"]) == f"/projects/{world['proj_a'].id}/update"


@pytest.mark.parametrize(
    "path", ["/review/item/{id}/new", "/review/work_item/999999/new", "/review/project/999999/new"]
)
def test_the_review_page_404s_on_an_unknown_type_or_id(client_for, world, path):
    response = client_for(world["office"]).get(path.format(id=world["late_a"].id))
    assert response.status_code == 404
