from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tracker.core.errors import ConflictError, ValidationError
from tracker.core.models import AuditEvent
from tracker.updates.models import StatusUpdate
from tracker.updates.services import UpdateData, post_status_update


@pytest.fixture
def item(make):
    plan = make.plan()
    return make.item(plan, due_date=date(2015, 12, 31), start_date=date(2011, 1, 1))


def test_posting_records_before_after_and_audits(make, item, session):
    author = make.user("lead")
    update = post_status_update(
        item, UpdateData(status="in_progress", progress=40, version=item.version, note="完成需求调研 ✅"), author, TODAY
    )
    assert (update.status_before, update.status_after) == ("not_started", "in_progress")
    assert (update.progress_before, update.progress_after) == (0, 40)
    assert update.note == "完成需求调研 ✅"
    assert item.status == "in_progress" and item.progress == 40
    assert item.last_update_at == update.created_at
    assert item.version == 2
    fields = {
        e.field: (e.old_value, e.new_value)
        for e in session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "work_item", AuditEvent.entity_id == item.id)
        )
    }
    assert fields == {"status": ("not_started", "in_progress"), "progress": ("0", "40")}


def test_stale_version_is_refused_and_nothing_is_written(make, item, session):
    author = make.user("lead")
    seen = item.version
    post_status_update(item, UpdateData(status="in_progress", progress=10, version=seen), author, TODAY)
    with pytest.raises(ConflictError) as error:
        post_status_update(item, UpdateData(status="in_progress", progress=20, version=seen), author, TODAY)
    assert "其他人已更新" in error.value.message
    assert item.progress == 10
    assert len(session.scalars(select(StatusUpdate)).all()) == 1


@pytest.mark.parametrize(
    ("status", "progress", "field"),
    [
        ("done", 10, "status"),
        ("in_progress", 101, "progress"),
        ("in_progress", -1, "progress"),
        ("completed", 90, "progress"),
        ("not_started", 5, "progress"),
    ],
)
def test_invalid_status_changes_are_refused(make, item, status, progress, field):
    with pytest.raises(ValidationError) as error:
        post_status_update(
            item, UpdateData(status=status, progress=progress, version=item.version), make.user("lead"), TODAY
        )
    assert error.value.field == field
    assert item.status == "not_started"


def test_lower_progress_needs_a_note(make, item):
    author = make.user("lead")
    post_status_update(item, UpdateData(status="in_progress", progress=50, version=item.version), author, TODAY)
    with pytest.raises(ValidationError) as error:
        post_status_update(item, UpdateData(status="in_progress", progress=30, version=item.version), author, TODAY)
    assert error.value.field == "note"
    post_status_update(
        item, UpdateData(status="in_progress", progress=30, version=item.version, note="范围调整"), author, TODAY
    )
    assert item.progress == 30


def test_late_work_needs_reason_remedy_and_expected_date(make):
    plan = make.plan()
    overdue = make.item(plan, due_date=date(2013, 1, 31), status="in_progress", progress=20)
    author = make.user("lead")
    base = {"status": "in_progress", "progress": 30, "version": overdue.version}
    with pytest.raises(ValidationError) as error:
        post_status_update(overdue, UpdateData(**base), author, TODAY)
    assert error.value.field == "delay_reason"
    with pytest.raises(ValidationError) as error:
        post_status_update(overdue, UpdateData(**base, delay_reason="资金未到位"), author, TODAY)
    assert error.value.field == "remedy"
    with pytest.raises(ValidationError) as error:
        post_status_update(overdue, UpdateData(**base, delay_reason="资金未到位", remedy="申请追加"), author, TODAY)
    assert error.value.field == "expected_completion"
    with pytest.raises(ValidationError):
        post_status_update(
            overdue,
            UpdateData(**base, delay_reason="资金未到位", remedy="申请追加", expected_completion=date(2013, 1, 1)),
            author,
            TODAY,
        )
    update = post_status_update(
        overdue,
        UpdateData(**base, delay_reason="资金未到位", remedy="申请追加", expected_completion=date(2013, 9, 30)),
        author,
        TODAY,
    )
    assert update.delay_reason == "资金未到位" and update.expected_completion == date(2013, 9, 30)


def test_at_risk_status_needs_explanation_even_when_not_overdue(make, item):
    with pytest.raises(ValidationError) as error:
        post_status_update(
            item, UpdateData(status="at_risk", progress=10, version=item.version), make.user("lead"), TODAY
        )
    assert error.value.field == "delay_reason"


def test_completing_an_overdue_item_needs_no_delay_reason(make):
    plan = make.plan()
    overdue = make.item(plan, due_date=date(2013, 1, 31), status="in_progress", progress=90)
    post_status_update(
        overdue, UpdateData(status="completed", progress=100, version=overdue.version), make.user("lead"), TODAY
    )
    assert overdue.status == "completed"


def test_project_updates_use_the_same_rules(make):
    plan = make.plan()
    dept = make.department()
    project = make.project(make.item(plan), dept)
    update = post_status_update(
        project, UpdateData(status="in_progress", progress=5, version=project.version), make.user("member", dept), TODAY
    )
    assert update.project_id == project.id and update.work_item_id is None
    assert project.progress == 5
