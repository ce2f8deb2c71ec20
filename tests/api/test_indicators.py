"""Indicators through the API: the register with its assessment, one indicator with its yearly values, and
recording a value with the page's permission, rules and audit (TODAY is 2013-06-15)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from tracker.core.models import AuditEvent
from tracker.indicators.models import IndicatorValue


@pytest.fixture
def world(make, session):
    a = make.department(name="市经信委")
    b = make.department(name="市发改委")
    plan = make.plan()
    goal = make.item(plan, kind="goal", title="发展目标")
    revenue = make.indicator(
        plan,
        code="I-1",
        name="电子信息产业主营业务收入",
        baseline_year=2010,
        baseline_value=Decimal("2000"),
        target_value="4500",
        responsible_department=a,
        goal_item=goal,
    )
    broadband = make.indicator(plan, code="I-2", name="家庭宽带接入能力", unit="Mbps", responsible_department=b)
    office = make.user("office")
    make.indicator_value(revenue, 2011, "2500", entered_by_id=office.id)
    make.indicator_value(revenue, 2012, "3000.5", source="统计公报", entered_by_id=office.id)
    people = {
        "office": office,
        "lead_a": make.user("lead", department=a, display_name="王科长"),
        "member_b": make.user("member", department=b),
        "viewer": make.user("viewer"),
    }
    session.commit()  # keep the world when a refused request rolls back
    return {"plan": plan, "a": a, "goal": goal, "revenue": revenue, "broadband": broadband, **people}


def test_the_register_with_each_indicators_assessment(api, world):
    response = api(world["viewer"], scope="read").get(f"/api/v1/indicators?plan={world['plan'].id}")
    assert response.status_code == 200
    revenue, broadband = response.json["data"]
    assert revenue["code"] == "I-1" and revenue["baseline_value"] == "2000" and revenue["target_value"] == "4500"
    assert revenue["latest"] == {"year": 2012, "value": "3000.5"}
    assert revenue["percent"] == "40.0" and revenue["track"] in ("on_track", "off_track") and not revenue["reached"]
    assert revenue["responsible_department"]["name"] == "市经信委" and revenue["goal_item_id"] == world["goal"].id
    assert broadband["latest"] is None and broadband["track"] == "no_data" and broadband["percent"] is None


def test_the_registers_filters(api, world):
    client = api(world["viewer"], scope="read")
    by_department = client.get(f"/api/v1/indicators?department={world['a'].id}").json["data"]
    assert [row["code"] for row in by_department] == ["I-1"]
    assert [row["code"] for row in client.get("/api/v1/indicators?status=no_data").json["data"]] == ["I-2"]
    assert client.get("/api/v1/indicators?status=green").status_code == 400


def test_one_indicator_with_its_yearly_values(api, world):
    response = api(world["viewer"], scope="read").get(f"/api/v1/indicators/{world['revenue'].id}")
    assert response.status_code == 200
    values = response.json["data"]["values"]
    shown = [(v["year"], v["value"], v["source"]) for v in values]
    assert shown == [(2011, "2500", "统计年鉴"), (2012, "3000.5", "统计公报")]
    assert values[0]["entered_by"]["id"] == world["office"].id and values[0]["entered_at"].endswith("+08:00")
    assert api(world["viewer"], scope="read").get("/api/v1/indicators/987654").status_code == 404
    assert response.json["data"]["targets"] == []


def test_one_indicator_with_its_yearly_targets(api, world, make, session):
    make.indicator_target(world["revenue"], 2012, "3000.0000")
    make.indicator_target(world["revenue"], 2011, "2500.5")
    session.commit()
    response = api(world["viewer"], scope="read").get(f"/api/v1/indicators/{world['revenue'].id}")
    assert response.json["data"]["targets"] == [{"year": 2011, "value": "2500.5"}, {"year": 2012, "value": "3000"}]


def test_the_responsible_departments_lead_records_a_value(api, world, session):
    indicator = world["revenue"]
    body = {"year": 2013, "value": "3,600.1234", "source": "月报"}
    response = api(world["lead_a"]).post(f"/api/v1/indicators/{indicator.id}/values", json=body)
    assert response.status_code == 201, response.json
    data = response.json["data"]
    assert data == {**data, "year": 2013, "value": "3600.1234", "source": "月报", "outcome": "added"}
    assert data["entered_by"]["display_name"] == "王科长"
    session.expire_all()
    stored = session.scalars(select(IndicatorValue).where(IndicatorValue.year == 2013)).one()
    assert stored.value == Decimal("3600.1234") and stored.entered_by_id == world["lead_a"].id
    assert session.scalars(select(AuditEvent).where(AuditEvent.entity_id == indicator.id)).all()


def test_another_departments_people_and_viewers_may_not(api, world, session):
    url = f"/api/v1/indicators/{world['revenue'].id}/values"
    body = {"year": 2013, "value": "1", "source": "月报"}
    assert api(world["member_b"]).post(url, json=body).status_code == 403
    assert api(world["viewer"], scope="read").post(url, json=body).status_code == 403
    assert api(world["office"]).post(url, json=body).status_code == 201


def test_a_years_value_is_replaced_only_when_asked(api, world, session):
    url = f"/api/v1/indicators/{world['revenue'].id}/values"
    client = api(world["office"])
    refused = client.post(url, json={"year": 2012, "value": "3100", "source": "统计公报"})
    assert refused.status_code == 422 and set(refused.json["error"]["fields"]) == {"year"}
    replaced = client.post(url, json={"year": 2012, "value": "3100", "source": "统计公报", "replace": True})
    assert replaced.status_code == 201 and replaced.json["data"]["outcome"] == "replaced"
    assert replaced.json["data"]["value"] == "3100"


def test_every_broken_rule_under_the_bodys_field_names(api, world):
    url = f"/api/v1/indicators/{world['revenue'].id}/values"
    client = api(world["office"])
    out_of_range = client.post(url, json={"year": 2016, "value": "-5", "source": "x"})
    assert out_of_range.status_code == 422 and set(out_of_range.json["error"]["fields"]) == {"year", "value"}
    year = client.post(url, json={"year": 2014, "value": "5", "source": "x"})
    assert year.status_code == 422 and set(year.json["error"]["fields"]) == {"year"}  # a year not begun
    types = client.post(url, json={"year": "2013", "value": True, "source": "\x00"})
    assert types.status_code == 422 and set(types.json["error"]["fields"]) == {"year", "value", "source"}
    blank = client.post(url, json={"year": 2013, "value": "1.23456", "source": "  "})
    assert blank.status_code == 422 and set(blank.json["error"]["fields"]) == {"source", "value"}  # 5 places


def test_the_register_costs_the_same_statements_for_3_and_30(api, world, make, session, count_statements):
    client = api(world["viewer"], scope="read")

    def add(n):
        for _ in range(n):
            indicator = make.indicator(world["plan"], responsible_department=world["a"])
            make.indicator_value(indicator, 2011, "10")
        session.commit()

    add(1)
    session.expire_all()
    with count_statements() as small:
        assert len(client.get("/api/v1/indicators").json["data"]) == 3
    add(27)
    session.expire_all()
    with count_statements() as large:
        assert len(client.get("/api/v1/indicators").json["data"]) == 30
    assert small.count == large.count


@pytest.mark.parametrize(("sent", "stored"), [(3600.25, "3600.25"), (42, "42"), ("42.5", "42.5")])
def test_a_value_may_be_sent_as_a_json_number_or_as_text(api, world, sent, stored):
    url = f"/api/v1/indicators/{world['revenue'].id}/values"
    response = api(world["office"]).post(url, json={"year": 2013, "value": sent, "source": "月报"})
    assert response.status_code == 201 and response.json["data"]["value"] == stored


@pytest.mark.parametrize("sent", [True, [1], 1e20, -5])
def test_a_value_that_is_not_a_number_the_page_would_take_is_refused_at_value(api, world, sent):
    url = f"/api/v1/indicators/{world['revenue'].id}/values"
    response = api(world["office"]).post(url, json={"year": 2013, "value": sent, "source": "月报"})
    assert response.status_code == 422 and set(response.json["error"]["fields"]) == {"value"}
