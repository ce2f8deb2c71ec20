"""Recording a review: each outcome's effect, bad input at the field, permissions, CSRF, conflicts, atomicity."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.review.helpers import review_count
from tests.updates.helpers import form_fields
from tracker.core.models import AuditEvent
from tracker.review import services
from tracker.review.models import Review


def url(subject, kind="work_item") -> str:
    return f"/review/{kind}/{subject.id}/new"


def submit(subject, **values) -> dict[str, str]:
    data = {
        "outcome": "acknowledged",
        "comment": "",
        "follow_up_date": "",
        "new_due_date": "",
        "version": str(subject.version),
    }
    data.update(values)
    return data


def newest_review(session, subject) -> Review:
    return session.scalar(select(Review).where(Review.work_item_id == subject.id).order_by(Review.id.desc()).limit(1))


def test_form_page_shows_the_subject_its_reason_and_history(world, client_for):
    page = client_for(world["office"]).get(url(world["late_a"])).get_data(as_text=True)
    assert "late_a" in page and "审批未完成" in page and "请说明进度" in page
    assert "逾期 106 天" in page and "答复逾期" in page and "/review/requests/" in page
    fields = form_fields(page)
    assert fields["version"].value == str(world["late_a"].version)
    assert {"outcome", "comment", "follow_up_date", "new_due_date"} <= set(fields)


def test_acknowledged_is_a_record_only(world, client_for, session):
    item = world["late_a"]
    before = (item.status, item.due_date, item.version)
    response = client_for(world["office"]).post(url(item) + "?next=/review%3Fawaiting%3D1", data=submit(item))
    assert response.status_code == 302 and response.headers["Location"] == "/review?awaiting=1"
    review = newest_review(session, item)
    assert review.outcome == "acknowledged" and review.reviewer_id == world["office"].id
    assert review.follow_up_date is None and review.new_due_date is None
    assert (item.status, item.due_date, item.version) == before


def test_follow_up_stores_comment_and_date_and_awaits_the_department(world, client_for, session):
    item = world["quiet_a"]
    response = client_for(world["office"]).post(
        url(item), data=submit(item, outcome="follow_up", comment="  请于月底前报送进展  ", follow_up_date="2013-06-30")
    )
    assert response.status_code == 302
    review = newest_review(session, item)
    assert (review.outcome, review.comment, review.follow_up_date) == (
        "follow_up",
        "请于月底前报送进展",
        date(2013, 6, 30),
    )
    assert item.status == "in_progress"


def test_extension_moves_the_due_date_audited_and_bumps_the_version(world, client_for, session):
    item = world["late_a"]
    version = item.version
    response = client_for(world["office"]).post(
        url(item), data=submit(item, outcome="extension", new_due_date="2013-12-31", comment="同意延期至年底")
    )
    assert response.status_code == 302
    session.refresh(item)
    assert item.due_date == date(2013, 12, 31) and item.version == version + 1
    assert newest_review(session, item).new_due_date == date(2013, 12, 31)
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.entity_type == "work_item", AuditEvent.entity_id == item.id)
    )
    assert (event.field, event.old_value, event.new_value, event.actor_id) == (
        "due_date",
        "2013-03-01",
        "2013-12-31",
        world["office"].id,
    )


def test_extension_on_a_project(world, client_for, session):
    project = world["proj_a"]
    response = client_for(world["admin"]).post(
        url(project, "project"), data=submit(project, outcome="extension", new_due_date="2013-09-30")
    )
    assert response.status_code == 302
    session.refresh(project)
    assert project.due_date == date(2013, 9, 30)
    assert session.scalar(select(Review).where(Review.project_id == project.id).order_by(Review.id.desc())).outcome


@pytest.mark.parametrize("outcome", ["escalated", "closed"])
def test_escalated_and_closed_do_not_change_status(world, client_for, session, outcome):
    item = world["late_b"]
    data = submit(item, outcome=outcome, comment="意见", follow_up_date="2013-06-25" if outcome == "escalated" else "")
    response = client_for(world["office"]).post(url(item), data=data)
    assert response.status_code == 302
    session.refresh(item)
    assert newest_review(session, item).outcome == outcome
    assert item.status == "delayed" and item.due_date == date(2013, 5, 15)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"outcome": "extension"}, "new_due_date", "须填写新的完成期限"),
        ({"outcome": "extension", "new_due_date": "2013-06-01"}, "new_due_date", "不能早于今天"),
        ({"outcome": "extension", "new_due_date": "2013-02-30"}, "new_due_date", "有效日期"),
        ({"outcome": "follow_up", "comment": "请说明"}, "follow_up_date", "须填写跟进日期"),
        ({"outcome": "escalated", "comment": "提请督办"}, "follow_up_date", "须填写跟进日期（部门答复的期限）"),
        (
            {"outcome": "follow_up", "comment": "请说明", "follow_up_date": "2013-06-14"},
            "follow_up_date",
            "不能早于今天",
        ),
        ({"outcome": "follow_up", "comment": "请说明", "follow_up_date": "2013-02-30"}, "follow_up_date", "有效日期"),
        ({"outcome": "follow_up", "follow_up_date": "2013-06-20"}, "comment", "写明要求"),
        ({"outcome": "escalated", "comment": "   "}, "comment", "写明要求"),
        ({"comment": "有\x00空字符"}, "comment", "控制字符"),
        ({"comment": "长" * 4001}, "comment", "4000"),
        ({"outcome": ""}, "outcome", "请选择审核结论"),
        ({"outcome": "approve"}, "outcome", "请选择审核结论"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_changes(world, client_for, session, values, field, message):
    item = world["quiet_a"]
    before = (review_count(session), item.due_date, item.version)
    response = client_for(world["office"]).post(url(item), data=submit(item, **values))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    fields = form_fields(page)
    if field == "outcome":
        assert message in page and "is-invalid" in page
    else:
        assert fields[field].invalid and any(message in error for error in fields[field].errors), fields[field]
    assert (review_count(session), item.due_date, item.version) == before
    if "comment" in values and field != "comment":
        assert fields["comment"].value == values["comment"].strip()  # input kept


def test_new_due_date_must_be_after_the_current_one(world, client_for, session):
    item = world["quiet_a"]  # due 2014-12-31
    response = client_for(world["office"]).post(
        url(item), data=submit(item, outcome="extension", new_due_date="2014-06-30")
    )
    fields = form_fields(response.get_data(as_text=True))
    assert "须晚于当前期限 2014-12-31" in fields["new_due_date"].errors[0]
    assert item.due_date == date(2014, 12, 31) and review_count(session, item) == 0


@pytest.mark.parametrize("role", ["lead_a", "member_a", "viewer"])
def test_only_the_office_and_admins_review(world, client_for, session, role):
    client = client_for(world[role])
    item = world["late_a"]
    before = review_count(session)
    assert client.get(url(item)).status_code == 403
    assert client.post(url(item), data=submit(item)).status_code == 403
    assert review_count(session) == before


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(url(world["late_a"]))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "path",
    [
        "/review/work_item/999999/new",
        "/review/project/999999/new",
        "/review/plan/1/new",
        "/review/work_item/99999999999/new",
    ],
)
def test_missing_subject_or_unknown_type_is_404(world, client_for, path):
    assert client_for(world["office"]).get(path).status_code == 404


def test_retired_subject_takes_no_review(world, client_for):
    assert client_for(world["office"]).get(url(world["retired_a"])).status_code == 403


def test_missing_csrf_token_is_refused(world, client_for, session, app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    item = world["late_a"]
    before = review_count(session)
    response = client_for(world["office"]).post(
        url(item), data=submit(item, outcome="extension", new_due_date="2013-12-31")
    )
    assert response.status_code == 400
    assert review_count(session) == before and item.due_date == date(2013, 3, 1)


def test_stale_version_is_a_conflict_and_the_input_is_kept(world, client_for, session):
    item = world["late_a"]
    session.commit()  # keep the fixtures when the view rolls back (the outer test transaction still discards all)
    seen = item.version
    item.progress = 45  # the department reported meanwhile
    session.commit()
    response = client_for(world["office"]).post(
        url(item), data=submit(item, version=str(seen), outcome="extension", new_due_date="2013-12-31", comment="延期")
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-testid="conflict"' in page and "45%" in page
    fields = form_fields(page)
    assert fields["version"].value == str(item.version) and fields["comment"].value == "延期"
    assert item.due_date == date(2013, 3, 1) and review_count(session, item) == 2
    # Submitting again, knowingly, against the stored version goes through.
    response = client_for(world["office"]).post(
        url(item), data=submit(item, outcome="extension", new_due_date="2013-12-31", comment="延期")
    )
    assert response.status_code == 302 and item.due_date == date(2013, 12, 31)


def test_a_failure_after_the_review_is_written_leaves_nothing(world, client_for, session, monkeypatch):
    item = world["late_a"]
    session.commit()
    before = review_count(session, item)

    def audit_fails(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services.audit, "record_changes", audit_fails)
    response = client_for(world["office"]).post(
        url(item), data=submit(item, outcome="extension", new_due_date="2013-12-31")
    )
    assert response.status_code == 500
    session.expire_all()
    assert review_count(session, item) == before
    assert session.get(type(item), item.id).due_date == date(2013, 3, 1)


def test_service_refuses_a_reviewer_without_the_right(world, session):
    from tracker.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_review(
            world["late_a"],
            services.ReviewData("acknowledged", world["late_a"].version),
            world["lead_a"],
            date(2013, 6, 15),
        )
    assert review_count(session, world["late_a"]) == 2
