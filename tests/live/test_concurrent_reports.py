"""Many people reporting at once through a real server (issue 7, points 2 and 3): gunicorn with four worker
processes, on the database `--db` names (SQLite as a file). Several clients sign in at the same moment (each
sign-in writes), then report on one item together and on its siblings and cousins.

Nobody may get a 5xx; every accepted report has its journal row and its audit rows; each item's journal is one
unbroken chain (every report starts where the one before it ended) ending in the item's stored state; and every
rolled-up progress equals what a from-scratch computation over the stored items gives.
"""

from __future__ import annotations

import threading

import pytest

from tests.factories import PASSWORD
from tests.live.reporting import check_journals, check_rollups
from tests.live.server import Client, gunicorn, run_at_once

pytestmark = pytest.mark.live

REPORTS_EACH = 5


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
    clients = [(username, item_id) for username, _, item_id in plan_app.config["LIVE_CLIENTS"]]
    accepted: list[tuple[int, str]] = []
    statuses: list[int] = []
    start = threading.Barrier(len(clients), timeout=60)  # one that fails before the start must not hang the rest

    with gunicorn(plan_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "gunicorn.log") as server:

        def person(username: str, item_id: int) -> None:
            client = Client(server.port, name=username)
            start.wait()
            signed_in = client.sign_in(username, PASSWORD)
            statuses.append(signed_in.status)
            assert signed_in.status == 302, f"sign-in of {username}: {signed_in.status}"
            for n in range(REPORTS_EACH):
                _report(client, item_id, n, accepted, statuses)

        failures = run_at_once(person, clients)
        log = server.log_text()

    assert not failures, failures[0]
    assert all(status < 500 for status in statuses) and "Traceback" not in log, log
    assert len(accepted) >= len(set(clients))  # at least every client on its own item got through

    with plan_app.app_context():
        check_journals(accepted)
        check_rollups()
