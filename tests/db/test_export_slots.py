"""Issue 7, point 8: the cap on concurrent exports holds across workers. Six exports by one user start at once
against a real, committed database (each request its own connection, as in separate gunicorn workers): with a cap
of two, two run and four get 429, none fails, and every slot is released when its response closes."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.exports import workbook as workbook_module
from tracker.exports.models import ExportSlot
from tracker.extensions import db
from tracker.models import Department, Plan, User, WorkItem

EXPORTS = 6
CAP = 2


def _committed_user() -> str:
    with Session(db.engine) as setup:
        department = Department(code="JXW", name="市经信委", short_name="经信委")
        plan = Plan(code="p", title="杭州市“十二五”信息化发展规划", start_year=2011, end_year=2015)
        setup.add(
            WorkItem(plan=plan, kind="task", title="推进“两化”深度融合", outline_no="1.", lead_department=department)
        )
        user = User(username="viewer", display_name="钱主任", role="viewer", password_hash="x")
        setup.add(user)
        setup.commit()
        return user.get_id()


def _client(app, user_id: str):
    client = app.test_client()
    stamp = utcnow().isoformat()
    with client.session_transaction() as sess:
        sess.update({"_user_id": user_id, "_fresh": True, "login_at": stamp, "seen_at": stamp})
    return client


def test_concurrent_exports_are_capped_per_user_across_connections(migrated_app, monkeypatch):
    app = migrated_app
    monkeypatch.setitem(app.config, "TRACKER_MAX_CONCURRENT_EXPORTS", CAP)
    user_id = _committed_user()
    refused = threading.Semaphore(0)
    go_on = threading.Event()
    real = workbook_module.write_marker

    def held(*args, **kwargs):  # the running exports wait until every other one has been answered
        go_on.wait(60)
        real(*args, **kwargs)

    monkeypatch.setattr(workbook_module, "write_marker", held)
    answers: list[int] = []

    def export() -> None:
        response = _client(app, user_id).get("/export/tasks.xlsx")
        answers.append(response.status_code)
        if response.status_code == 429:
            refused.release()
        response.close()

    threads = [threading.Thread(target=export) for _ in range(EXPORTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    try:
        for _ in range(EXPORTS - CAP):
            # Fails at once if an export is answered otherwise (no running export answers before go_on).
            while not refused.acquire(timeout=0.05):
                assert time.monotonic() < deadline and len(answers) < EXPORTS - CAP + 1, answers
    finally:
        go_on.set()
    for thread in threads:
        thread.join(60)
    assert sorted(answers) == [200] * CAP + [429] * (EXPORTS - CAP)
    with Session(db.engine) as check:
        assert check.scalar(select(func.count()).select_from(ExportSlot)) == 0
