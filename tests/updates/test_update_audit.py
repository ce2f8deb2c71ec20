"""Every accepted status update leaves audit rows (probe defect 7): each changed field, the late-report fields
included, and one "report" row naming the update when nothing but the note changed. The timeline shows the
update's own entry and none of these rows twice."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tracker.core.models import AuditEvent
from tracker.plan.audit_timeline import audit_entries
from tracker.updates.services import UpdateData, post_status_update


@pytest.fixture
def item(make):
    return make.item(make.plan(), due_date=date(2015, 12, 31), start_date=date(2011, 1, 1), status="in_progress")


@pytest.fixture
def author(make):
    return make.user("lead")


def _post(item, author, **values):
    data = {"status": "in_progress", "progress": item.progress, "version": item.version, **values}
    return post_status_update(item, UpdateData(**data), author, TODAY)


def _audit(session, item) -> list[tuple[str, str, str | None, str | None]]:
    rows = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == item.id).order_by(AuditEvent.id))
    return [(e.action, e.field, e.old_value, e.new_value) for e in rows]


def test_a_report_with_only_a_note_leaves_one_report_row_naming_the_update(session, item, author):
    update = _post(item, author, note="本月按计划推进")
    assert _audit(session, item) == [("report", "", None, str(update.id))]


def test_a_late_report_records_its_reason_remedy_and_expected_date(session, item, author):
    late = {"status": "delayed", "delay_reason": "资金未到位", "remedy": "追加预算"}
    _post(item, author, **late, expected_completion=date(2014, 1, 1))
    assert _audit(session, item) == [
        ("update", "status", "in_progress", "delayed"),
        ("update", "delay_reason", "", "资金未到位"),
        ("update", "remedy", "", "追加预算"),
        ("update", "expected_completion", None, "2014-01-01"),
    ]
    _post(item, author, **late, expected_completion=date(2014, 3, 1))  # only the expected date moves
    assert _audit(session, item)[-1] == ("update", "expected_completion", "2014-01-01", "2014-03-01")
    assert len(_audit(session, item)) == 5


def test_the_timeline_shows_none_of_these_rows_beside_the_updates_own_entry(session, item, author):
    _post(item, author, note="只写说明")
    _post(item, author, status="delayed", delay_reason="因", remedy="措", expected_completion=date(2014, 1, 1))
    assert audit_entries("work_item", item.id) == []
