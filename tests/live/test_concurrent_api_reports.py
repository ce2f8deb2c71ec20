"""Many programs reporting at once through the API on a real server: gunicorn with four worker processes, on the
database `--db` names. Each client reads the item's version, posts a report with it and, on a 409 (someone was
quicker), reads again and retries, as the API asks a program to do.

Nobody may get a 5xx; every 201 is in the journal with its audit rows (nothing lost, nothing extra); each item's
journal is one unbroken chain ending in its stored state; every rolled-up progress is right (tests/live/reporting).
"""

from __future__ import annotations

import threading

import pytest

from tests.factories import PASSWORD
from tests.live.reporting import check_journals, check_rollups
from tests.live.server import Client, api_call, gunicorn, run_at_once

pytestmark = pytest.mark.live

REPORTS_EACH = 5
ATTEMPTS = 30  # per report: far more than the other clients on the same item can take from it


def _stored_state(page: Client, item_id: int) -> tuple[int, int]:
    """The item's version and progress as the update page shows them (a fresh read after a 409)."""
    fields = page.form(f"/items/{item_id}/update")
    return int(fields["version"]), int(fields["progress"])


def _report(page: Client, port: int, token: str, item_id: int, n: int, accepted: list, statuses: list) -> None:
    note = f"{page.name} 第{n}次"
    for _ in range(ATTEMPTS):
        version, progress = _stored_state(page, item_id)
        body = {
            "status": "in_progress",
            "progress": 1 + (progress + 7 * n + 3) % 99,  # always a change, sometimes downwards (the note says why)
            "note": note,
            "version": version,
        }
        status, answer = api_call(port, token, "POST", f"/api/v1/items/{item_id}/updates", body)
        statuses.append(status)
        assert status < 500, f"{page.name}: {status} {answer}"
        if status == 201:
            assert answer["data"]["note"] == note and answer["data"]["subject_version"] > version
            accepted.append((item_id, note))
            return
        assert status == 409 and answer["error"]["code"] == "conflict", (status, answer)
    pytest.fail(f"{page.name}: no report accepted in {ATTEMPTS} attempts")


def test_programs_reporting_at_once_lose_nothing(plan_app, tmp_path):
    clients = plan_app.config["LIVE_CLIENTS"]
    accepted: list[tuple[int, str]] = []
    statuses: list[int] = []
    start = threading.Barrier(len(clients), timeout=60)  # one that fails before the start must not hang the rest

    with gunicorn(plan_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "gunicorn.log") as server:

        def program(username: str, token: str, item_id: int) -> None:
            page = Client(server.port, name=username)  # reads the stored version from the update page
            assert page.sign_in(username, PASSWORD).status == 302
            start.wait()
            for n in range(REPORTS_EACH):
                _report(page, server.port, token, item_id, n, accepted, statuses)

        failures = run_at_once(program, clients)
        log = server.log_text()

    assert not failures, failures[0]
    assert all(status < 500 for status in statuses) and "Traceback" not in log, log
    assert len(accepted) == REPORTS_EACH * len(clients)  # each program got every report in, by retrying

    with plan_app.app_context():
        check_journals(accepted)
        check_rollups()
