"""The office's yearly targets page: the form, the straight-line proposal, saving with audit, who may, conflicts,
hostile input; and target against actual on the indicator's page, its chart and the register."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.indicators.conftest import add_indicator, add_value
from tests.indicators.test_add_value import audit_rows
from tests.indicators.test_register_pages import cells
from tests.updates.helpers import form_fields
from tracker.indicators.models import IndicatorTarget
from tracker.indicators.targets import fingerprint


def stored(session, indicator) -> dict[int, Decimal]:
    session.expire_all()
    rows = session.execute(
        select(IndicatorTarget.year, IndicatorTarget.value).where(IndicatorTarget.indicator_id == indicator.id)
    )
    return {year: value.normalize() for year, value in rows}


def values_of(page: str) -> dict[str, str]:
    return {name: view.value for name, view in form_fields(page).items() if name.startswith("target_")}


def errors_of(page: str) -> dict[str, list[str]]:
    return {name: view.errors for name, view in form_fields(page).items() if view.errors}


def submit(world, client, indicator, values: dict[int, str], loaded: str | None = None):
    page = client.get(f"/indicators/{indicator.id}/targets").get_data(as_text=True)
    mark = loaded if loaded is not None else form_fields(page)["fingerprint"].value
    data = {"fingerprint": mark, **{f"target_{year}": value for year, value in values.items()}}
    return client.post(f"/indicators/{indicator.id}/targets", data=data)


def test_the_form_has_a_row_per_year_with_the_ends_fixed(client_for, world):
    page = client_for(world.office).get(f"/indicators/{world.revenue.id}/targets").get_data(as_text=True)
    assert values_of(page) == {f"target_{year}": "" for year in (2011, 2012, 2013, 2014)}
    assert re.findall(r'<tr data-year="(\d*)"', page) == ["2010", "2011", "2012", "2013", "2014", "2015"]
    assert 'data-row="baseline"' in page and 'data-row="final"' in page and "target_2015" not in page
    assert 'data-testid="propose"' in page and "disabled" not in page.split('data-testid="propose"')[1][:20]


def test_propose_fills_the_straight_line_and_saves_nothing(client_for, session, world):
    response = client_for(world.office).get(f"/indicators/{world.revenue.id}/targets?propose=1")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-testid="proposed"' in page
    assert values_of(page) == {"target_2011": "120", "target_2012": "140", "target_2013": "160", "target_2014": "180"}
    assert stored(session, world.revenue) == {}


def test_without_a_baseline_there_is_no_proposal_and_the_page_says_so(client_for, world):
    client = client_for(world.office)
    page = client.get(f"/indicators/{world.adoption.id}/targets?propose=1").get_data(as_text=True)
    assert 'data-testid="no-proposal"' in page and "规划未给出基准值，无法按直线测算" in page
    assert values_of(page) == {f"target_{year}": "" for year in (2011, 2012, 2013, 2014)}


def test_the_office_saves_edits_and_clears_with_audit(client_for, session, world):
    client = client_for(world.office)
    response = submit(world, client, world.revenue, {2011: "120", 2012: "140", 2013: "165.5", 2014: ""})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/indicators/{world.revenue.id}")
    assert stored(session, world.revenue) == {2011: 120, 2012: 140, 2013: Decimal("165.5")}
    response = submit(world, client, world.revenue, {2011: "", 2012: "145", 2013: "165.5", 2014: "190"})
    assert response.status_code == 302
    assert stored(session, world.revenue) == {2012: 145, 2013: Decimal("165.5"), 2014: 190}
    assert audit_rows(session, world.revenue) == [
        ("create", "target:2011", None, "120"),
        ("create", "target:2012", None, "140"),
        ("create", "target:2013", None, "165.5"),
        ("update", "target:2011", "120", None),
        ("update", "target:2012", "140", "145"),
        ("create", "target:2014", None, "190"),
    ]
    row = session.scalar(select(IndicatorTarget).where(IndicatorTarget.year == 2014))
    assert row.set_by_id == world.office.id
    detail = client.get(f"/indicators/{world.revenue.id}").get_data(as_text=True)
    assert "2012 年目标值" in detail  # the history words the audited field


def test_unchanged_targets_save_nothing(client_for, session, world):
    client = client_for(world.office)
    assert submit(world, client, world.revenue, {2011: ""}).status_code == 302
    assert audit_rows(session, world.revenue) == []


@pytest.mark.parametrize("role", ["lead_a", "member_a", "lead_b", "viewer"])
def test_only_the_office_and_admins_set_targets(client_for, session, world, role):
    client = client_for(getattr(world, role))
    assert client.get(f"/indicators/{world.revenue.id}/targets").status_code == 403
    data = {"fingerprint": fingerprint({}), "target_2011": "120"}
    assert client.post(f"/indicators/{world.revenue.id}/targets", data=data).status_code == 403
    assert stored(session, world.revenue) == {}
    assert 'data-testid="edit-targets"' not in client.get(f"/indicators/{world.revenue.id}").get_data(as_text=True)


def test_admins_set_targets_and_see_the_link(client_for, session, world):
    client = client_for(world.admin)
    assert 'data-testid="edit-targets"' in client.get(f"/indicators/{world.revenue.id}").get_data(as_text=True)
    assert submit(world, client, world.revenue, {2012: "140"}).status_code == 302
    assert stored(session, world.revenue) == {2012: 140}


def test_every_refusal_at_once_with_the_input_kept(client_for, session, world):
    client = client_for(world.office)
    typed = {2011: "99", 2012: "abc", 2013: "150", 2014: "140"}
    response = submit(world, client, world.revenue, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert values_of(page) == {f"target_{year}": value for year, value in typed.items()}
    assert errors_of(page) == {
        "target_2011": ["2011 年目标值 99 低于基准值 100：该指标应逐年上升。"],
        "target_2012": ["请输入数值：半角数字，最多 11 位整数和 4 位小数，不带单位。"],
        "target_2014": ["2014 年目标值 140 低于 2013 年的 150：该指标应逐年上升。"],
    }
    assert stored(session, world.revenue) == {}


def test_a_concurrent_change_is_a_conflict_that_keeps_the_input(client_for, session, world, make):
    client = client_for(world.office)
    loaded = form_fields(client.get(f"/indicators/{world.revenue.id}/targets").get_data(as_text=True))["fingerprint"]
    make.indicator_target(world.revenue, 2012, "150")  # someone else saved meanwhile
    session.commit()
    response = submit(world, client, world.revenue, {2011: "120", 2012: "140"}, loaded=loaded.value)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "其他人刚刚修改了该指标的年度目标" in page
    assert values_of(page)["target_2011"] == "120" and values_of(page)["target_2012"] == "140"
    assert stored(session, world.revenue) == {2012: 150}
    # The page now shows what is stored and carries its fingerprint: saving again is a deliberate overwrite.
    assert form_fields(page)["fingerprint"].value == fingerprint({2012: Decimal("150")})
    again = client.post(
        f"/indicators/{world.revenue.id}/targets",
        data={"fingerprint": form_fields(page)["fingerprint"].value, "target_2011": "120", "target_2012": "140"},
    )
    assert again.status_code == 302 and stored(session, world.revenue) == {2011: 120, 2012: 140}


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "１２０", "1e3", "NaN", "-5", "12345678901234", "1.23456", "120\x00", "9" * 400],
)
def test_hostile_input_is_refused_at_the_field(client_for, session, world, hostile):
    response = submit(world, client_for(world.office), world.revenue, {2011: hostile})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "target_2011" in errors_of(page)
    assert "<script>alert(1)</script>" not in page
    assert stored(session, world.revenue) == {}


def test_years_outside_the_form_are_ignored_and_a_missing_fingerprint_is_a_conflict(client_for, session, world):
    client = client_for(world.office)
    posted = {"fingerprint": fingerprint({}), "target_2015": "1", "target_2009": "1", "target_2011": "120"}
    assert client.post(f"/indicators/{world.revenue.id}/targets", data=posted).status_code == 302
    assert stored(session, world.revenue) == {2011: 120}
    page = client.post(f"/indicators/{world.revenue.id}/targets", data={"target_2011": "130"})
    assert page.status_code == 200 and "其他人刚刚修改了该指标的年度目标" in page.get_data(as_text=True)
    assert stored(session, world.revenue) == {2011: 120}


def test_missing_indicator_and_a_csrf_less_post(client_for, world):
    client = client_for(world.office)
    assert client.get("/indicators/987654/targets").status_code == 404
    assert client.get("/indicators/99999999999999999999/targets").status_code == 404


def test_an_indicator_without_target_years_says_so(client_for, session, world):
    late = add_indicator(session, world.plan, code="late", baseline_year=2014, baseline_value=Decimal("1"))
    session.commit()
    page = client_for(world.office).get(f"/indicators/{late.id}/targets").get_data(as_text=True)
    assert 'data-testid="no-target-years"' in page and values_of(page) == {}


def _year_table(page: str) -> dict[int, dict[str, str]]:
    table = page.split('data-testid="year-targets"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr data-year="(\d+)">(.*?)</tr>', table, re.S)
    return {
        int(year): {
            col: re.sub(r"<[^>]+>|\s+", "", text) for col, text in re.findall(r'data-col="(\w+)">(.*?)</td>', row, re.S)
        }
        for year, row in rows
    }


def test_the_detail_page_shows_target_against_actual_by_year(client_for, session, world, make):
    make.indicator_target(world.revenue, 2011, "120")
    make.indicator_target(world.revenue, 2012, "140")
    make.indicator_target(world.revenue, 2013, "160")
    session.commit()
    page = client_for(world.viewer).get(f"/indicators/{world.revenue.id}").get_data(as_text=True)
    assert _year_table(page) == {
        2011: {"target": "120", "actual": "130", "met": "达到"},
        2012: {"target": "140", "actual": "135", "met": "未达到"},
        2013: {"target": "160", "actual": "—", "met": "—"},
        2015: {"target": "200（最终目标）", "actual": "—", "met": "—"},
    }
    chart = json.loads(re.search(r'id="indicator-chart-data">(.*?)</script>', page, re.S).group(1))
    assert chart["labels"]["yearTargets"] == "年度目标"
    assert dict(zip(chart["years"], chart["yearTargets"], strict=True)) == {
        "2010": None,
        "2011": 120.0,
        "2012": 140.0,
        "2013": 160.0,
        "2014": None,
        "2015": None,
    }


def test_a_falling_indicator_meets_its_target_at_or_below_it(client_for, session, world, make):
    make.indicator_target(world.energy, 2012, "9")
    session.commit()
    page = client_for(world.viewer).get(f"/indicators/{world.energy.id}").get_data(as_text=True)
    assert _year_table(page)[2012] == {"target": "9", "actual": "9", "met": "达到"}


def test_the_register_shows_this_year_s_target_and_flags_what_is_behind(client_for, session, world, make):
    make.indicator_target(world.revenue, 2012, "140")  # 2012's 135 is behind
    make.indicator_target(world.revenue, 2013, "160")  # this year (today is 2013-06-15)
    make.indicator_target(world.energy, 2012, "9.5")  # 2012's 9 is at or below: met
    make.indicator_target(world.energy, 2013, "8")
    session.commit()
    page = client_for(world.viewer).get("/indicators").get_data(as_text=True)
    assert "2013 年目标" in page
    assert cells(page, world.revenue.id)["year_target"] == "160落后年度目标"
    assert cells(page, world.energy.id)["year_target"] == "8达年度目标"
    assert cells(page, world.adoption.id)["year_target"] == "—"
    assert page.count('data-testid="behind-year-target"') == 1


def test_english_words(client_for, make, world):
    english = client_for(make.user("office", username="office.en", locale="en"))
    page = english.get(f"/indicators/{world.revenue.id}/targets").get_data(as_text=True)
    assert "Propose a straight line" in page and "Yearly targets" in page


def _grow_with_targets(session, world, make, n: int) -> None:
    """n more indicators, each with values and yearly targets, and one more target on the revenue indicator."""
    for k in range(n):
        indicator = add_indicator(
            session,
            world.plan,
            code=f"phased-{n}-{k}",
            baseline_year=2010,
            baseline_value=Decimal("1"),
            responsible_department=world.dept_b,
            goal_item=world.goal,
        )
        for year in range(2011, 2014):
            add_value(session, indicator, year, str(year - 2000), user=world.lead_b)
            make.indicator_target(indicator, year, str(year - 1990))
    make.indicator_target(world.revenue, 2010 + n, "150")
    session.commit()


@pytest.mark.parametrize("url", ["/indicators", "/indicators/{revenue}", "/indicators/{revenue}/targets"])
def test_statement_counts_do_not_grow_with_targets(client_for, session, world, make, count_statements, url):
    client = client_for(world.office)
    counts = []
    for n in (1, 4):
        _grow_with_targets(session, world, make, n)
        session.expire_all()
        with count_statements() as counter:
            assert client.get(url.format(revenue=world.revenue.id)).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_propose_without_a_baseline_does_not_claim_it_filled_the_table(client_for, world):
    page = client_for(world.office).get(f"/indicators/{world.adoption.id}/targets?propose=1").get_data(as_text=True)
    assert 'data-testid="proposed"' not in page and "已按直线测算填入下表" not in page
    assert 'data-testid="not-proposed"' in page


def test_a_resubmit_after_a_conflict_keeps_the_other_persons_edit(client_for, session, world, make):
    first, second = client_for(world.office), client_for(make.user("admin"))
    url = f"/indicators/{world.revenue.id}/targets"
    make.indicator_target(world.revenue, 2012, "140")
    session.commit()

    def posted(page: str) -> dict[str, str]:
        return {name: view.value or "" for name, view in form_fields(page).items() if name != "csrf_token"}

    mine, theirs = posted(first.get(url).get_data(as_text=True)), posted(second.get(url).get_data(as_text=True))
    theirs["target_2012"] = "150"
    assert second.post(url, data=theirs).status_code == 302
    mine["target_2013"] = "170"
    page = first.post(url, data=mine).get_data(as_text=True)
    assert "其他人刚刚修改了该指标的年度目标" in page
    shown = posted(page)
    assert (shown["target_2012"], shown["target_2013"]) == ("150", "170")  # untouched 2012 takes the new value
    assert first.post(url, data=shown).status_code == 302
    assert stored(session, world.revenue) == {2012: 150, 2013: 170}


def test_the_conflict_names_the_years_both_changed(client_for, session, world, make):
    first, second = client_for(world.office), client_for(make.user("admin"))
    url = f"/indicators/{world.revenue.id}/targets"

    def posted(page: str) -> dict[str, str]:
        return {name: view.value or "" for name, view in form_fields(page).items() if name != "csrf_token"}

    mine, theirs = posted(first.get(url).get_data(as_text=True)), posted(second.get(url).get_data(as_text=True))
    theirs["target_2012"] = "150"
    assert second.post(url, data=theirs).status_code == 302
    mine["target_2012"] = "145"
    page = first.post(url, data=mine).get_data(as_text=True)
    assert "2012 年双方都改动过" in page and posted(page)["target_2012"] == "145"
    assert stored(session, world.revenue) == {2012: 150}
