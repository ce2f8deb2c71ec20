"""The one request lifecycle (tracker.core.transactions): a good answer is committed once, an error answer or an
exception leaves nothing, a lost version race is a conflict, and a service's refusal reaches the user as field
messages, a 422, a 409 or a 403 (JSON for a client that asks for it).

The app runs on a database of its own with real commits, and routes of its own that do exactly one thing each.
"""

from __future__ import annotations

import itertools

import pytest
from flask import Blueprint, Response, redirect, render_template_string, stream_with_context
from flask_wtf import FlaskForm
from sqlalchemy import event, func, select, update
from wtforms import StringField

from tests.factories import Factories
from tracker.core.errors import ConflictError, PermissionDenied, ValidationError
from tracker.core.forms import save_action, save_form
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem

JSON = {"Accept": "application/json"}


class NameForm(FlaskForm):
    name = StringField()


def _add(name: str) -> Department:
    department = Department(code=name, name=name, short_name=name)
    db.session.add(department)
    return department


def _lose_the_race(item_id: int, title: str) -> None:
    """Change an item after another transaction (simulated by a statement beside the ORM) moved its version."""
    item = db.session.get(WorkItem, item_id)
    table = WorkItem.__table__  # not the ORM's update, which would move the loaded item's version too
    db.session.execute(update(table).where(table.c.id == item_id).values(version=table.c.version + 1))
    item.title = title


def _routes() -> Blueprint:
    bp = Blueprint("lifecycle_probe", __name__, url_prefix="/probe")

    @bp.post("/write/<name>")
    def write(name):
        _add(name)
        return redirect("/")

    @bp.post("/write-then-fail/<name>")
    def write_then_fail(name):
        _add(name)
        db.session.flush()
        raise RuntimeError("after the write")

    @bp.post("/write-then-answer-400/<name>")
    def write_then_answer_400(name):
        _add(name)
        return "refused", 400

    @bp.post("/stale-at-commit/<int:item_id>")
    def stale_at_commit(item_id):
        _lose_the_race(item_id, "本次的标题")
        return redirect("/")

    @bp.post("/refuse")
    def refuse():
        _add("refused")
        raise PermissionDenied("不能这样做。")

    @bp.post("/invalid")
    def invalid():
        _add("invalid")
        raise ValidationError(errors={"name": ["名称已被使用。"]}, form_errors=["请检查后重试。"])

    @bp.post("/conflict")
    def conflict():
        raise ConflictError("其他人已修改。")

    @bp.post("/form/<mode>")
    def form_view(mode):
        form = NameForm()

        def service():
            _add(form.name.data)
            db.session.flush()
            if mode == "invalid":
                raise ValidationError("名称已被使用。", field="name")
            if mode == "conflict":
                raise ConflictError("其他人已修改。", changes=[("名称", "甲", "乙")])
            return form.name.data

        saved = save_form(form, service)
        if saved.done:
            return redirect(f"/saved/{saved.result}")
        conflict = saved.conflict.message if saved.conflict else ""
        return render_template_string("{{ form.name.errors|join }}|{{ conflict }}", form=form, conflict=conflict)

    @bp.post("/form-stale/<int:item_id>")
    def form_stale(item_id):
        saved = save_form(NameForm(), lambda: _lose_the_race(item_id, "本次的标题"))
        return f"{saved.done}|{saved.conflict.message if saved.conflict else ''}"

    @bp.post("/button/<name>")
    def button(name):
        def service():
            _add(name)
            db.session.flush()
            raise ValidationError("已经处理过。")

        return str(save_action(service).done)

    @bp.get("/stream")
    def stream():
        names = [d.name for d in db.session.scalars(select(Department).order_by(Department.code))]
        return Response(stream_with_context(f"{name}\n" for name in names), mimetype="text/plain")

    return bp


@pytest.fixture
def probe(fresh_app):
    app = fresh_app("sqlite")
    app.register_blueprint(_routes())
    with app.app_context():
        make = Factories(db.session, itertools.count(1))
        item = make.item(make.plan(), title="原来的标题")
        db.session.commit()
        app.config["probe.item_id"] = item.id
        db.session.remove()
    commits: list[int] = []
    with app.app_context():
        event.listen(db.engine, "commit", lambda connection: commits.append(1))
    app.config["probe.commits"] = commits
    return app


def _departments(app) -> list[str]:
    with app.app_context():
        names = list(db.session.scalars(select(Department.name).order_by(Department.name)))
        db.session.remove()
        return names


