"""A review reports every problem in one response, with the input kept; its dates keep to the shared window."""

from __future__ import annotations

import pytest

from tests.review.helpers import review_count
from tests.review.test_review_form import submit, url
from tests.updates.helpers import form_fields

WINDOW = "日期须在 2000-01-01 到 2100-12-31 之间。"


def errors(page: str) -> dict[str, list[str]]:
    return {name: view.errors for name, view in form_fields(page).items() if view.errors}


def test_a_follow_up_without_comment_and_with_a_bad_date_gets_both_messages(world, client_for, session):
    item = world["late_a"]
    before = review_count(session)
    data = submit(item, outcome="follow_up", comment="", follow_up_date="2013-02-30")
    page = client_for(world["office"]).post(url(item), data=data).get_data(as_text=True)
    assert errors(page) == {
        "comment": ["要求跟进或提请督办时，请写明要求。"],
        "follow_up_date": ["请输入有效日期，格式为 YYYY-MM-DD。"],
    }
    assert form_fields(page)["follow_up_date"].value == "2013-02-30"
    assert review_count(session) == before


def test_an_escalation_with_an_early_follow_up_and_no_comment_gets_both_messages(world, client_for, session):
    item = world["late_a"]
    data = submit(item, outcome="escalated", comment="  ", follow_up_date="2013-01-01")
    page = client_for(world["office"]).post(url(item), data=data).get_data(as_text=True)
    assert errors(page) == {
        "comment": ["要求跟进或提请督办时，请写明要求。"],
        "follow_up_date": ["跟进日期不能早于今天。"],
    }


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"outcome": "follow_up", "comment": "请说明", "follow_up_date": "9999-12-31"}, "follow_up_date"),
        ({"outcome": "extension", "new_due_date": "9999-12-31"}, "new_due_date"),
    ],
)
def test_review_dates_outside_the_window_are_refused(world, client_for, session, values, field):
    item = world["late_a"]
    before = (review_count(session), item.due_date)
    page = client_for(world["office"]).post(url(item), data=submit(item, **values)).get_data(as_text=True)
    assert errors(page) == {field: [WINDOW]}
    assert (review_count(session), item.due_date) == before
