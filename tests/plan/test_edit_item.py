"""Editing a work item: the office edits details, a lead only the owner; every change audited; stale versions
refused with the user's input kept; bad input answered at the field with the database unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from tests.plan.helpers import audit_rows, form_fields
from tracker.core.errors import ConflictError
from tracker.core.models import AuditEvent
from tracker.plan import structure
from tracker.plan.models import WorkItem, work_item_supporting_departments


def edit_form(item, **overrides) -> dict:
    """What the office's edit form sends for `item` unchanged, with `overrides` applied."""
    data = {
        "title": item.title,
        "outline_no": item.outline_no,
        "mandate": item.mandate,
        "start_date": item.start_date.isoformat() if item.start_date else "",
        "due_date": item.due_date.isoformat() if item.due_date else "",
        "weight": f"{item.weight:.2f}",
        "owner_id": str(item.owner_id or ""),
        "lead_department_id": str(item.lead_department_id or ""),
        "supporting_department_ids": [str(d.id) for d in item.supporting_departments],
        "version": str(item.version),
    }
    data.update(overrides)
    return data


def _snapshot(session, item) -> tuple:
    """The item's row and supporting departments as stored, read afresh (never from the identity map)."""
    row = session.execute(
        select(
            WorkItem.title,
            WorkItem.outline_no,
            WorkItem.mandate,
            WorkItem.start_date,
            WorkItem.due_date,
            WorkItem.weight,
            WorkItem.owner_id,
            WorkItem.lead_department_id,
            WorkItem.version,
        ).where(WorkItem.id == item.id)
    ).one()
    supporting = session.scalars(
        select(work_item_supporting_departments.c.department_id)
        .where(work_item_supporting_departments.c.work_item_id == item.id)
        .order_by(work_item_supporting_departments.c.department_id)
    ).all()
    return (*row, list(supporting))


