"""The tester's findings on yearly milestones: a resubmit after a conflict keeps the other person's edit, a stored
milestone the item's dates no longer include can be seen and removed, the target input says why it refuses
full-width digits and takes surrounding spaces, and the item page's panel."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.updates.helpers import form_fields
from tracker.plan.models import ItemMilestone


@pytest.fixture
def setting(make, session):
    dept = make.department(short_name="市经信委")
    plan = make.plan(start_year=2011, end_year=2015)
    item = make.item(
        plan, title="推进电子政务", lead_department=dept, start_date=date(2012, 1, 1), due_date=date(2014, 6, 30)
    )
    make.milestone(item, 2012, 33)
    make.milestone(item, 2013, 60)
    session.flush()
    return dept, item


def stored(session, item) -> dict[int, tuple[int | None, str]]:
    session.expire_all()
    rows = session.scalars(select(ItemMilestone).where(ItemMilestone.work_item_id == item.id))
    return {row.year: (row.target_progress, row.deliverable) for row in rows}


def as_posted(html: str) -> dict[str, str]:
    """What the browser would send back: every field of the form as the page shows it."""
    fields = form_fields(html)
    return {name: view.value or "" for name, view in fields.items() if name != "csrf_token"}


def test_a_resubmit_after_a_conflict_keeps_the_other_persons_edit(client_for, make, session, setting):
    dept, item = setting
    office, lead = client_for(make.user("office")), client_for(make.user("lead", dept))
    url = f"/items/{item.id}/milestones"
    office_form, lead_form = (
        as_posted(office.get(url).get_data(as_text=True)),
        as_posted(lead.get(url).get_data(as_text=True)),
    )
    office_form.update(target_2012="30", deliverable_2012="A的成果")
    assert office.post(url, data=office_form).status_code == 302
    lead_form.update(target_2013="70")
    conflict = lead.post(url, data=lead_form)
    html = conflict.get_data(as_text=True)
    assert conflict.status_code == 200 and 'data-testid="conflict"' in html
    shown = as_posted(html)
    # 2012 was not touched by the lead: it now shows the office's edit; 2013 keeps the lead's input.
    assert (shown["target_2012"], shown["deliverable_2012"], shown["target_2013"]) == ("30", "A的成果", "70")
    assert stored(session, item) == {2012: (30, "A的成果"), 2013: (60, "")}
    # Only the years both changed are listed: none here.
    assert (
        "<li>"
        not in html[html.index('data-testid="conflict"') : html.index("</div>", html.index('data-testid="conflict"'))]
    )
    assert lead.post(url, data=shown).status_code == 302
    assert stored(session, item) == {2012: (30, "A的成果"), 2013: (70, "")}


def test_the_conflict_names_the_years_both_changed(client_for, make, session, setting):
    dept, item = setting
    office, lead = client_for(make.user("office")), client_for(make.user("lead", dept))
    url = f"/items/{item.id}/milestones"
    office_form, lead_form = (
        as_posted(office.get(url).get_data(as_text=True)),
        as_posted(lead.get(url).get_data(as_text=True)),
    )
    office_form.update(target_2012="30")
    assert office.post(url, data=office_form).status_code == 302
    lead_form.update(target_2012="40", deliverable_2014="验收")
    html = lead.post(url, data=lead_form).get_data(as_text=True)
    notice = html[html.index('data-testid="conflict"') :]
    notice = notice[: notice.index("</div>")]
    assert re.findall(r"<li>(\d{4}) 年", notice) == ["2012"] and "40%" in notice and "30%" in notice
    shown = as_posted(html)
    assert (shown["target_2012"], shown["deliverable_2014"]) == ("40", "验收")


def test_a_milestone_outside_a_shortened_span_is_shown_and_can_be_removed(client_for, make, session, setting):
    dept, item = setting
    make.milestone(item, 2014, 100, deliverable="验收")
    session.flush()
    item.due_date = date(2013, 12, 31)
    session.commit()
    lead = client_for(make.user("lead", dept))
    url = f"/items/{item.id}/milestones"
    html = lead.get(url).get_data(as_text=True)
    stray = html[html.index('data-year="2014"') :]
    stray = stray[: stray.index("</fieldset>")]
    assert "100%" in stray and "验收" in stray and 'name="remove_2014"' in stray and "不能再修改，可以删除" in stray
    assert 'name="target_2014"' not in stray
    item_page = lead.get(f"/items/{item.id}").get_data(as_text=True)
    assert 'data-year="2014" data-state="out_of_span"' in item_page and "不在事项期限内" in item_page
    # Other years still save while it is there; then it is removed.
    form = as_posted(html)
    form.pop("remove_2014", None)
    form["target_2013"] = "65"
    assert lead.post(url, data=form).status_code == 302
    assert stored(session, item) == {2012: (33, ""), 2013: (65, ""), 2014: (100, "验收")}
    form = as_posted(lead.get(url).get_data(as_text=True))
    form["remove_2014"] = "y"
    assert lead.post(url, data=form).status_code == 302
    assert stored(session, item) == {2012: (33, ""), 2013: (65, "")}


@pytest.mark.parametrize(("typed", "saved"), [(" 100 ", 100), ("100%", 100), (" 70", 70)])
def test_spaces_around_the_target_are_accepted(client_for, make, session, setting, typed, saved):
    dept, item = setting
    lead = client_for(make.user("lead", dept))
    url = f"/items/{item.id}/milestones"
    form = as_posted(lead.get(url).get_data(as_text=True))
    form["target_2014"] = typed
    assert lead.post(url, data=form).status_code == 302
    assert stored(session, item)[2014] == (saved, "")


def test_full_width_digits_are_refused_saying_why(client_for, make, session, setting):
    dept, item = setting
    lead = client_for(make.user("lead", dept))
    url = f"/items/{item.id}/milestones"
    form = as_posted(lead.get(url).get_data(as_text=True))
    form["target_2014"] = "１００"
    html = lead.post(url, data=form).get_data(as_text=True)
    assert form_fields(html)["target_2014"].errors == ["请使用半角数字输入 0 到 100 之间的整数。"]
    assert form_fields(html)["target_2014"].value == "１００"


def test_the_panel_shows_whole_percents_without_a_decimal(client_for, make, session, setting):
    dept, item = setting
    author = make.user("member", dept)
    make.status_update(item, author, progress_after=10)
    item.progress = item.rollup_progress = 10
    session.flush()
    html = client_for(make.user("viewer")).get(f"/items/{item.id}").get_data(as_text=True)
    panel = html[html.index('data-testid="milestones-panel"') :]
    actual = panel[panel.index('data-year="2013"') :]
    actual = actual[actual.index('data-col="actual"') : actual.index('data-col="state"')]
    assert "10%" in actual and "10.0%" not in actual
