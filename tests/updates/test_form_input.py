"""Bad input is answered at the field, the input is kept, and nothing is written."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.updates.helpers import audit_size, form_fields, journal_size, update_form
from tracker.updates.models import StatusUpdate


@pytest.fixture
def post(client_for, lead):
    client = client_for(lead)

    def submit(subject, **values):
        return client.post(f"/items/{subject.id}/update", data=update_form(subject, **values))

    return submit


def assert_unchanged(session, item, status="in_progress", progress=20, version=1):
    session.expire_all()
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 0
    assert audit_size(session, "work_item", item.id) == 0
    assert (item.status, item.progress, item.version) == (status, progress, version)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("progress", "101", "0 到 100 之间的整数"),
        ("progress", "-1", "0 到 100 之间的整数"),
        ("progress", "NaN", "0 到 100 之间的整数"),
        ("progress", "１０", "0 到 100 之间的整数"),
        ("progress", "1e400", "0 到 100 之间的整数"),
        ("progress", "", "0 到 100 之间的整数"),
        ("progress", "40.5", "0 到 100 之间的整数"),
        ("status", "bogus", "请选择有效的状态"),
        ("note", "进展\x00正常", "控制字符"),
        ("note", "进展\x07正常", "控制字符"),
        ("note", "字" * 4001, "不能超过 4000 个字符"),
        ("delay_reason", "原因\x1b", "控制字符"),
        ("remedy", "措" * 4001, "不能超过 4000 个字符"),
        ("expected_completion", "2023-02-30", "请输入有效日期"),
        ("expected_completion", "2013/09/30", "请输入有效日期"),
    ],
)
def test_bad_values_are_answered_at_the_field(post, session, item, field, value, message):
    response = post(item, **{field: value})
    assert response.status_code == 200
    fields = form_fields(response.get_data(as_text=True))
    assert fields[field].invalid
    assert any(message in error for error in fields[field].errors), fields[field].errors
    assert [name for name, view in fields.items() if view.errors] == [field]
    assert_unchanged(session, item)


def test_the_input_is_kept_after_an_error(post, item):
    response = post(item, status="at_risk", progress="１０", note="说明保留 ✅", remedy="加派人手")
    fields = form_fields(response.get_data(as_text=True))
    assert (fields["status"].value, fields["progress"].value) == ("at_risk", "１０")
    assert (fields["note"].value, fields["remedy"].value) == ("说明保留 ✅", "加派人手")


def test_a_missing_status_or_progress_is_refused(client_for, lead, session, item):
    response = client_for(lead).post(f"/items/{item.id}/update", data={"version": str(item.version)})
    fields = form_fields(response.get_data(as_text=True))
    assert response.status_code == 200 and fields["status"].errors and fields["progress"].errors
    assert_unchanged(session, item)


def test_a_missing_version_asks_for_a_reload(post, session, item):
    response = post(item, version="")
    assert response.status_code == 200 and "页面已过期" in response.get_data(as_text=True)
    assert_unchanged(session, item)


def test_an_overdue_item_needs_a_delay_reason_shown_at_that_field(post, make, plan, dept, session):
    overdue = make.item(plan, lead_department=dept, due_date=date(2013, 1, 31), status="in_progress", progress=20)
    response = post(overdue, progress="30", note="正在推进")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-testid="overdue"' in html and 'data-past-due="1"' in html
    fields = form_fields(html)
    assert fields["delay_reason"].invalid and "须填写滞后原因" in fields["delay_reason"].errors[0]
    assert (fields["progress"].value, fields["note"].value) == ("30", "正在推进")
    assert_unchanged(session, overdue)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"status": "delayed", "delay_reason": "资金未到位", "expected_completion": "2013-09-30"},
            "remedy",
            "整改措施",
        ),
        (
            {"status": "at_risk", "delay_reason": "资金未到位", "remedy": "申请追加"},
            "expected_completion",
            "预计完成日期",
        ),
        (
            {"status": "at_risk", "delay_reason": "资金", "remedy": "追加", "expected_completion": "2013-06-14"},
            "expected_completion",
            "不能早于今天",
        ),
        ({"status": "completed", "progress": "90"}, "progress", "进度必须为 100%"),
        ({"status": "not_started", "progress": "5"}, "progress", "进度必须为 0"),
        ({"progress": "10"}, "note", "写明原因"),
    ],
)
def test_rule_violations_from_the_service_appear_at_their_field(post, session, item, values, field, message):
    response = post(item, **values)
    fields = form_fields(response.get_data(as_text=True))
    assert response.status_code == 200
    assert fields[field].invalid and message in fields[field].errors[0]
    assert_unchanged(session, item)


def test_a_late_report_is_recorded_with_its_explanation(post, session, item):
    values = {
        "status": "delayed",
        "delay_reason": "资金未到位",
        "remedy": "申请追加",
        "expected_completion": "2013-09-30",
    }
    assert post(item, **values).status_code == 302
    update = session.scalars(select(StatusUpdate).where(StatusUpdate.work_item_id == item.id)).one()
    assert (update.delay_reason, update.remedy, update.expected_completion) == (
        "资金未到位",
        "申请追加",
        date(2013, 9, 30),
    )


def test_chinese_emoji_and_mixed_scripts_round_trip_exactly(post, client_for, lead, session, item):
    note = "完成需求调研 ✅ 𠮷野家 ГОСТ naïve ½\n第二行：数据共享平台（一期）"
    reason = "等待省厅批复 🕒"
    values = {
        "status": "at_risk",
        "note": note,
        "delay_reason": reason,
        "remedy": "每周协调 👍",
        "expected_completion": "2013-12-31",
    }
    assert post(item, **values).status_code == 302
    session.expire_all()
    update = session.scalars(select(StatusUpdate).where(StatusUpdate.work_item_id == item.id)).one()
    assert (update.note, update.delay_reason, update.remedy) == (note, reason, "每周协调 👍")
    page = client_for(lead).get(f"/items/{item.id}/update").get_data(as_text=True)
    assert note in page and reason in page


def test_the_form_says_the_delay_explanation_is_kept_only_for_late_work(client_for, lead, item):
    """The service keeps reason, remedy and expected date only for late work: the form says so, so nothing typed
    there for work on time is dropped without warning (the Excel import refuses such cells outright)."""
    page = client_for(lead).get(f"/items/{item.id}/update").get_data(as_text=True)
    assert "其他情况下这三项不保存" in page
