"""A status update reports every problem in one response: the form's and the rules' together, input kept."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import TODAY
from tests.updates.helpers import form_fields, update_form
from tracker.core.errors import ValidationError
from tracker.updates.services import UpdateData, validate_update


@pytest.fixture
def post(client_for, lead):
    client = client_for(lead)

    def submit(subject, **values):
        response = client.post(f"/items/{subject.id}/update", data=update_form(subject, **values))
        assert response.status_code == 200
        return response.get_data(as_text=True)

    return submit


def errors(page: str) -> dict[str, list[str]]:
    return {name: view.errors for name, view in form_fields(page).items() if view.errors}


def test_a_late_update_missing_reason_remedy_and_date_gets_all_three_messages(post, item):
    page = post(item, status="delayed", progress="30", note="已开展前期调研")
    assert errors(page) == {
        "delay_reason": ["滞后、有风险或已逾期的事项须填写滞后原因。"],
        "remedy": ["滞后、有风险或已逾期的事项须填写整改措施。"],
        "expected_completion": ["滞后、有风险或已逾期的事项须填写预计完成日期。"],
    }
    assert "已开展前期调研" in page


def test_form_errors_and_rule_errors_come_back_together(post, item):
    page = post(item, status="at_risk", progress="abc", remedy="加派人手", expected_completion="2013-02-30")
    assert errors(page) == {
        "progress": ["请输入 0 到 100 之间的整数。"],
        "delay_reason": ["滞后、有风险或已逾期的事项须填写滞后原因。"],
        "expected_completion": ["请输入有效日期，格式为 YYYY-MM-DD。"],
    }
    fields = form_fields(page)
    assert fields["remedy"].value == "加派人手" and fields["progress"].value == "abc"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_expected_completion_outside_the_window_is_refused(post, item, day):
    page = post(item, status="delayed", progress="30", delay_reason="资金", remedy="追加", expected_completion=day)
    assert errors(page) == {"expected_completion": ["日期须在 2000-01-01 到 2100-12-31 之间。"]}


def test_the_service_collects_every_rule_for_the_api_and_the_import(app, item):
    data = UpdateData(status="completed", progress=10, version=item.version, expected_completion=date(9999, 1, 1))
    with app.test_request_context(), pytest.raises(ValidationError) as refused:
        validate_update(item, data, TODAY)
    assert refused.value.as_dict() == {
        "errors": {"progress": ["状态为“已完成”时进度必须为 100%。"], "note": ["进度比上次低时，请在说明中写明原因。"]},
        "form_errors": [],
    }
