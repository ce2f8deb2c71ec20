"""Several people setting one item's yearly milestones at once through a real server (gunicorn, four workers, on
the database `--db` names): each sets its own year from the same loaded table. One save wins each round; the rest
meet a conflict whose page keeps their year and takes the others' as stored now, so saving that page again loses
nobody's year. Nobody gets a 5xx; in the end every year is stored as its person typed it, audited once.
"""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, Factories
from tests.live.server import Client, gunicorn, run_at_once
from tests.updates.helpers import form_fields
from tracker.core.models import AuditEvent
from tracker.extensions import db
from tracker.plan.models import ItemMilestone

pytestmark = pytest.mark.live

YEARS = (2011, 2012, 2013, 2014, 2015)
ROUNDS = 10  # a person saves again at most this often (each conflict is a round)


def _target(year: int) -> int:
    """Rising with the year, so that any mix of saved years keeps the targets from falling."""
    return 15 * (year - 2010)


def _deliverable(year: int) -> str:
    return f"{year} 年成果：平台上线, “验收” 🎯 & <b>报告</b>"


def test_people_setting_milestones_at_once_lose_nobodys_year(plan_app, tmp_path):
    item_id = plan_app.config["LIVE_CLIENTS"][0][2]
    with plan_app.app_context():
        make = Factories(db.session, itertools.count(70_000))
        office = [make.user("office", username=f"office{year}").username for year in YEARS]
        db.session.commit()
    url = f"/items/{item_id}/milestones"
    statuses: list[int] = []
    start = threading.Barrier(len(YEARS), timeout=60)

    with gunicorn(plan_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "gunicorn.log") as server:

        def person(username: str, year: int) -> None:
            client = Client(server.port, name=username)
            assert client.sign_in(username, PASSWORD).status == 302
            fields = client.form(url)
            start.wait()
            for _ in range(ROUNDS):
                answer = client.post(
                    url, {**fields, f"target_{year}": str(_target(year)), f"deliverable_{year}": _deliverable(year)}
                )
                statuses.append(answer.status)
                if answer.status == 302:
                    return
                assert answer.status < 500 and 'data-testid="conflict"' in answer.body, answer.body[:2000]
                fields = {name: field.value for name, field in form_fields(answer.body).items()}
            raise AssertionError(f"{username} never got {year} saved")

        failures = run_at_once(person, list(zip(office, YEARS, strict=True)))
        log = server.log_text()

    assert not failures, failures[0]
    assert all(status < 500 for status in statuses) and "Traceback" not in log, log
    # All loaded the same table: one save could stand on it, the others met a conflict first.
    assert statuses.count(302) == len(YEARS) and len(statuses) > len(YEARS), statuses
    with plan_app.app_context():
        stored = db.session.scalars(select(ItemMilestone).where(ItemMilestone.work_item_id == item_id)).all()
        assert {(m.year, m.target_progress, m.deliverable) for m in stored} == {
            (year, _target(year), _deliverable(year)) for year in YEARS
        }
        audited = db.session.scalars(
            select(AuditEvent.field).where(AuditEvent.entity_id == item_id, AuditEvent.field.like("milestone.%"))
        ).all()
        assert sorted(audited) == [f"milestone.{year}" for year in YEARS]
