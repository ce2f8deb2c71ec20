"""Recording a value reports every problem in one response: a year that already has a value, a bad number and a
missing source together, with the input kept."""

from __future__ import annotations

from tests.indicators.test_add_value import BEFORE, stored, value_form
from tests.updates.helpers import form_fields


def test_an_existing_year_a_bad_value_and_no_source_are_reported_at_once(client_for, session, world):
    page = client_for(world.office).post(
        f"/indicators/{world.revenue.id}/values", data=value_form(year="2012", value="1,5", source="")
    )
    fields = form_fields(page.get_data(as_text=True))
    assert fields["year"].errors[0].startswith("2012 年已有数值 135")
    assert fields["value"].errors == ["请输入数值：半角数字，最多 11 位整数和 4 位小数，不带单位。"]
    assert fields["source"].errors == ["此项必填。"]
    assert fields["value"].value == "1,5"
    assert stored(session, world.revenue) == BEFORE


def test_a_full_width_thousands_separator_is_read_like_the_ascii_one(client_for, session, world):
    response = client_for(world.office).post(
        f"/indicators/{world.revenue.id}/values", data=value_form(value="1，927.75")
    )
    assert response.status_code == 302
    assert stored(session, world.revenue)[2013][0] == 1927.75
