"""The demo's clock (probe defect 2): with "today" pinned, what is posted today is stamped today, counts for the
current reporting period and shows beside the pinned date; security clocks stay on real time."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.updates.helpers import update_form
from tracker.core import clock
from tracker.core.localtime import local_date, to_local
from tracker.core.models import AuditEvent
from tracker.db import utcnow
from tracker.review.compliance import missing_items, period_containing
from tracker.updates.models import StatusUpdate


@pytest.fixture
def real_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_TODAY", None)


def test_now_is_the_pinned_day_at_the_current_local_time_of_day(session):
    before = to_local(utcnow())
    stamped = to_local(clock.now())
    after = to_local(utcnow())
    assert stamped.date() == TODAY
    assert before.time() <= stamped.time() <= after.time() or before.date() != after.date()  # unless midnight passed


def test_without_a_pin_now_is_the_real_time(session, real_clock):
    before = utcnow()
    assert before <= clock.now() <= utcnow()


def _post(client_for, lead, item, session) -> StatusUpdate:
    response = client_for(lead).post(f"/items/{item.id}/update", data=update_form(item, progress="45"))
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    session.expire_all()
    return session.scalars(select(StatusUpdate).where(StatusUpdate.work_item_id == item.id)).one()


def test_a_report_posted_on_the_pinned_day_is_stamped_that_day_and_counts_for_its_period(
    client_for, session, lead, item
):
    period = period_containing(TODAY, "monthly")
    assert item in missing_items(item.plan_id, period, item.lead_department_id, 10)
    update = _post(client_for, lead, item, session)
    assert local_date(update.created_at) == local_date(item.last_update_at) == TODAY
    audit = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == item.id)).all()
    assert audit and {local_date(event.created_at) for event in audit} == {TODAY}
    assert local_date(item.updated_at) == TODAY  # TimestampMixin follows the same clock
    assert missing_items(item.plan_id, period, item.lead_department_id, 10) == []
    page = client_for(lead).get(f"/items/{item.id}").get_data(as_text=True)
    assert f"{TODAY.isoformat()} " in page and f"{utcnow().year}-" not in page


def test_on_the_real_clock_a_report_is_stamped_with_the_real_time(client_for, session, lead, item, real_clock):
    item.due_date = date(2099, 12, 31)  # not overdue on the real date either
    session.flush()
    before = utcnow().replace(microsecond=0)  # MariaDB keeps whole seconds
    update = _post(client_for, lead, item, session)
    assert before <= update.created_at <= utcnow()


def test_the_sign_in_session_keeps_real_time(client, make):
    from tests.factories import PASSWORD

    user = make.user("lead", username="clock.lead")
    before = utcnow()
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    with client.session_transaction() as flask_session:
        assert datetime.fromisoformat(flask_session["login_at"]) >= before  # an idle timeout still counts


# The modules that may read the real clock (tracker.db.utcnow): security windows, and the clock itself.
REAL_CLOCK_READERS = {
    "auth/sessions.py",  # idle and absolute session timeouts
    "auth/services.py",  # sign-in throttle windows (the user's last sign-in is a business time: clock.now)
    "auth/models.py",  # the throttle row's window start; an API token's creation
    "exports/slots.py",  # export slot expiry
    "exports/models.py",  # the export slot's start; the installation's creation
    "notifications/models.py",  # the outbox's schedule: retries and leases wait real time
    "notifications/outbox.py",  # the sender: claims, leases and retry times
    "notifications/worker.py",  # the sender's passes (digests fall due on the real local hour)
    "auth/tokens.py",  # API tokens: creation, expiry, revocation and the gate's rate windows, on one clock (tokens.now)
    "core/clock.py",
    "core/localtime.py",  # only names it in its docstring
    "db.py",
}


def real_clock_readers(root) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*.py") if "utcnow" in path.read_text()}


def test_only_security_clocks_read_the_real_clock():
    from pathlib import Path

    import tracker

    assert real_clock_readers(Path(tracker.__file__).parent) == REAL_CLOCK_READERS


def test_the_check_sees_a_business_module_reading_the_real_clock(tmp_path):
    (tmp_path / "reviews.py").write_text("from tracker.db import utcnow\ncreated_at = utcnow()\n")
    assert real_clock_readers(tmp_path) == {"reviews.py"}
