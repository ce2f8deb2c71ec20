"""The compliance page's period picker (issue 10) and the office's "提醒以下部门" button; only approved reports
count."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.review.helpers import report
from tests.review.test_compliance import (
    _rows,
    reporting,  # noqa: F401 (fixture)
)
from tracker.notifications.models import MailMessage, Notification
from tracker.review.compliance import parse_period, period_containing, plan_periods


@pytest.mark.parametrize(
    ("raw", "kind", "start"),
    [
        ("2013-05", "monthly", date(2013, 5, 1)),
        (" 2013-12 ", "monthly", date(2013, 12, 1)),
        ("2013-Q2", "quarterly", date(2013, 4, 1)),
        ("2013-q4", "quarterly", date(2013, 10, 1)),
    ],
)
def test_period_keys(raw, kind, start):
    period = parse_period(raw, kind)
    assert period is not None and period.start == start
    assert parse_period(period.key, kind) == period


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("2013-13", "monthly"), ("2013-00", "monthly"), ("2013-Q2", "monthly"), ("2013-05", "quarterly"),
     ("2013-Q5", "quarterly"), ("abc", "monthly"), ("", "monthly"), ("２０１３-05", "monthly"), ("0000-01", "monthly")],
)  # fmt: skip
def test_bad_period_keys(raw, kind):
    assert parse_period(raw, kind) is None


def test_the_periods_run_from_the_plans_first_year_to_today(make):
    plan = make.plan(start_year=2011)
    periods = plan_periods(plan, date(2013, 6, 15), "monthly")
    assert periods[0].key == "2013-06" and periods[-1].key == "2011-01" and len(periods) == 30
    assert [p.key for p in plan_periods(plan, date(2013, 6, 15), "quarterly")][:2] == ["2013-Q2", "2013-Q1"]


def office_client(make, client_for):
    return client_for(make.user("office", make.department(kind="office")))


def test_a_past_period_is_shown_when_chosen(reporting, make, client_for):  # noqa: F811
    client = office_client(make, client_for)
    page = client.get("/review/compliance?period=2013-05").get_data(as_text=True)
    assert "报送期：2013年5月（2013-05-01 至 2013-05-31）" in page and "对比上期：2013年4月" in page
    assert '<option value="2013-05" selected>' in page
    a = str(reporting["a"].id)
    assert _rows(page)[a][:2] == ("4", "3")  # May: a1, a3, a4 missing (as test_compliance computes)


@pytest.mark.parametrize("bad", ["2013-13", "2013-07", "2010-12", "x" * 200, "2013-Q2"])
def test_a_bad_period_says_so_and_shows_the_current_one(reporting, make, client_for, bad):  # noqa: F811
    response = office_client(make, client_for).get("/review/compliance", query_string={"period": bad})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="bad-period"' in page and "下面显示本期" in page
    assert "本期：2013年6月" in page


def test_a_draft_or_returned_report_does_not_count(reporting, make, client_for, session):  # noqa: F811
    """b2 has no June report; a member's pending draft and a returned report in June leave it missing, an approved
    one counts."""
    page = office_client(make, client_for).get("/review/compliance").get_data(as_text=True)
    b = str(reporting["b"].id)
    assert _rows(page)[b][1] == "1"
    draft = report(session, reporting["b2"], datetime(2013, 6, 10, 9), reporting["author"])
    draft.sign_off = "pending"
    returned = report(session, reporting["b2"], datetime(2013, 6, 11, 9), reporting["author"])
    returned.sign_off = "returned"
    session.flush()
    page = office_client(make, client_for).get("/review/compliance").get_data(as_text=True)
    assert _rows(page)[b][1] == "1"
    returned.sign_off = "approved"
    session.flush()
    page = office_client(make, client_for).get("/review/compliance").get_data(as_text=True)
    assert _rows(page)[b][1] == "0"


@pytest.fixture
def leads(reporting, make):  # noqa: F811
    return {
        "a": make.user("lead", reporting["a"], display_name="甲局长", email="a@example.gov.cn"),
        "a_gone": make.user("lead", reporting["a"], active=False),
        "b": make.user("lead", reporting["b"], display_name="乙局长"),
        "b_member": make.user("member", reporting["b"]),
    }


def remind(client, reporting, period="2013-06"):  # noqa: F811
    page = client.get(f"/review/compliance?period={period}").get_data(as_text=True)
    assert 'data-testid="remind-departments"' in page
    marker = 'name="csrf_token" type="hidden" value="'
    token = page.split(marker)[1].split('"')[0] if marker in page else ""  # none while CSRF is off (tests)
    return client.post(
        "/review/compliance/remind", data={"csrf_token": token, "plan": reporting["plan"].code, "period": period}
    )


def told(session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Notification.user_id, Notification.title).where(Notification.kind == "reports_missing")
    )
    return sorted(rows)


def test_the_office_reminds_the_leads_of_departments_with_missing_reports(
    reporting,  # noqa: F811
    leads,
    make,
    client_for,
    session,
    app,
):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = office_client(make, client_for)
        response = remind(client, reporting)
        assert response.status_code == 302 and "/review/compliance?period=2013-06" in response.headers["Location"]
        flashed = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "已提醒 2 个部门的 2 位负责人（2013年6月）" in flashed
        plan = reporting["plan"].title
        assert told(session) == sorted(
            [
                (leads["a"].id, f"{plan} 2013年6月：3 项任务未报送进展"),
                (leads["b"].id, f"{plan} 2013年6月：1 项任务未报送进展"),
            ]
        )
        link = session.scalar(select(Notification.link).where(Notification.user_id == leads["a"].id))
        assert "period=2013-06" in link and f"department={reporting['a'].id}" in link
        # The lead with an address gets the mail through the outbox.
        assert (
            session.scalar(select(func.count(MailMessage.id)).where(MailMessage.to_address == "a@example.gov.cn")) == 1
        )
        # Pressed again the same day: nobody twice.
        again = remind(client, reporting)
        assert "今天已提醒过" in client.get(again.headers["Location"]).get_data(as_text=True)
        assert len(told(session)) == 2
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_past_period_can_be_reminded(reporting, leads, make, client_for, session):  # noqa: F811
    client = office_client(make, client_for)
    remind(client, reporting, "2013-05")
    # In May 乙局 reported on everything (b1 and b2 on 05-31, Beijing time): only 甲局's leads hear.
    assert told(session) == [(leads["a"].id, f"{reporting['plan'].title} 2013年5月：3 项任务未报送进展")]


def test_only_the_office_and_admins_see_and_press_the_button(reporting, leads, make, client_for, session):  # noqa: F811
    for user in (leads["a"], leads["b_member"], make.user("viewer")):
        client = client_for(user)
        assert 'data-testid="remind-departments"' not in client.get("/review/compliance").get_data(as_text=True)
        response = client.post("/review/compliance/remind", data={"plan": reporting["plan"].code, "period": "2013-06"})
        assert response.status_code == 403
    admin = client_for(make.user("admin"))
    assert 'data-testid="remind-departments"' in admin.get("/review/compliance").get_data(as_text=True)
    assert told(session) == []


def test_a_bad_period_or_plan_reminds_nobody(reporting, leads, make, client_for, session):  # noqa: F811
    client = office_client(make, client_for)
    bad = client.post("/review/compliance/remind", data={"plan": reporting["plan"].code, "period": "2099-01"})
    assert bad.status_code == 302
    assert "没有这一报送期" in client.get(bad.headers["Location"]).get_data(as_text=True)
    no_plan = client.post("/review/compliance/remind", data={"plan": "nope", "period": "2013-06"})
    assert no_plan.status_code == 302
    assert told(session) == []


def test_the_button_is_hidden_when_every_department_reported(make, client_for, session):
    dept = make.department()
    plan = make.plan()
    item = make.item(plan, lead_department=dept, status="in_progress", start_date=date(2011, 1, 1))
    report(session, item, datetime(2013, 6, 2, 9), make.user("member", dept))
    page = office_client(make, client_for).get("/review/compliance").get_data(as_text=True)
    assert 'data-testid="remind-departments"' not in page
    assert period_containing(date(2013, 6, 15), "monthly").key == "2013-06"