def _audit_count(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.fixture
def office(make):
    return make.user("office", display_name="办公室刘")


def test_office_edits_details_and_every_change_is_audited(client_for, make, session, office, tree_plan):
    p = tree_plan
    task = p.task1
    owner = make.user("member", p.dept_b, display_name="陈工")
    url = f"/items/{task.id}/edit"
    response = client_for(office).post(
        url,
        data=edit_form(
            task,
            due_date="2014-03-31",
            weight="12.5",
            owner_id=str(owner.id),
            lead_department_id=str(p.dept_b.id),
            supporting_department_ids=[str(p.dept_a.id)],
            title="推进电子政务建设（修订）",
        ),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/items/{task.id}")
    session.expire_all()
    assert (task.due_date, task.weight, task.owner_id, task.lead_department_id) == (
        date(2014, 3, 31),
        Decimal("12.50"),
        owner.id,
        p.dept_b.id,
    )
    assert [d.id for d in task.supporting_departments] == [p.dept_a.id]
    assert task.version == 2
    assert sorted(audit_rows(session, task.id)) == sorted(
        [
            ("update", "title", "推进电子政务建设", "推进电子政务建设（修订）"),
            ("update", "due_date", "2013-01-31", "2014-03-31"),
            ("update", "weight", "3.00", "12.50"),
            ("update", "owner", None, f"陈工 (#{owner.id})"),
            ("update", "lead_department", "杭州市经济和信息化委员会", "杭州市发展和改革委员会"),
            ("update", "supporting_departments", "", "杭州市经济和信息化委员会"),
        ]
    )
    actors = session.scalars(select(AuditEvent.actor_id).where(AuditEvent.entity_id == task.id)).all()
    assert set(actors) == {office.id}
    # And the item page's timeline shows them.
    timeline = client_for(office).get(f"/items/{task.id}").get_data(as_text=True)
    timeline = timeline[timeline.index('data-testid="timeline"') :]
    assert "2014-03-31" in timeline and "办公室刘" in timeline and "牵头部门" in timeline


def test_changing_only_the_supporting_departments_moves_the_version(client_for, session, office, tree_plan):
    task = tree_plan.task2
    response = client_for(office).post(
        f"/items/{task.id}/edit", data=edit_form(task, supporting_department_ids=[str(tree_plan.dept_a.id)])
    )
    assert response.status_code == 302
    session.expire_all()
    assert task.version == 2 and [d.id for d in task.supporting_departments] == [tree_plan.dept_a.id]


def test_saving_without_changes_writes_nothing(client_for, session, office, tree_plan):
    task = tree_plan.task1
    before = _audit_count(session)
    # As a browser sends it: the mandate's line breaks arrive as CRLF.
    unchanged = edit_form(task, mandate=task.mandate.replace("\n", "\r\n"))
    response = client_for(office).post(f"/items/{task.id}/edit", data=unchanged, follow_redirects=True)
    assert "没有需要保存的修改" in response.get_data(as_text=True)
    assert _audit_count(session) == before and _snapshot(session, task)[-2] == 1


def test_chinese_emoji_and_mixed_scripts_round_trip(client_for, session, office, tree_plan):
    task = tree_plan.task1
    title = "推进“城市大脑”建设 🚀 Phase Ⅱ — 𠮷野家"
    mandate = "第一行：IPv6 改造；\n\t第二行：数据中心 ☁️\r\n第三行"
    client = client_for(office)
    assert client.post(f"/items/{task.id}/edit", data=edit_form(task, title=title, mandate=mandate)).status_code == 302
    session.expire_all()
    assert task.title == title and task.mandate == mandate.replace("\r\n", "\n")
    html = client.get(f"/items/{task.id}").get_data(as_text=True)
    assert title in html
    assert form_fields(client.get(f"/items/{task.id}/edit").get_data(as_text=True))["title"].value == title


def test_a_lead_sets_only_the_owner_and_forged_fields_are_ignored(client_for, make, session, tree_plan):
    p = tree_plan
    task = p.task1  # led by dept A
    lead = make.user("lead", p.dept_a)
    colleague = make.user("member", p.dept_a, display_name="同部门小王")
    outsider = make.user("member", p.dept_b, display_name="外部门老李")
    client = client_for(lead)
    url = f"/items/{task.id}/edit"

    page = client.get(url).get_data(as_text=True)
    fields = form_fields(page)
    assert set(fields) == {"owner_id", "version"}
    assert "同部门小王" in page and "外部门老李" not in page

    forged = edit_form(
        task,
        owner_id=str(colleague.id),
        title="伪造标题",
        lead_department_id=str(p.dept_b.id),
        weight="99",
        due_date="2020-01-01",
    )
    assert client.post(url, data=forged).status_code == 302
    session.expire_all()
    assert task.owner_id == colleague.id
    assert (task.title, task.lead_department_id, task.weight, task.due_date) == (
        "推进电子政务建设",
        p.dept_a.id,
        Decimal("3.00"),
        date(2013, 1, 31),
    )
    assert task.version == 2
    assert [row[1] for row in audit_rows(session, task.id)] == ["owner"]

    # An owner from another department is refused at the field, however it is sent.
    before = _snapshot(session, task)
    refused = client.post(url, data={"owner_id": str(outsider.id), "version": str(task.version)})
    assert refused.status_code == 200
    assert form_fields(refused.get_data(as_text=True))["owner_id"].invalid
    assert _snapshot(session, task) == before


def test_a_forged_version_never_reaches_the_row(client_for, make, session, tree_plan):
    p = tree_plan
    lead = make.user("lead", p.dept_a)
    colleague = make.user("member", p.dept_a)
    response = client_for(lead).post(
        f"/items/{p.task1.id}/edit", data={"owner_id": str(colleague.id), "version": "999"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-testid="conflict"' in html
    session.expire_all()
    assert (p.task1.version, p.task1.owner_id) == (1, None)


@pytest.mark.parametrize("role", ["member", "viewer", "lead"])
def test_others_may_not_edit(client_for, make, session, tree_plan, role):
    p = tree_plan
    user = make.user(role, p.dept_b if role != "viewer" else None)  # dept B does not lead task1
    client = client_for(user)
    url = f"/items/{p.task1.id}/edit"
    assert client.get(url).status_code == 403
    assert client.post(url, data=edit_form(p.task1, title="不应保存")).status_code == 403
    session.expire_all()
    assert p.task1.title == "推进电子政务建设"


def test_the_second_of_two_edits_from_the_same_version_is_refused(client_for, make, session, tree_plan):
    task = tree_plan.task1
    first, second = client_for(make.user("office")), client_for(make.user("admin"))
    url = f"/items/{task.id}/edit"
    seen_by_first = form_fields(first.get(url).get_data(as_text=True))
    seen_by_second = form_fields(second.get(url).get_data(as_text=True))
    assert seen_by_first["version"].value == seen_by_second["version"].value == "1"

    assert first.post(url, data=edit_form(task, title="第一人改的标题")).status_code == 302
    mine = edit_form(task, title="推进电子政务建设", due_date="2015-06-30", weight="7", version="1")
    refused = second.post(url, data=mine)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'data-testid="conflict"' in html and "其他人已修改" in html
    alert = html[html.index('data-testid="conflict"') : html.index("</div>", html.index('data-testid="conflict"'))]
    assert "标题：推进电子政务建设 → <strong>第一人改的标题</strong>" in alert
    assert "完成期限：2015-06-30 → <strong>2013-01-31</strong>" in alert
    assert "权重：7.00 → <strong>3.00</strong>" in alert
    assert "开始日期" not in alert  # equal on both sides: not a difference
    fields = form_fields(html)
    assert (fields["due_date"].value, fields["weight"].value, fields["title"].value) == (
        "2015-06-30",
        "7",
        "推进电子政务建设",
    )
    assert fields["version"].value == "2"  # refreshed: a deliberate resubmit is judged against what is stored
    session.expire_all()
    assert (task.title, task.due_date, task.version) == ("第一人改的标题", date(2013, 1, 31), 2)

    resubmitted = second.post(url, data={**mine, "version": fields["version"].value})
    assert resubmitted.status_code == 302
    session.expire_all()
    assert (task.due_date, task.version) == (date(2015, 6, 30), 3)


def test_the_service_refuses_a_stale_version_before_writing(make, session, tree_plan):
    office = make.user("office")
    task = tree_plan.task1
    with pytest.raises(ConflictError) as refused:
        structure.edit_item(task, structure.ItemDetails(title="新标题"), expected_version=0, actor=office)
    assert refused.value.changes == [("标题", "新标题", "推进电子政务建设")]
    assert task.title == "推进电子政务建设" and _audit_count(session) == 0


BAD_INPUT = [
    ("start_date", "2023-02-30", "有效日期"),
    ("due_date", "2013-13-01", "有效日期"),
    ("due_date", "2010-12-31", "不能早于开始日期"),  # start is 2011-01-01
    ("weight", "NaN", "权重"),
    ("weight", "Infinity", "权重"),
    ("weight", "1e400", "权重"),
    ("weight", "－5", "权重"),
    ("weight", "-5", "权重"),
    ("weight", "５", "权重"),
    ("weight", "100.01", "权重"),
    ("weight", "1.234", "权重"),
    ("weight", "", "必填"),
    ("title", "", "必填"),
    ("title", "长" * 301, "300"),
    ("title", "标题\x00带NUL", "控制字符"),
    ("title", "标题\x07响铃", "控制字符"),
    ("outline_no", "1" * 17, "16"),
    ("mandate", "正文\x00", "控制字符"),
    ("owner_id", "abc", "请从列表中选择"),
    ("owner_id", "99999999999999999999", "请从列表中选择"),
    ("lead_department_id", "424242", "请从列表中选择"),
    ("supporting_department_ids", ["abc"], "请从列表中选择"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_bad_input_is_answered_at_the_field_and_nothing_changes(
    client_for, session, office, tree_plan, field, value, message
):
    task = tree_plan.task1
    before, audited = _snapshot(session, task), _audit_count(session)
    response = client_for(office).post(f"/items/{task.id}/edit", data=edit_form(task, **{field: value}))
    assert response.status_code == 200
    shown = form_fields(response.get_data(as_text=True))[field]
    assert shown.invalid and any(message in error for error in shown.errors), shown
    assert _snapshot(session, task) == before and _audit_count(session) == audited


def test_an_inactive_user_or_department_cannot_be_chosen(client_for, make, session, office, tree_plan):
    task = tree_plan.task1
    gone = make.user("member", tree_plan.dept_a, active=False)
    closed = make.department(name="已撤并的部门", active=False)
    before = _snapshot(session, task)
    client = client_for(office)
    for field, value in (("owner_id", str(gone.id)), ("lead_department_id", str(closed.id))):
        response = client.post(f"/items/{task.id}/edit", data=edit_form(task, **{field: value}))
        assert form_fields(response.get_data(as_text=True))[field].invalid
    assert _snapshot(session, task) == before


def test_the_lead_department_cannot_also_support(client_for, session, office, tree_plan):
    task = tree_plan.task1
    before = _snapshot(session, task)
    response = client_for(office).post(
        f"/items/{task.id}/edit", data=edit_form(task, supporting_department_ids=[str(tree_plan.dept_a.id)])
    )
    shown = form_fields(response.get_data(as_text=True))["supporting_department_ids"]
    assert shown.invalid and "牵头部门不能同时作为配合部门" in shown.errors[0]
    assert _snapshot(session, task) == before


def test_a_post_without_a_csrf_token_is_refused(app, client_for, monkeypatch, session, office, tree_plan):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    task = tree_plan.task1
    before = _snapshot(session, task)
    refused = client_for(office).post(f"/items/{task.id}/edit", data=edit_form(task, title="没有令牌"))
    assert refused.status_code == 400 and "页面已过期" in refused.get_data(as_text=True)
    assert _snapshot(session, task) == before and _audit_count(session) == 0


def test_a_save_that_loses_the_race_after_the_version_check_is_a_conflict_too(
    client_for, monkeypatch, session, office, tree_plan
):
    """Both saves passed the version check; the other one reached the row first (simulated just before flush)."""
    task = tree_plan.task1
    record_changes = structure.audit.record_changes

    def someone_else_saves_first(*args, **kwargs):
        session.execute(text("UPDATE work_items SET version = version + 1 WHERE id = :id"), {"id": task.id})
        return record_changes(*args, **kwargs)

    monkeypatch.setattr(structure.audit, "record_changes", someone_else_saves_first)
    response = client_for(office).post(f"/items/{task.id}/edit", data=edit_form(task, title="我的标题"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-testid="conflict"' in html
    assert form_fields(html, "edit-item-form")["title"].value == "我的标题"
    assert _snapshot(session, task)[0] == "推进电子政务建设" and _audit_count(session) == 0
