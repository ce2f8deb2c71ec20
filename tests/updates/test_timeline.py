"""Status updates on the item and project timelines: newest first, one query, rendered by the partial."""

from datetime import date, datetime

from flask import render_template

from tracker.core import hooks
from tracker.updates.models import StatusUpdate
from tracker.updates.timeline import ENTRY_TEMPLATE, as_entry, update_entries


def add_update(session, author, at, item=None, project=None, **values):
    update = StatusUpdate(
        work_item=item,
        project=project,
        author=author,
        created_at=at,
        status_before=values.pop("status_before", "in_progress"),
        status_after=values.pop("status_after", "in_progress"),
        progress_before=values.pop("progress_before", 10),
        progress_after=values.pop("progress_after", 20),
        **values,
    )
    session.add(update)
    session.flush()
    return update


def test_entries_are_updates_newest_first(session, lead, item, project):
    middle = add_update(session, lead, datetime(2013, 5, 1, 9, 0), item=item)
    newest = add_update(session, lead, datetime(2013, 6, 1, 9, 0), item=item)
    oldest = add_update(session, lead, datetime(2013, 4, 1, 9, 0), item=item)
    add_update(session, lead, datetime(2013, 6, 2, 9, 0), project=project)

    entries = update_entries("work_item", item.id)
    assert [e.data for e in entries] == [newest, middle, oldest]
    assert {e.kind for e in entries} == {"update"} and entries[0].at == newest.created_at and entries[0].actor is lead
    assert [e.data.project_id for e in update_entries("project", project.id)] == [project.id]
    assert update_entries("indicator", item.id) == []


def test_the_source_is_registered_with_the_timeline_hook(session, lead, item):
    update = add_update(session, lead, datetime(2013, 5, 1, 9, 0), item=item)
    assert [e.data for e in hooks.timeline_for("work_item", item.id) if e.kind == "update"] == [update]


def test_one_statement_per_call_whatever_the_number_of_updates(make, session, count_statements, item):
    counts, item_id = [], item.id
    for size in (2, 12):
        for n in range(size):
            add_update(session, make.user("member", make.department()), datetime(2013, 1, 1, 8, n), item=item)
        session.expire_all()
        with count_statements() as counter:
            entries = update_entries("work_item", item_id)
            shown = [(e.actor.display_name, e.actor.department.short_name, e.data.note) for e in entries]
        assert len(shown) == len(entries)
        counts.append(counter.count)
    assert counts == [2, 2]  # the updates with their authors, then every file that came with them


def test_the_partial_shows_a_late_report_in_full(app, session, lead, item):
    update = add_update(
        session,
        lead,
        datetime(2013, 6, 14, 2, 5),  # stored in UTC: 10:05 in Hangzhou
        item=item,
        status_before="in_progress",
        status_after="delayed",
        progress_before=20,
        progress_after=25,
        note="平台招标流标 😟",
        delay_reason="供应商不足",
        remedy="重新招标",
        expected_completion=date(2013, 10, 31),
    )
    with app.test_request_context():
        html = render_template(ENTRY_TEMPLATE, entry=as_entry(update))
    assert "2013-06-14 10:05" in html
    assert "王科长" in html and "市经信委" in html
    assert "进行中" in html and "滞后" in html and "20% → <strong>25%</strong>" in html
    assert "平台招标流标 😟" in html and "供应商不足" in html and "重新招标" in html and "2013-10-31" in html


def test_the_partial_leaves_out_the_delay_block_for_ordinary_reports(app, session, lead, item):
    update = add_update(session, lead, datetime(2013, 6, 14, 2, 5), item=item, note="按计划推进")
    with app.test_request_context():
        html = render_template(ENTRY_TEMPLATE, entry=as_entry(update))
    assert "按计划推进" in html and "update-delay" not in html
