"""Sign-off by the department's lead (issue 10): members' reports are drafts until a lead approves them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import TODAY
from tracker.core.errors import ValidationError
from tracker.core.models import AuditEvent
from tracker.notifications.models import Notification
from tracker.updates.models import SignOff, StatusUpdate
from tracker.updates.services import UpdateData, post_status_update, resubmitted_report
from tracker.updates.sign_off import approve_report, reports_awaiting_sign_off, return_report


@pytest.fixture(autouse=True)
def request_context(app):
    """Notifications link to the subject's page (url_for), as in the web request that posts or decides."""
    with app.test_request_context():
        yield


@pytest.fixture
def signing_dept(dept):
    dept.reports_need_sign_off = True
    return dept


@pytest.fixture
def member(make, signing_dept):
    return make.user("member", signing_dept, display_name="李科员")


def _report(subject, progress=40, **kw) -> UpdateData:
    return UpdateData(status="in_progress", progress=progress, version=subject.version, **kw)


def _notified(session, user) -> list[tuple[str, str]]:
    rows = session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    return [(n.kind, n.body) for n in rows]


def _audit_rows(session, item) -> int:
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_id == item.id)
    return session.scalar(query.where(AuditEvent.entity_type == "work_item"))


def test_a_members_report_is_a_draft_and_changes_nothing(session, item, member, lead):
    before = (item.status, item.progress, item.last_update_at, item.version)
    draft = post_status_update(item, _report(item, note="完成招标"), member, TODAY)
    session.flush()
    assert draft.sign_off == SignOff.PENDING
    assert (item.status, item.progress, item.last_update_at, item.version) == before
    assert _audit_rows(session, item) == 0
    assert reports_awaiting_sign_off(lead) == [draft]


def test_approving_applies_the_draft_to_the_subject_as_it_is_now(session, make, item, member, lead):
    draft = post_status_update(item, _report(item, 40), member, TODAY)
    # Meanwhile the lead reports 30%: the draft's "before" is what it replaces when approved, not what it saw.
    post_status_update(item, _report(item, 30), lead, TODAY)
    approve_report(draft, lead, TODAY)
    session.flush()
    assert (item.status, item.progress) == ("in_progress", 40)
    assert (draft.sign_off, draft.signed_off_by_id, draft.progress_before) == ("approved", lead.id, 30)
    assert item.last_update_at == draft.signed_off_at
    progress_rows = select(AuditEvent.old_value, AuditEvent.new_value).where(
        AuditEvent.entity_id == item.id, AuditEvent.field == "progress"
    )
    assert ("30", "40") in session.execute(progress_rows).all()
    assert reports_awaiting_sign_off(lead) == []


def test_approval_rechecks_the_rules_against_today_and_changes_nothing_on_failure(session, make, item, member, lead):
    draft = post_status_update(item, _report(item, 40), member, TODAY)
    item.due_date = date(2012, 1, 1)  # overdue now: the draft carries no delay explanation
    session.flush()
    version = item.version
    with pytest.raises(ValidationError) as error:
        approve_report(draft, lead, TODAY)
    assert "按事项的现状已不能通过" in error.value.message and "滞后原因" in error.value.message
    assert (draft.sign_off, item.progress, item.version) == ("pending", 20, version)


def test_returning_keeps_the_subject_and_records_the_comment(session, item, member, lead):
    draft = post_status_update(item, _report(item, 40), member, TODAY)
    with pytest.raises(ValidationError) as error:
        return_report(draft, lead, "  ")
    assert error.value.field == "comment"
    return_report(draft, lead, "进度数字与台账不符")
    session.flush()
    assert (draft.sign_off, draft.sign_off_comment, item.progress) == ("returned", "进度数字与台账不符", 20)


@pytest.mark.parametrize(
    "decide", [lambda r, lead: approve_report(r, lead, TODAY), lambda r, lead: return_report(r, lead, "再改")]
)
def test_a_second_decision_does_nothing_and_says_so(session, item, member, lead, decide):
    draft = post_status_update(item, _report(item, 40), member, TODAY)
    decide(draft, lead)
    session.flush()
    version, rows = item.version, _audit_rows(session, item)
    for again in (lambda: approve_report(draft, lead, TODAY), lambda: return_report(draft, lead, "再改")):
        with pytest.raises(ValidationError, match="已经审核过"):
            again()
    assert (item.version, _audit_rows(session, item)) == (version, rows)