def _title(app) -> tuple[str, int]:
    with app.app_context():
        item = db.session.get(WorkItem, app.config["probe.item_id"])
        found = (item.title, item.version)
        db.session.remove()
        return found


def test_a_good_answer_is_committed_once(probe):
    commits = probe.config["probe.commits"]
    commits.clear()
    response = probe.test_client().post("/probe/write/甲")
    assert response.status_code == 302
    assert _departments(probe) == ["甲"]
    assert len(commits) == 1


def test_an_exception_leaves_nothing(probe):
    response = probe.test_client().post("/probe/write-then-fail/乙")
    assert response.status_code == 500
    assert _departments(probe) == []


def test_an_error_response_leaves_nothing(probe):
    response = probe.test_client().post("/probe/write-then-answer-400/丙")
    assert response.status_code == 400
    assert _departments(probe) == []


def test_a_race_lost_at_the_commit_is_a_conflict_and_leaves_nothing(probe):
    client = probe.test_client()
    page = client.post(f"/probe/stale-at-commit/{probe.config['probe.item_id']}")
    assert page.status_code == 409
    assert "其他人刚刚修改了同一条记录" in page.get_data(as_text=True)
    body = client.post(f"/probe/stale-at-commit/{probe.config['probe.item_id']}", headers=JSON)
    assert body.status_code == 409 and body.json["error"]["code"] == "conflict"
    assert _title(probe) == ("原来的标题", 1)


def test_a_refusal_is_a_403_and_leaves_nothing(probe):
    client = probe.test_client()
    page = client.post("/probe/refuse")
    assert page.status_code == 403 and "没有权限" in page.get_data(as_text=True)
    body = client.post("/probe/refuse", headers=JSON)
    assert body.status_code == 403
    assert body.json == {"error": {"code": "forbidden", "message": "不能这样做。", "fields": {}}}
    assert _departments(probe) == []


def test_a_validation_error_no_view_handled_is_a_422_with_every_message(probe):
    client = probe.test_client()
    body = client.post("/probe/invalid", headers=JSON)
    assert body.status_code == 422
    assert body.json["error"]["code"] == "validation_failed"
    assert body.json["error"]["fields"] == {"name": ["名称已被使用。"]}
    assert body.json["error"]["message"] == "名称已被使用。"
    page = client.post("/probe/invalid")
    assert page.status_code == 422
    assert "名称已被使用。" in page.get_data(as_text=True) and "请检查后重试。" in page.get_data(as_text=True)
    assert _departments(probe) == []


def test_a_conflict_no_view_handled_is_a_409(probe):
    page = probe.test_client().post("/probe/conflict")
    assert page.status_code == 409 and "其他人已修改。" in page.get_data(as_text=True)


def test_a_form_save_is_committed(probe):
    response = probe.test_client().post("/probe/form/ok", data={"name": "丁"})
    assert response.status_code == 302 and response.headers["Location"] == "/saved/%E4%B8%81"
    assert _departments(probe) == ["丁"]


def test_a_refused_form_save_shows_the_message_at_its_field_and_is_rolled_back(probe):
    response = probe.test_client().post("/probe/form/invalid", data={"name": "戊"})
    # The page is a good answer (200), yet what the service wrote before it refused is gone.
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "名称已被使用。|"
    assert _departments(probe) == []


def test_a_form_save_in_conflict_is_returned_to_the_view_and_rolled_back(probe):
    response = probe.test_client().post("/probe/form/conflict", data={"name": "己"})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "|其他人已修改。"
    assert _departments(probe) == []


def test_a_race_lost_at_the_flush_of_a_form_save_is_a_conflict_for_the_view(probe):
    response = probe.test_client().post(f"/probe/form-stale/{probe.config['probe.item_id']}")
    assert response.status_code == 200
    done, message = response.get_data(as_text=True).split("|")
    assert done == "False" and "其他人刚刚修改了同一条记录" in message
    assert _title(probe) == ("原来的标题", 1)


def test_a_refused_button_is_flashed_and_rolled_back(probe):
    client = probe.test_client()
    assert client.post("/probe/button/庚").get_data(as_text=True) == "False"
    with client.session_transaction() as session:
        assert ("error", "已经处理过。") in session["_flashes"]
    assert _departments(probe) == []


def test_a_streamed_response_still_reads_after_the_commit(probe):
    probe.test_client().post("/probe/write/辛")
    probe.test_client().post("/probe/write/壬")
    response = probe.test_client().get("/probe/stream")
    assert response.status_code == 200 and response.get_data(as_text=True) == "壬\n辛\n"
    with probe.app_context():
        assert db.session.scalar(select(func.count()).select_from(Department)) == 2
