"""Many people reporting at once through a real server (issue 7, points 2 and 3): gunicorn with four worker
processes, on the database `--db` names (SQLite as a file). Several clients sign in at the same moment (each
sign-in writes), then report on one item together and on its siblings and cousins.

Nobody may get a 5xx; every accepted report has its journal row and its audit rows; each item's journal is one
unbroken chain (every report starts where the one before it ended) ending in the item's stored state; and every
rolled-up progress equals what a from-scratch computation over the stored items gives.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.factories import PASSWORD, Factories
from tests.live.server import Client, gunicorn
from tracker import create_app
from tracker.core.models import AuditEvent
from tracker.extensions import db
from tracker.plan.hierarchy import Link, place_all
from tracker.plan.models import WorkItem
from tracker.updates.models import StatusUpdate

pytestmark = pytest.mark.live

REPORTS_EACH = 5
ON_THE_SAME_ITEM = 3  # clients reporting on the first item together; one more client on every other leaf


@pytest.fixture
def plan_app(databases, backend):
    """A section with two tasks, three and two subtasks; a lead per client. Committed for the server to read."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=databases.create(backend), TRACKER_TODAY=TODAY.isoformat())
    with app.app_context():
        db.create_all()
        make = Factories(db.session, itertools.count(1))
        dept = make.department(name="市经信委")
        plan = make.plan()
        common = {"lead_department": dept, "due_date": date(2015, 12, 31), "status": "in_progress", "progress": 20}
        section = make.item(plan, kind="section", **common)
        tasks = [make.item(plan, section, **common) for _ in range(2)]
        leaves = [make.item(plan, tasks[0], kind="subtask", **common) for _ in range(3)]
        leaves += [make.item(plan, tasks[1], kind="subtask", weight=2, **common) for _ in range(2)]
        targets = [leaves[0].id] * ON_THE_SAME_ITEM + [leaf.id for leaf in leaves[1:]]
        users = [make.user("member", dept, username=f"member{n}").username for n in range(len(targets))]
        db.session.commit()
        db.session.remove()
    app.config["LIVE_CLIENTS"] = list(zip(users, targets, strict=True))
    yield app
    with app.app_context():
        db.engine.dispose()


def _report(client: Client, item_id: int, n: int, accepted: list, statuses: list) -> None:
    url = f"/items/{item_id}/update"
    fields = client.form(url)
    progress = 1 + (int(fields["progress"]) + 7 * n + 3) % 99  # always a change, sometimes downwards
    note = f"{client.name} 第{n}次"
    answer = client.post(url, {**fields, "status": "in_progress", "progress": str(progress), "note": note})
    statuses.append(answer.status)
    if answer.status == 302:
        accepted.append((item_id, note))
    else:
        assert answer.status < 500, f"{client.name}: {answer.status}\n{answer.body[:2000]}"
        assert answer.status == 200 and 'data-testid="conflict"' in answer.body, answer.body[:2000]


def test_people_reporting_at_once_are_all_served_and_every_rollup_stays_right(plan_app, tmp_path):
    clients = plan_app.config["LIVE_CLIENTS"]
    accepted: list[tuple[int, str]] = []
    statuses: list[int] = []
    failures: list[BaseException] = []
    start = threading.Barrier(len(clients))

    with gunicorn(plan_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "gunicorn.log") as server:

        def person(username: str, item_id: int) -> None:
            try:
                client = Client(server.port, name=username)
                start.wait()
                signed_in = client.sign_in(username, PASSWORD)
                statuses.append(signed_in.status)
                assert signed_in.status == 302, f"sign-in of {username}: {signed_in.status}"
                for n in range(REPORTS_EACH):
                    _report(client, item_id, n, accepted, statuses)
            except BaseException as error:
                failures.append(error)

        threads = [threading.Thread(target=person, args=client) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        log = server.log_text()

    assert not failures, failures[0]
    assert all(status < 500 for status in statuses) and "Traceback" not in log, log
    assert len(accepted) >= len(set(clients))  # at least every client on its own item got through

    with plan_app.app_context():
        _check_journals(accepted)
        _check_rollups()


def _check_journals(accepted: list[tuple[int, str]]) -> None:
    updates = db.session.scalars(select(StatusUpdate).order_by(StatusUpdate.id)).all()
    assert sorted((u.work_item_id, u.note) for u in updates) == sorted(accepted)  # each accepted, nothing else
    audited = Counter(
        (event.entity_id, event.actor_id, event.action, event.field, event.old_value, event.new_value)
        for event in db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "work_item"))
    )
    assert audited == Counter(row for update in updates for row in _audit_rows_of(update))
    for item in db.session.scalars(select(WorkItem).where(WorkItem.parent_id.is_not(None))):
        chain = [u for u in updates if u.work_item_id == item.id]
        for before, after in itertools.pairwise(chain):
            assert after.progress_before == before.progress_after, f"a report on item {item.id} was lost"
        if chain:
            assert chain[0].progress_before == 20
            assert (item.progress, item.status) == (chain[-1].progress_after, chain[-1].status_after)


def _audit_rows_of(update: StatusUpdate) -> list[tuple]:
    """The audit rows one accepted report leaves (nothing else writes work items' audit rows here): one per changed
    field, or one "report" row naming it when nothing but its note changed."""
    who = (update.work_item_id, update.author_id)
    rows = [
        (*who, "update", field, str(before), str(after))
        for field, before, after in (
            ("status", update.status_before, update.status_after),
            ("progress", update.progress_before, update.progress_after),
        )
        if before != after
    ]
    return rows or [(*who, "report", "", None, str(update.id))]


def _check_rollups() -> None:
    items = db.session.scalars(select(WorkItem)).all()
    links = [Link(i.id, i.parent_id, i.sort_order, i.progress, i.weight, i.retired) for i in items]
    expected = place_all(links)
    assert {i.id: i.rollup_progress for i in items} == {i: placed.rollup_progress for i, placed in expected.items()}
