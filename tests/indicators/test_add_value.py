"""Recording a yearly value: who may, bad input at the field with nothing written, and replacing with consent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.updates.helpers import form_fields
from tracker.core.models import AuditEvent
from tracker.indicators.models import IndicatorValue


def stored(session, indicator) -> dict[int, tuple[Decimal, str]]:
    session.expire_all()
    rows = session.execute(
        select(IndicatorValue.year, IndicatorValue.value, IndicatorValue.source).where(
            IndicatorValue.indicator_id == indicator.id
        )
    )
    return {year: (value, source) for year, value, source in rows}


def audit_rows(session, indicator) -> list[tuple[str, str, str | None, str | None]]:
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.field, AuditEvent.old_value, AuditEvent.new_value)
        .where(AuditEvent.entity_type == "indicator", AuditEvent.entity_id == indicator.id)
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


def value_form(**overrides) -> dict[str, str]:
    return {"year": "2013", "value": "150.5", "source": "2013年统计快报", **overrides}


BEFORE = {2011: (Decimal("130.0000"), "统计年鉴"), 2012: (Decimal("135.0000"), "2012年统计公报")}


@pytest.mark.parametrize("role", ["admin", "office", "lead_a", "member_a"])
def test_the_responsible_department_the_office_and_admins_record_values(client_for, session, world, role):
    user = getattr(world, role)
    response = client_for(user).post(f"/indicators/{world.revenue.id}/values", data=value_form())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/indicators/{world.revenue.id}")
    assert stored(session, world.revenue)[2013] == (Decimal("150.5000"), "2013年统计快报")
    row = session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator_id == world.revenue.id, IndicatorValue.year == 2013)
    )
    assert row.entered_by_id == user.id
    assert audit_rows(session, world.revenue) == [
        ("create", "value:2013", None, "150.5"),
        ("create", "source:2013", None, "2013年统计快报"),
    ]


@pytest.mark.parametrize("role", ["viewer", "lead_b", "member_b"])
def test_viewers_and_other_departments_are_forbidden(client_for, session, world, role):
    response = client_for(getattr(world, role)).post(f"/indicators/{world.revenue.id}/values", data=value_form())
    assert response.status_code == 403
    assert stored(session, world.revenue) == BEFORE and audit_rows(session, world.revenue) == []


def test_a_lead_records_only_their_own_departments_indicators(client_for, session, world):
    client = client_for(world.lead_b)
    assert client.post(f"/indicators/{world.adoption.id}/values", data=value_form(value="45")).status_code == 302
    assert client.post(f"/indicators/{world.energy.id}/values", data=value_form(value="8")).status_code == 403
    assert stored(session, world.adoption) == {2013: (Decimal("45.0000"), "2013年统计快报")}


def test_a_missing_indicator_is_not_found(client_for, world):
    assert client_for(world.admin).post("/indicators/999999/values", data=value_form()).status_code == 404


def test_anonymous_posts_are_sent_to_sign_in(client, session, world):
    response = client.post(f"/indicators/{world.revenue.id}/values", data=value_form())
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert stored(session, world.revenue) == BEFORE


def test_get_is_not_allowed_on_the_values_address(client_for, world):
    assert client_for(world.admin).get(f"/indicators/{world.revenue.id}/values").status_code == 405


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", "NaN", "请输入数值"),
        ("value", "Infinity", "请输入数值"),
        ("value", "-Infinity", "请输入数值"),
        ("value", "1e400", "请输入数值"),
        ("value", "1E3", "请输入数值"),
        ("value", "１２３", "请输入数值"),
        ("value", "12.5亿元", "请输入数值"),
        ("value", "12.34567", "请输入数值"),
        ("value", "1" * 12, "请输入数值"),
        ("value", "1" * 40, "数值过长"),
        ("value", "1,2,3", "请输入数值"),
        ("value", "0x10", "请输入数值"),
        ("value", "-5", "不能为负数"),
        ("value", "-0.5", "不能为负数"),
        ("value", "", "此项必填"),
        ("year", "", "此项必填"),
        ("year", "2009", "年度须在 2010 到 2013 之间"),
        ("year", "2014", "年度须在 2010 到 2013 之间"),  # not begun yet on 2013-06-15
        ("year", "99999999999", "请输入整数"),
        ("year", "２０１２", "请输入整数"),
        ("year", "2012.0", "请输入整数"),
        ("year", "-2012", "请输入整数"),
        ("source", "", "此项必填"),
        ("source", "   ", "此项必填"),
        ("source", "统" * 301, "不能超过 300 个字符"),
        ("source", "统计\x00年鉴", "控制字符"),
        ("source", "统计\n年鉴", "控制字符"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_written(client_for, session, world, field, value, message):
    response = client_for(world.lead_a).post(
        f"/indicators/{world.revenue.id}/values", data=value_form(**{field: value})
    )
    assert response.status_code == 200
    fields = form_fields(response.get_data(as_text=True))
    assert fields[field].invalid and any(message in error for error in fields[field].errors), fields[field].errors
    assert [name for name, view in fields.items() if view.errors] == [field]
    assert stored(session, world.revenue) == BEFORE and audit_rows(session, world.revenue) == []


def test_the_input_is_kept_after_an_error(client_for, world):
    response = client_for(world.lead_a).post(
        f"/indicators/{world.revenue.id}/values", data=value_form(value="１２", source="统计快报 ✅")
    )
    fields = form_fields(response.get_data(as_text=True))
    assert (fields["value"].value, fields["source"].value, fields["year"].value) == ("１２", "统计快报 ✅", "2013")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", "0"),
        ("1,927.75", "1927.75"),
        ("4500", "4500"),
        ("0.0001", "0.0001"),
        ("12345678901.1234", None),
        ("99,999,999,999.9999", "99999999999.9999"),
    ],
)
def test_plain_and_grouped_numbers_are_accepted(client_for, session, world, raw, expected):
    response = client_for(world.lead_a).post(f"/indicators/{world.revenue.id}/values", data=value_form(value=raw))
    assert response.status_code == 302
    assert stored(session, world.revenue)[2013][0] == Decimal(expected or raw)


def test_a_year_that_has_a_value_is_replaced_only_with_consent(client_for, session, world):
    client = client_for(world.member_a)
    url = f"/indicators/{world.revenue.id}/values"
    response = client.post(url, data=value_form(year="2012", value="138", source="2012年统计年鉴（修订）"))
    assert response.status_code == 200
    fields = form_fields(response.get_data(as_text=True))
    assert any("2012 年已有数值 135" in error and "替换" in error for error in fields["year"].errors)
    assert stored(session, world.revenue) == BEFORE and audit_rows(session, world.revenue) == []

    response = client.post(url, data=value_form(year="2012", value="138", source="2012年统计年鉴（修订）", replace="y"))
    assert response.status_code == 302
    assert stored(session, world.revenue)[2012] == (Decimal("138.0000"), "2012年统计年鉴（修订）")
    assert audit_rows(session, world.revenue) == [
        ("update", "value:2012", "135", "138"),
        ("update", "source:2012", "2012年统计公报", "2012年统计年鉴（修订）"),
    ]
    row = session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator_id == world.revenue.id, IndicatorValue.year == 2012)
    )
    assert row.entered_by_id == world.member_a.id
    page = client.get(f"/indicators/{world.revenue.id}").get_data(as_text=True)
    assert "已替换 2012 年数值" in page and "2012 年数值：135 → <strong>138</strong>" in page


def test_replacing_with_the_same_value_and_source_changes_nothing(client_for, session, world):
    client = client_for(world.lead_a)
    response = client.post(
        f"/indicators/{world.revenue.id}/values",
        data=value_form(year="2011", value="130.00", source="统计年鉴", replace="y"),
    )
    assert response.status_code == 302
    assert stored(session, world.revenue) == BEFORE and audit_rows(session, world.revenue) == []
    assert "没有变化" in client.get(f"/indicators/{world.revenue.id}").get_data(as_text=True)


def test_only_the_replace_box_replaces_a_single_year(client_for, session, world):
    client = client_for(world.office)
    client.post(f"/indicators/{world.revenue.id}/values", data=value_form(year="2013", value="1", replace="y"))
    assert stored(session, world.revenue)[2013] == (Decimal("1.0000"), "2013年统计快报")  # a new year: just added
    count = session.scalar(select(func.count()).select_from(IndicatorValue).where(IndicatorValue.year == 2013))
    assert count == 1


def test_a_missing_csrf_token_is_refused_and_nothing_is_written(app, client_for, session, world, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client_for(world.lead_a).post(f"/indicators/{world.revenue.id}/values", data=value_form())
    assert response.status_code == 400
    assert stored(session, world.revenue) == BEFORE and audit_rows(session, world.revenue) == []


@pytest.mark.parametrize("value", ["150", "bad"])  # saved, and answered with the form again
def test_recording_a_value_takes_the_same_statements_whatever_the_history(
    client_for, session, world, count_statements, value
):
    client = client_for(world.lead_a)
    url = f"/indicators/{world.revenue.id}/values"
    counts = []
    for year, extra in ((2013, 0), (2010, 30)):
        for k in range(extra):  # a longer history of replaced values (audit rows) on the page
            client.post(url, data=value_form(year="2011", value=str(200 + k), replace="y"))
        session.expire_all()
        with count_statements() as counter:
            response = client.post(url, data=value_form(year=str(year), value=value))
        assert response.status_code == (302 if value == "150" else 200)
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
