"""Issue 9, point 2: an indicator's responsible department is the office's default until the office confirms it,
with the same rules as a work item's departments (tracker.org.assignment)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.indicators.test_register_pages import cells
from tracker.core.errors import PermissionDenied
from tracker.core.models import AuditEvent
from tracker.indicators import services
from tracker.indicators.models import Indicator

DEFAULT_MARK = 'data-testid="default-assignment"'


@pytest.fixture
def defaults(world, session):
    world.revenue.assignment_source = "default"
    world.adoption.assignment_source = "default"
    session.commit()
    return world


def _source(session, indicator) -> str:
    return session.scalar(select(Indicator.assignment_source).where(Indicator.id == indicator.id))


def _confirmations(session, indicator) -> list[tuple]:
    rows = session.execute(
        select(AuditEvent.actor_id, AuditEvent.field, AuditEvent.old_value, AuditEvent.new_value).where(
            AuditEvent.entity_type == "indicator",
            AuditEvent.entity_id == indicator.id,
            AuditEvent.field == "assignment_source",
        )
    )
    return [tuple(row) for row in rows]


def test_the_register_marks_default_departments(client_for, defaults):
    page = client_for(defaults.viewer).get("/indicators").get_data(as_text=True)
    assert cells(page, defaults.revenue.id)["department"] == "经信委默认"
    assert cells(page, defaults.energy.id)["department"] == "经信委"  # confirmed: no mark


def test_the_indicator_page_marks_and_names_the_source(client_for, defaults):
    page = client_for(defaults.viewer).get(f"/indicators/{defaults.revenue.id}").get_data(as_text=True)
    assert DEFAULT_MARK in page and "默认分工，待确认" in page
    assert 'data-testid="confirm-assignment"' not in page
    confirmed = client_for(defaults.viewer).get(f"/indicators/{defaults.energy.id}").get_data(as_text=True)
    assert DEFAULT_MARK not in confirmed and "信息办已确认" in confirmed


def test_the_office_confirms_an_indicators_department_audited(client_for, defaults, session):
    client = client_for(defaults.office)
    assert 'data-testid="confirm-assignment"' in client.get(f"/indicators/{defaults.revenue.id}").get_data(as_text=True)
    response = client.post(f"/indicators/{defaults.revenue.id}/assignment/confirm")
    assert response.status_code == 302 and response.headers["Location"] == f"/indicators/{defaults.revenue.id}"
    session.expire_all()
    assert _source(session, defaults.revenue) == "office"
    assert _source(session, defaults.adoption) == "default"
    assert _confirmations(session, defaults.revenue) == [(defaults.office.id, "assignment_source", "default", "office")]
    page = client.get(f"/indicators/{defaults.revenue.id}").get_data(as_text=True)
    assert "已确认责任部门。" in page
    history = page[page.index('data-testid="value-history"') :]
    assert "分工来源" in history and "默认分工，待确认" in history and "信息办已确认" in history


@pytest.mark.parametrize("who", ["lead_a", "member_a", "lead_b", "viewer"])
def test_the_responsible_departments_lead_may_not_confirm(client_for, defaults, session, who):
    client = client_for(getattr(defaults, who))
    assert client.post(f"/indicators/{defaults.revenue.id}/assignment/confirm").status_code == 403
    session.expire_all()
    assert _source(session, defaults.revenue) == "default" and _confirmations(session, defaults.revenue) == []


def test_the_service_refuses_a_lead(defaults):
    with pytest.raises(PermissionDenied):
        services.confirm_assignment(defaults.revenue, defaults.lead_a)


def test_the_register_reads_the_same_statements_with_marks(client_for, defaults, session, count_statements):
    client = client_for(defaults.office)
    counts = []
    for source in ("default", "office"):
        for indicator in (defaults.revenue, defaults.adoption, defaults.energy):
            indicator.assignment_source = source
        session.commit()
        session.expire_all()
        with count_statements() as counter:
            assert client.get("/indicators").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
