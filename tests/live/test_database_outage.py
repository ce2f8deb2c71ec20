"""The database goes away under a running server and comes back (issue 7, point 4): gunicorn reaches the
database through a relay the test cuts. Signed-in users get the 503 page that needs no database (in their
language, with an error id that is in the log, Retry-After, no traceback); a report posted meanwhile comes back
ready to post again; the probes tell the load balancer; when the database is back, everything works again
without a restart.

PostgreSQL, or MariaDB when the suite runs with --db=mariadb (SQLite is a file: it does not go away).
"""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from tests.conftest import TODAY
from tests.factories import PASSWORD, Factories
from tests.live.server import Client, Relay, gunicorn
from tests.updates.helpers import form_fields
from tracker import create_app
from tracker.extensions import db
from tracker.updates.models import StatusUpdate

pytestmark = pytest.mark.live


@pytest.fixture
def relayed(databases, backend):
    """(app on the real server, URL through the relay, relay): one item and its department's lead."""
    server_backend = "mariadb" if backend == "mariadb" else "postgresql"
    url = make_url(databases.create(server_backend))
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, TRACKER_TODAY=TODAY.isoformat())
    with app.app_context():
        db.create_all()
        make = Factories(db.session, itertools.count(1))
        dept = make.department(name="市经信委")
        make.user("lead", dept, username="lead", locale="en")
        make.user("lead", dept, username="lead2")
        item = make.item(make.plan(), lead_department=dept, due_date=date(2015, 12, 31), status="in_progress")
        app.config["LIVE_ITEM"] = item.id
        db.session.commit()
        db.session.remove()
    relay = Relay(url.port or {"postgresql": 5432, "mariadb": 3306}[server_backend])
    relay.open()
    yield app, url.set(port=relay.port).render_as_string(hide_password=False), relay
    relay.cut()
    with app.app_context():
        db.engine.dispose()


def _error_id(answer) -> str:
    return re.search(r"([0-9a-f]{12})", answer.body.split("offline-error", 1)[1]).group(1)


def test_the_database_goes_away_and_comes_back(relayed, tmp_path):
    app, url, relay = relayed
    update_url = f"/items/{app.config['LIVE_ITEM']}/update"
    with gunicorn(url, tmp_path / "gunicorn.log", workers=2) as server:
        english, chinese = Client(server.port, language="zh-CN"), Client(server.port, language="zh-CN")
        assert english.sign_in("lead", PASSWORD).status == 302  # this user chose English on the account
        assert english.get("/").status in (200, 302)  # the language goes into the session cookie
        assert chinese.sign_in("lead2", PASSWORD).status == 302
        fields = chinese.form(update_url)

        relay.cut()
        down = english.get("/")
        assert down.status == 503 and "Service temporarily unavailable" in down.body
        assert int(down.headers["retry-after"]) > 0 and "Traceback" not in down.body
        assert _error_id(down) in server.log_text()
        refused = chinese.post(update_url, {**fields, "progress": "55", "note": "断线时提交"})
        assert refused.status == 503 and "您的操作没有保存" in refused.body
        assert Client(server.port).get("/healthz").status == 200
        ready = Client(server.port).get("/readyz")
        assert ready.status == 503 and '"unavailable"' in ready.body

        relay.open()
        assert Client(server.port).get("/readyz").status == 200
        assert english.get("/").status in (200, 302)
        carried = {name: field.value for name, field in form_fields(refused.body.split("resubmit", 1)[1]).items()}
        assert chinese.post(update_url, carried).status == 302
        assert "Internal Server Error" not in server.log_text()

    with app.app_context():
        notes = db.session.scalars(select(StatusUpdate.note)).all()
    assert notes == ["断线时提交"]
