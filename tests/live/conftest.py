"""The app the live reporting tests serve (tests/live/reporting.py builds its plan)."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY
from tests.live.reporting import build_reporting_plan
from tracker import create_app
from tracker.extensions import db


@pytest.fixture
def plan_app(databases, backend):
    """The reporting plan on the database `--db` names, committed; `LIVE_CLIENTS`: (username, token, item id)."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=databases.create(backend), TRACKER_TODAY=TODAY.isoformat())
    with app.app_context():
        db.create_all()
        app.config["LIVE_CLIENTS"] = build_reporting_plan()
    yield app
    with app.app_context():
        db.engine.dispose()
