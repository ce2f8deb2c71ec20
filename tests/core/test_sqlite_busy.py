"""SQLite under contention (issue 7, point 2): a writing request queues for the write lock instead of failing,
and when the lock stays taken it answers "busy, nothing was saved" (503) with the user's input kept."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from tests.realdb import build_branch, signed_in
from tests.updates.helpers import form_fields
from tracker.extensions import db
from tracker.updates.models import StatusUpdate


def _db_file(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def _update(version: str = "1", **values) -> dict[str, str]:
    data = {"status": "in_progress", "progress": "40", "note": "第一季度完成选型\r\n第二行", "version": version}
    data.update(values)
    return data


def _journal(app, item_id: int) -> list[str]:
    with app.app_context():
        notes = db.session.scalars(select(StatusUpdate.note).where(StatusUpdate.work_item_id == item_id)).all()
        db.session.remove()
        return list(notes)


class Writer:
    """Another process's connection holding SQLite's write lock (it has written and not yet committed)."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("UPDATE departments SET name = name || ''")

    def commit(self) -> None:
        self.connection.execute("COMMIT")
        self.connection.close()


@pytest.fixture
def busy_app(fresh_app):
    return fresh_app("sqlite", TRACKER_DB_LOCK_TIMEOUT_SECONDS=1, TRACKER_DB_RETRIES=1)


def test_a_post_waits_for_a_writer_to_finish_instead_of_failing(fresh_app):
    app = fresh_app("sqlite")  # the default five-second busy timeout
    branch = build_branch(app)
    client = signed_in(app, branch.lead_id)
    writer = Writer(_db_file(app))
    # The writer commits while the post is waiting for it; a post that had begun reading before would now be
    # refused at once (its snapshot is stale), which was the 500 "database is locked".
    releasing = threading.Timer(0.5, writer.commit)
    releasing.start()
    try:
        response = client.post(f"/items/{branch.first}/update", data=_update())
    finally:
        releasing.join()
    assert response.status_code == 302
    assert _journal(app, branch.first) == ["第一季度完成选型\r\n第二行"]


def test_a_post_that_cannot_get_the_lock_says_nothing_was_saved_and_can_be_posted_again(busy_app):
    branch = build_branch(busy_app)
    client = signed_in(busy_app, branch.lead_id)
    url = f"/items/{branch.first}/update"
    writer = Writer(_db_file(busy_app))
    try:
        refused = client.post(url, data=_update(), headers={"Accept-Language": "zh-CN"})
    finally:
        writer.commit()

    html = refused.get_data(as_text=True)
    assert refused.status_code == 503
    assert int(refused.headers["Retry-After"]) > 0
    assert "系统繁忙" in html and "您的操作没有保存" in html and "Traceback" not in html
    assert _journal(busy_app, branch.first) == []
    carried = form_fields(html[html.index('data-testid="resubmit"') :])
    assert {name: field.value for name, field in carried.items()} == _update()

    # One click posts the same fields again; now the lock is free.
    again = client.post(url, data={name: field.value for name, field in carried.items()})
    assert again.status_code == 302
    assert _journal(busy_app, branch.first) == ["第一季度完成选型\r\n第二行"]


def test_a_sign_in_that_cannot_get_the_lock_does_not_carry_the_password_back(busy_app):
    build_branch(busy_app)
    writer = Writer(_db_file(busy_app))
    try:
        refused = busy_app.test_client().post("/login", data={"username": "lead", "password": "correct horse battery"})
    finally:
        writer.commit()
    html = refused.get_data(as_text=True)
    assert refused.status_code == 503
    assert "correct horse battery" not in html
    assert 'name="username" value="lead"' in html and "密码和上传的文件不会保留" in html


def test_reading_pages_do_not_wait_for_the_write_lock(busy_app):
    branch = build_branch(busy_app)
    writer = Writer(_db_file(busy_app))
    try:
        page = signed_in(busy_app, branch.lead_id).get(f"/items/{branch.first}")
    finally:
        writer.commit()
    assert page.status_code == 200


def test_every_writer_gets_its_turn(busy_app):
    """Writing requests from several threads at once: each is either saved or told it lost to a newer version."""
    branch = build_branch(busy_app)
    results: list[int] = []

    def post(n: int) -> None:
        response = signed_in(busy_app, branch.lead_id).post(
            f"/items/{branch.second}/update", data=_update(progress=str(30 + n), note=f"第{n}次")
        )
        results.append(response.status_code)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(results)) <= [200, 302] and results.count(302) == 1  # the rest saw version 1 go stale
    with busy_app.app_context():
        assert db.session.scalar(select(func.count(StatusUpdate.id))) == 1
