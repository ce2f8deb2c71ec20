"""Rollups under concurrent reports (issue 7, point 3): two people report on sibling items at the same moment; the
parent's rolled-up progress must count both, whichever commits last.

The second report is made to wait for the first one's locks before the first commits (the test watches the
server's lock waits), which is exactly the interleaving that used to lose a report: the second computed the
parent from the children it could read (the first's report not yet committed) and then overwrote the first's
figure. SQLite has one writer at a time (BEGIN IMMEDIATE); tests/live covers it through a real server.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import text

from tests.conftest import TODAY
from tests.realdb import build_branch, fresh_app  # noqa: F401  (fresh_app is a fixture)
from tracker.auth.models import User
from tracker.extensions import db
from tracker.plan.models import WorkItem
from tracker.updates.services import UpdateData, post_status_update

# A statement of another connection to this test's database that is waiting for a lock (MariaDB's INNODB_TRX is
# server-wide and lags; its process list shows a statement still running, seen twice in a row).
LOCK_WAITS = {
    "postgresql": "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND wait_event_type = 'Lock'",
    "mariadb": "SELECT count(*) FROM information_schema.PROCESSLIST "
    "WHERE DB = DATABASE() AND COMMAND = 'Query' AND ID <> CONNECTION_ID()",
}


def _report(item_id: int, user_id: int, progress: int) -> None:
    """In the current app context's session: post and flush, do not commit."""
    item, user = db.session.get(WorkItem, item_id), db.session.get(User, user_id)
    post_status_update(item, UpdateData(status="in_progress", progress=progress, version=item.version), user, TODAY)


def _wait_until_someone_waits_for_a_lock(app, backend: str, other: threading.Thread, errors: list) -> None:
    seen = 0
    with app.app_context(), db.engine.connect() as watcher:
        for _ in range(400):  # an upper bound on polling, not a timing assertion
            assert other.is_alive(), f"the second report did not wait for the first: {errors}"
            seen = seen + 1 if watcher.execute(text(LOCK_WAITS[backend])).scalar() else 0
            if seen == 2:
                return
            watcher.rollback()
            time.sleep(0.025)
    pytest.fail("the second report never waited for the first one's locks")


@pytest.mark.parametrize("backend", ["postgresql", "mariadb"])
def test_reports_on_sibling_items_at_the_same_moment_both_count_in_every_ancestor(fresh_app, backend):  # noqa: F811
    app = fresh_app(backend)
    branch = build_branch(app)
    errors: list[BaseException] = []

    def second_report() -> None:
        with app.app_context():
            try:
                _report(branch.second, branch.lead, 80)
                db.session.commit()
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    with app.app_context():
        _report(branch.first, branch.lead, 60)  # flushed: the first report holds its rows
        other = threading.Thread(target=second_report)
        other.start()
        try:
            _wait_until_someone_waits_for_a_lock(app, backend, other, errors)
        finally:
            db.session.commit()
            other.join(60)
        db.session.remove()
    assert not errors

    with app.app_context():
        rollup = {item.id: item.rollup_progress for item in db.session.query(WorkItem)}
    assert rollup[branch.task] == Decimal("70.0")  # (60 + 80) / 2
    assert rollup[branch.section] == Decimal("45.0")  # (70 + 20) / 2
