"""A report sent again (the back button after saving, then submit; a reload) is not recorded twice.

The browser fetches the form afresh after Back (pages are no-store), so the form carries the new version and
refills what was typed: the version check passes. The same report by the same person within minutes of the first
is that resubmission: the person is told it was already saved, and nothing is written.
"""

from __future__ import annotations

from tests.updates.helpers import audit_size, journal_size, update_form
from tracker.updates.models import StatusUpdate


def _submit(client, subject, **values):
    return client.post(f"/items/{subject.id}/update", data=update_form(subject, **values), follow_redirects=True)


def test_the_same_report_sent_again_is_saved_once(client_for, lead, item, session):
    client = client_for(lead)
    first = _submit(client, item, progress="78", note="回退测试")
    assert "进展已提交" in first.get_data(as_text=True)
    audits = audit_size(session, "work_item", item.id)

    again = _submit(client, item, progress="78", note="回退测试")  # the refetched form: the new version

    assert again.status_code == 200
    assert "刚才已经提交过" in again.get_data(as_text=True)
    session.expire_all()
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 1
    assert audit_size(session, "work_item", item.id) == audits


def test_a_report_that_says_something_new_is_saved(client_for, lead, item, session):
    client = client_for(lead)
    _submit(client, item, progress="78", note="回退测试")
    _submit(client, item, progress="78", note="补充：已完成验收")
    session.expire_all()
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 2


def test_the_same_words_from_someone_else_are_their_own_report(client_for, lead, make, dept, item, session):
    _submit(client_for(lead), item, progress="78", note="回退测试")
    _submit(client_for(make.user("member", dept)), item, progress="78", note="回退测试")
    session.expire_all()
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 2
