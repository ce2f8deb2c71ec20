"""Sign-off on the pages (issue 10): the department setting, a member's draft through the form and the import, the
lead's approve and return buttons, who may press them, and what the readers of the journal leave out."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.exports.conftest import export_plan  # noqa: F401  # the import test's world
from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import _batch_id, upload
from tracker.core.models import AuditEvent
from tracker.dashboard.figures import latest_updates
from tracker.exports.data import latest_reports
from tracker.extensions import db
from tracker.org.models import Department
from tracker.updates.models import StatusUpdate


@pytest.fixture
def signing_dept(dept, session):
    dept.reports_need_sign_off = True
    session.commit()  # kept when a view rolls back (the test's outer transaction still discards it)
    return dept


@pytest.fixture
def member(make, signing_dept, session):
    user = make.user("member", signing_dept, display_name="李科员")
    session.commit()
    return user


def _form(subject, progress: int, note: str = "") -> dict:
    return {"status": "in_progress", "progress": str(progress), "note": note, "version": str(subject.version)}


def _draft(client, item, progress=45, note="完成招标") -> StatusUpdate:
    response = client.post(f"/items/{item.id}/update", data=_form(item, progress, note), follow_redirects=True)
    assert "已提交，待部门负责人审核" in response.get_data(as_text=True)
    return _newest(StatusUpdate.work_item_id == item.id)


def _newest(*where) -> StatusUpdate:
    return db.session.scalars(select(StatusUpdate).where(*where).order_by(StatusUpdate.id.desc())).first()


def test_the_department_form_sets_the_sign_off_and_audits_it(client_for, make, session, dept):
    admin = make.user("admin")
    client = client_for(admin)
    page = client.get(f"/admin/departments/{dept.id}/edit").get_data(as_text=True)
    assert "成员报送的进展须经本部门负责人审核后生效" in page
    data = {"code": dept.code, "name": dept.name, "short_name": dept.short_name, "kind": dept.kind}
    data |= {"sort_order": "0", "active": "y", "reports_need_sign_off": "y"}
    assert client.post(f"/admin/departments/{dept.id}/edit", data=data).status_code == 302
    assert session.get(Department, dept.id).reports_need_sign_off is True
    row = session.scalar(select(AuditEvent).where(AuditEvent.field == "reports_need_sign_off"))
    assert (row.old_value, row.new_value) == ("False", "True")
    audit_page = client.get("/admin/audit").get_data(as_text=True)
    assert "成员进展须经负责人审核" in audit_page
    new = data | {"code": "sjj", "name": "杭州市审计局", "short_name": "市审计局"}
    del new["reports_need_sign_off"]
    assert client.post("/admin/departments/new", data=new).status_code == 302
    assert session.scalar(select(Department.reports_need_sign_off).where(Department.code == "sjj")) is False


def test_a_members_report_through_the_form_waits_for_the_lead(client_for, item, member, lead, session):
    client = client_for(member)
    assert 'data-testid="needs-sign-off"' in client.get(f"/items/{item.id}/update").get_data(as_text=True)
    draft = _draft(client, item)
    session.expire_all()
    assert (draft.sign_off, item.progress, item.version, item.last_update_at) == ("pending", 20, 1, None)
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert 'data-testid="sign-off-pending"' in page
    assert 'data-testid="sign-off-actions"' not in page  # the author has no buttons
    assert 'data-testid="sign-off-panel"' not in page


def test_the_lead_approves_on_the_item_page_and_a_second_click_does_nothing(client_for, item, member, lead, session):
    draft = _draft(client_for(member), item)
    client = client_for(lead)
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    panel = page.split('data-testid="sign-off-panel"')[1].split("</section>")[0]
    assert "1 份进展待您审核" in panel and "完成招标" in panel
    assert f'action="/updates/{draft.id}/approve"' in panel
    response = client.post(f"/updates/{draft.id}/approve", follow_redirects=True)
    assert "已审核通过，进展已生效" in response.get_data(as_text=True)
    session.expire_all()
    assert (item.progress, item.version, draft.sign_off) == (45, 2, "approved")
    assert item.last_update_at == draft.signed_off_at
    again = client.post(f"/updates/{draft.id}/approve", follow_redirects=True).get_data(as_text=True)
    assert "已经审核过，没有重复处理" in again
    returned = client.post(f"/updates/{draft.id}/return", data={"comment": "晚了"}, follow_redirects=True)
    assert "已经审核过" in returned.get_data(as_text=True)
    session.expire_all()
    assert (item.version, draft.sign_off, draft.sign_off_comment) == (2, "approved", "")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "王科长 审核通过" in page and 'data-testid="sign-off-panel"' not in page


def test_returning_needs_a_comment_keeps_the_input_and_shows_on_the_timeline(client_for, item, member, lead, session):
    draft = _draft(client_for(member), item)
    client = client_for(lead)
    assert 'id="return-form"' in client.get(f"/updates/{draft.id}/return").get_data(as_text=True)
    refused = client.post(f"/updates/{draft.id}/return", data={"comment": "   "})
    assert refused.status_code == 200 and "退回时请填写退回意见" in refused.get_data(as_text=True)
    too_long = client.post(f"/updates/{draft.id}/return", data={"comment": "长" * 4001}).get_data(as_text=True)
    assert "不能超过 4000 个字符" in too_long and "长" * 4001 in too_long
    response = client.post(f"/updates/{draft.id}/return", data={"comment": "请补充合同编号"})
    assert response.status_code == 302 and response.headers["Location"] == f"/items/{item.id}"
    session.expire_all()
    assert (draft.sign_off, item.progress, item.version) == ("returned", 20, 1)
    page = client_for(member).get(f"/items/{item.id}").get_data(as_text=True)
    assert 'data-testid="sign-off-returned"' in page and "请补充合同编号" in page


@pytest.mark.parametrize("who", ["other_lead", "member", "admin", "office"])
def test_only_a_lead_of_the_authors_department_signs_off(client_for, make, item, member, lead, who, session):
    draft = _draft(client_for(member), item)
    user = {
        "other_lead": lambda: make.user("lead", make.department()),
        "member": lambda: member,
        "admin": lambda: make.user("admin"),
        "office": lambda: make.user("office", item.lead_department),
    }[who]()
    client = client_for(user)
    assert client.post(f"/updates/{draft.id}/approve").status_code == 403
    assert client.post(f"/updates/{draft.id}/return", data={"comment": "不行"}).status_code == 403
    assert 'data-testid="sign-off-actions"' not in client.get(f"/items/{item.id}").get_data(as_text=True)
    session.expire_all()
    assert draft.sign_off == "pending"


def test_a_project_draft_is_signed_off_on_the_project_page(client_for, project, member, lead, session):
    client_for(member).post(f"/projects/{project.id}/update", data=_form(project, 30))
    draft = _newest(StatusUpdate.project_id == project.id)
    page = client_for(lead).get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'data-testid="sign-off-panel"' in page
    client_for(lead).post(f"/updates/{draft.id}/approve")
    session.expire_all()
    assert project.progress == 30


def test_the_item_page_reads_the_same_with_more_drafts(client_for, make, item, member, lead, session, count_statements):
    client = client_for(lead)
    counts = []
    for drafts in (1, 8):
        while len(session.scalars(select(StatusUpdate.id).where(StatusUpdate.sign_off == "pending")).all()) < drafts:
            make.status_update(item, member, sign_off="pending", progress_after=30, note="草稿")
            make.status_update(item, member, sign_off="returned", sign_off_comment="再改", signed_off_by=lead)
        session.commit()
        session.expire_all()
        with count_statements() as counter:
            page = client.get(f"/items/{item.id}").get_data(as_text=True)
        assert page.count('data-testid="sign-off-actions"') == 2 * drafts  # the panel's and the timeline's
        counts.append(counter.count)
    assert counts[0] == counts[1], counter.statements


def test_the_journals_readers_leave_drafts_and_returned_reports_out(make, item, member, lead, session):
    make.status_update(item, lead, note="负责人报告", created_at=date(2013, 5, 1))
    make.status_update(item, member, note="草稿", sign_off="pending", created_at=date(2013, 5, 2))
    make.status_update(item, member, note="被退回", sign_off="returned", created_at=date(2013, 5, 3))
    assert latest_reports(item.plan_id)[item.id].note == "负责人报告"
    assert [u.note for u in latest_updates(item.plan_id)] == ["负责人报告"]


def test_a_members_import_goes_to_the_lead_as_drafts(client_for, export_plan, session):  # noqa: F811
    p = export_plan
    p.dept_b.reports_need_sign_off = True
    session.commit()
    client = client_for(p.member_b)
    workbook = open_workbook(client.get("/export/tasks.xlsx").data)
    table = task_table(workbook)
    table.cell(table.row_of(p.task2.id), "progress").value = 60
    batch_id = _batch_id(upload(client, saved(workbook)))
    preview = client.get(f"/import/{batch_id}").get_data(as_text=True)
    assert 'data-testid="drafts-await-sign-off"' in preview
    confirmed = client.post(f"/import/{batch_id}/confirm", follow_redirects=True).get_data(as_text=True)
    assert "已提交 1 条进展报告，待部门负责人审核" in confirmed
    session.expire_all()
    draft = _newest(StatusUpdate.work_item_id == p.task2.id)
    assert (draft.sign_off, draft.progress_after, p.task2.progress) == ("pending", 60, 50)
    lead_preview = client_for(p.lead_b).get("/import").get_data(as_text=True)
    assert "drafts-await-sign-off" not in lead_preview


def test_the_queue_and_the_review_page_read_only_approved_delay_reasons(client_for, make, item, member, lead):
    from tracker.review.queue import QueueEntry, attach_delay_reasons

    make.status_update(item, lead, delay_reason="资金未到位", created_at=date(2013, 5, 1))
    make.status_update(item, member, delay_reason="草稿原因", sign_off="pending", created_at=date(2013, 5, 2))
    make.status_update(item, member, delay_reason="退回原因", sign_off="returned", created_at=date(2013, 5, 3))
    entry = QueueEntry(
        *(item.subject_type, item.id, item.title, "", None, None, "", None, None, item.status, 0, None),
        *(False, False, None, 0, None, False, False, False),
    )
    attach_delay_reasons([entry])
    assert entry.delay_reason == "资金未到位"
    office = make.user("office", make.department())
    page = client_for(office).get(f"/review/work_item/{item.id}/new").get_data(as_text=True)
    assert "资金未到位" in page and "草稿原因" not in page.split("<form")[0]


def test_the_return_page_shows_the_draft_without_its_buttons(client_for, item, member, lead):
    draft = _draft(client_for(member), item, note="草稿说明")
    page = client_for(lead).get(f"/updates/{draft.id}/return").get_data(as_text=True)
    assert "草稿说明" in page and 'data-testid="sign-off-pending"' in page
    assert 'data-testid="sign-off-actions"' not in page


def test_a_draft_sent_twice_is_kept_once(client_for, item, member, session):
    client = client_for(member)
    _draft(client, item)
    again = client.post(f"/items/{item.id}/update", data=_form(item, 45, "完成招标"), follow_redirects=True)
    assert "刚才已经提交过" in again.get_data(as_text=True)
    drafts = session.scalars(select(StatusUpdate.id).where(StatusUpdate.work_item_id == item.id)).all()
    assert len(drafts) == 1