def test_a_decision_raced_by_another_finds_the_draft_decided(session, item, member, lead, make):
    """Two leads click at once: the second request still holds the draft as pending, but the guarded UPDATE finds
    it decided."""
    other_lead = make.user("lead", item.lead_department)
    draft = post_status_update(item, _report(item, 40), member, TODAY)
    session.execute(StatusUpdate.__table__.update().where(StatusUpdate.id == draft.id).values(sign_off="returned"))
    assert draft.sign_off == "pending"  # this session's copy has not seen the other decision
    with pytest.raises(ValidationError, match="已经审核过"):
        approve_report(draft, other_lead, TODAY)
    assert item.progress == 20


def test_leads_office_and_admin_reports_need_no_sign_off(session, make, item, signing_dept, lead):
    office = make.user("office", signing_dept)
    admin = make.user("admin")
    for n, author in enumerate((lead, office, admin), start=1):
        report = post_status_update(item, _report(item, 20 + n), author, TODAY)
        assert report.sign_off == SignOff.APPROVED
        assert item.progress == 20 + n


def test_a_department_without_the_setting_behaves_as_before(session, make, item, dept, lead):
    member = make.user("member", dept)
    report = post_status_update(item, _report(item, 55), member, TODAY)
    assert (report.sign_off, item.progress) == ("approved", 55)
    assert _notified(session, lead) == []


def test_notifications_reach_the_leads_then_the_author(session, make, item, member, lead, signing_dept):
    other_lead = make.user("lead", signing_dept)
    make.user("lead", make.department())  # another department's lead hears nothing
    inactive = make.user("lead", signing_dept, active=False)
    draft = post_status_update(item, _report(item, 40, note="完成招标"), member, TODAY)
    kinds = session.execute(select(Notification.user_id, Notification.kind, Notification.link, Notification.title))
    assert sorted(kinds.all()) == sorted(
        (user.id, "sign_off_requested", item.url, f"{item.shown_outline_no} {item.title}")
        for user in (lead, other_lead)
    )
    assert _notified(session, inactive) == []
    return_report(draft, lead, "请补充合同编号")
    assert _notified(session, member) == [("report_returned", "请补充合同编号")]
    second = post_status_update(item, _report(item, 40, note="完成招标，合同编号 HZ-1"), member, TODAY)
    approve_report(second, other_lead, TODAY)
    assert _notified(session, member)[-1] == ("report_approved", "")


def test_the_awaiting_list_is_the_leads_own_department_only(session, make, item, project, member, lead):
    other_dept = make.department()
    other_lead = make.user("lead", other_dept)
    on_item = post_status_update(item, _report(item, 40), member, TODAY)
    on_project = post_status_update(project, _report(project, 30), member, TODAY)
    assert reports_awaiting_sign_off(lead) == [on_item, on_project]
    assert reports_awaiting_sign_off(lead, project) == [on_project]
    assert reports_awaiting_sign_off(other_lead) == []
    assert reports_awaiting_sign_off(member) == []
    item.retired = True
    session.flush()
    assert reports_awaiting_sign_off(lead) == [on_project]


def test_the_awaiting_list_is_one_statement_with_subjects_loaded(
    session, make, plan, signing_dept, member, lead, count_statements
):
    for n in range(4):
        subject = make.item(plan, lead_department=signing_dept, title=f"任务{n}")
        post_status_update(subject, _report(subject, 10 + n), member, TODAY)
        project = make.project(subject, signing_dept, name=f"项目{n}")
        post_status_update(project, _report(project, 10 + n), member, TODAY)
    session.expunge_all()
    lead = session.get(type(lead), lead.id)
    with count_statements() as counter:
        reports = reports_awaiting_sign_off(lead)
        shown = [(r.author.display_name, (r.work_item or r.project).display_title) for r in reports]
    assert len(shown) == 8
    assert counter.count == 1


def test_resubmission_counts_approved_reports_and_ones_own_draft(session, item, member, lead):
    data = _report(item, 40, note="完成招标")
    draft = post_status_update(item, data, member, TODAY)
    assert resubmitted_report(item, _report(item, 40, note="完成招标"), member) == draft
    return_report(draft, lead, "再核实")
    assert resubmitted_report(item, _report(item, 40, note="完成招标"), member) is None
