"""One time zone everywhere: every page and export shows a stored (UTC) time in TRACKER_TIMEZONE.

One moment, 2013-06-14 20:30 UTC, is stored on every kind of row that has a time; in Beijing (the default zone)
it is already the next morning, 2013-06-15 04:30. Each page and sheet must say so, and none the UTC time.
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import BytesIO

import pytest

from tests.exports.helpers import open_workbook, task_table
from tests.review.helpers import add_review, report
from tracker import create_app
from tracker.core import clock, localtime
from tracker.core.models import AuditEvent
from tracker.exports.models import ImportBatch
from tracker.indicators.models import Indicator, IndicatorValue

STORED = datetime(2013, 6, 14, 20, 30)  # naive UTC, as the database keeps it
SHOWN = "2013-06-15 04:30"
SHOWN_DAY = "2013-06-15"
UTC_TEXT = "2013-06-14 20:30"


@pytest.fixture
def moment(session, make):
    dept = make.department(name="时区局", short_name="时区局")
    admin = make.user("admin", username="tz-admin", last_login_at=STORED)
    author = make.user("lead", dept, display_name="报告人")
    plan = make.plan()
    item = make.item(
        plan, lead_department=dept, status="in_progress", start_date=date(2012, 1, 1), due_date=date(2013, 1, 31)
    )
    report(session, item, STORED, author)
    quiet = make.item(plan, lead_department=dept, status="in_progress", start_date=date(2012, 1, 1))
    report(session, quiet, STORED - timedelta(days=45), author)  # 2013-04-30 20:30 UTC: 2013-05-01 in Beijing
    project = make.project(item, dept, last_update_at=STORED)
    report(session, project, STORED, author)
    add_review(session, item, admin, "acknowledged", STORED, comment="已阅")
    asked = make.item(plan, lead_department=dept, status="in_progress", start_date=date(2012, 1, 1))
    add_review(session, asked, admin, "follow_up", STORED, comment="请说明", follow_up=date(2013, 7, 1))
    indicator = Indicator(plan=plan, code="TZ-1", name="时区指标", target_year=2015, target_value=Decimal("100"))
    session.add(indicator)
    session.flush()
    session.add(IndicatorValue(indicator=indicator, year=2012, value=Decimal(50), entered_by=admin, entered_at=STORED))
    session.add(
        AuditEvent(
            created_at=STORED,
            actor_id=admin.id,
            entity_type="indicator",
            entity_id=indicator.id,
            action="update",
            field="name",
            old_value="旧",
            new_value="时区指标",
        )
    )
    batch = ImportBatch(user_id=admin.id, plan_id=plan.id, created_at=STORED, filename="tasks.xlsx")
    session.add(batch)
    session.flush()
    return {"admin": admin, "dept": dept, "item": item, "project": project, "indicator": indicator, "batch": batch}


PAGES = {
    "item page (timeline, last report)": lambda m: f"/items/{m['item'].id}",
    "dashboard (recent updates)": lambda m: "/dashboard",
    "department list": lambda m: "/departments",
    "department page": lambda m: f"/departments/{m['dept'].id}",
    "project page": lambda m: f"/projects/{m['project'].id}",
    "indicator page (values, changes)": lambda m: f"/indicators/{m['indicator'].id}",
    "review queue": lambda m: "/review",
    "review form": lambda m: f"/review/work_item/{m['item'].id}/new",
    "users": lambda m: "/admin/users",
    "user edit": lambda m: f"/admin/users/{m['admin'].id}/edit",
    "account": lambda m: "/account",
    "audit log": lambda m: "/admin/audit",
    "import list": lambda m: "/import",
    "import preview": lambda m: f"/import/{m['batch'].id}",
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_stored_times_in_beijing_time(client_for, moment, page):
    response = client_for(moment["admin"]).get(PAGES[page](moment))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert SHOWN in html
    assert UTC_TEXT not in html


def test_pages_that_show_only_the_day_show_the_local_day(client_for, moment):
    admin = client_for(moment["admin"])
    requests = admin.get(f"/review/requests?department={moment['dept'].id}").get_data(as_text=True)
    assert f"· {SHOWN_DAY}</span>" in requests and "2013-06-14</span>" not in requests
    compliance = admin.get(f"/review/compliance?department={moment['dept'].id}").get_data(as_text=True)
    # The quiet item's last report (2013-04-30 20:30 UTC) was on 1 May in Beijing.
    assert "最近报告 2013-05-01" in compliance and "2013-04-30" not in compliance


def _core_created(data: bytes) -> str:
    core = zipfile.ZipFile(BytesIO(data)).read("docProps/core.xml").decode()
    return re.search(r"<dcterms:created[^>]*>([^<]+)<", core).group(1)


@pytest.mark.parametrize("url", ["/export/tasks.xlsx", "/export/plan.xlsx"])
def test_exports_show_local_times_and_keep_the_file_property_in_utc(client_for, moment, monkeypatch, url):
    monkeypatch.setattr("tracker.core.clock.now", lambda: STORED)
    data = client_for(moment["admin"]).get(url).get_data()
    workbook = open_workbook(data)
    tasks = task_table(workbook)
    assert tasks.value(tasks.row_of(moment["item"].id), "last_update") == datetime(2013, 6, 15, 4, 30)
    titles = [row[0].value for sheet in workbook.worksheets for row in sheet.iter_rows(max_row=3) if row]
    assert f"导出时间：{SHOWN}（北京时间）" in titles
    # The file's own "created" property is UTC by the format's definition (Excel converts it for its reader).
    assert _core_created(data) == "2013-06-14T20:30:00Z"
    assert workbook.properties.created == STORED
    if url.endswith("plan.xlsx"):
        queue = workbook["督办清单"]
        assert datetime(2013, 6, 15, 4, 30) in [c.value for row in queue.iter_rows() for c in row]


def test_helper_accepts_naive_utc_and_aware_times(session):
    aware = STORED.replace(tzinfo=UTC)
    assert localtime.to_local(STORED) == localtime.to_local(aware) == datetime(2013, 6, 15, 4, 30)
    assert localtime.format_datetime(aware.astimezone(localtime.zone_named("America/New_York"))) == SHOWN
    assert localtime.format_datetime(STORED, with_time=False) == SHOWN_DAY
    assert localtime.format_datetime(date(2013, 6, 14)) == "2013-06-14"
    assert localtime.utc_day_bounds(date(2013, 6, 15), date(2013, 6, 15)) == (
        datetime(2013, 6, 14, 16, 0),
        datetime(2013, 6, 15, 16, 0),
    )


def test_the_zone_is_a_setting(app):
    other = create_app("testing", TRACKER_TIMEZONE="Europe/Berlin")
    with other.app_context():
        assert localtime.format_datetime(STORED) == "2013-06-14 22:30"
        assert localtime.zone_label() == "Europe/Berlin"
    with app.app_context():
        assert localtime.zone_label() == "北京时间"


@pytest.mark.parametrize("bad", ["Beijing", "Asia/Nowhere", "../etc/passwd", "UTC+8"])
def test_an_unknown_zone_refuses_to_start(monkeypatch, bad):
    monkeypatch.setenv("TRACKER_TIMEZONE", bad)
    with pytest.raises(RuntimeError, match="TRACKER_TIMEZONE"):
        create_app("testing")


def test_zone_and_pinned_today_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("TRACKER_TIMEZONE", "Asia/Tokyo")
    monkeypatch.setenv("TRACKER_TODAY", "2013-06-15")
    app = create_app("testing")
    assert app.config["TRACKER_TIMEZONE"] == "Asia/Tokyo"
    with app.app_context():
        assert clock.today() == date(2013, 6, 15) and clock.pinned_today() == date(2013, 6, 15)
    monkeypatch.setenv("TRACKER_TODAY", "15.06.2013")
    with pytest.raises(RuntimeError, match="TRACKER_TODAY"):
        create_app("testing")


def test_today_is_the_date_in_the_zone_not_in_utc(monkeypatch):
    """At 20:30 UTC on 14 June it is already 15 June in Beijing; the real clock is frozen to show it."""
    monkeypatch.delenv("TRACKER_TODAY", raising=False)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return STORED.replace(tzinfo=UTC).astimezone(tz) if tz else STORED

    monkeypatch.setattr(localtime, "datetime", Frozen)
    app = create_app("testing")
    with app.app_context():
        assert clock.pinned_today() is None
        assert clock.today() == date(2013, 6, 15)


def test_times_are_formatted_only_through_the_one_helper():
    """Flask-Babel's datetime helpers and strftime in templates would each pick their own zone (or none)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "tracker"
    offenders = []
    for path in root.rglob("*.html"):
        if re.search(r"datetimeformat|strftime|format_datetime", path.read_text(encoding="utf-8")):
            offenders.append(str(path))
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\b(to_user_timezone|get_timezone)\b|from flask_babel import[^\n]*format_datetime", text):
            offenders.append(str(path))
    assert offenders == []
