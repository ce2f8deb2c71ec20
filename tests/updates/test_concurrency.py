"""Two people reporting on the same item: the second save is refused, shown what changed, and keeps its input.
Plus the CSRF check on this form."""

import re

from sqlalchemy import select, update

from tests.updates.helpers import form_fields, journal_size, update_form
from tracker.plan.models import WorkItem
from tracker.updates import views
from tracker.updates.models import StatusUpdate


def test_the_second_of_two_posts_from_the_same_version_is_refused(client_for, make, session, dept, lead, item):
    first, second = client_for(lead), client_for(make.user("member", dept, display_name="李干事"))
    url = f"/items/{item.id}/update"
    seen_by_first = form_fields(first.get(url).get_data(as_text=True))["version"].value
    seen_by_second = form_fields(second.get(url).get_data(as_text=True))["version"].value
    assert seen_by_first == seen_by_second == "1"

    assert first.post(url, data=update_form(item, version=seen_by_first, progress="30", note="甲")).status_code == 302
    refused = second.post(url, data=update_form(item, version=seen_by_second, progress="50", note="我的说明 🚧"))

    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert 'data-testid="conflict"' in html and "其他人已更新" in html
    alert = html[html.index('data-testid="conflict"') : html.index("</div>", html.index('data-testid="conflict"'))]
    assert re.search(r"进度：\s*50% → <strong>30%</strong>", alert)
    assert "最近一次报告" in alert and "王科长" in alert
    assert "<li>状态：" not in alert  # unchanged fields are not listed as changes
    fields = form_fields(html)
    assert (fields["note"].value, fields["progress"].value) == ("我的说明 🚧", "50")
    assert fields["version"].value == "2"  # refreshed, so a deliberate resubmit is judged against what is stored
    session.expire_all()
    assert [u.note for u in session.scalars(select(StatusUpdate).where(StatusUpdate.work_item_id == item.id))] == ["甲"]
    assert (item.progress, item.version) == (30, 2)

    resubmitted = second.post(
        url, data=update_form(item, version=fields["version"].value, progress="50", note="复核后")
    )
    assert resubmitted.status_code == 302
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 2


def test_a_stale_version_on_a_project_is_refused_too(client_for, session, lead, project):
    url = f"/projects/{project.id}/update"
    client = client_for(lead)
    assert client.post(url, data=update_form(project, version="1", progress="20")).status_code == 302
    refused = client.post(url, data=update_form(project, version="1", progress="25"))
    assert refused.status_code == 200 and "其他人已更新" in refused.get_data(as_text=True)
    assert journal_size(session, StatusUpdate.project_id, project.id) == 1


def test_a_post_without_a_csrf_token_is_refused(app, client_for, monkeypatch, session, lead, item):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    client = client_for(lead)
    url = f"/items/{item.id}/update"

    refused = client.post(url, data=update_form(item))
    assert refused.status_code == 400 and "页面已过期" in refused.get_data(as_text=True)
    session.expire_all()
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 0 and item.progress == 20

    token = form_fields(client.get(url).get_data(as_text=True))["csrf_token"].value
    assert client.post(url, data=update_form(item, csrf_token=token)).status_code == 302
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 1


def test_a_save_that_loses_the_row_between_check_and_write_is_a_conflict(client_for, monkeypatch, session, lead, item):
    """The other request commits after this one checked the version but before it wrote the row."""
    session.commit()  # keep the fixtures when the view rolls back (the test's outer transaction still discards all)
    real_service = views.post_status_update

    def racing_service(subject, data, actor, today):
        table = WorkItem.__table__
        session.execute(update(table).where(table.c.id == subject.id).values(version=table.c.version + 1))
        return real_service(subject, data, actor, today)

    monkeypatch.setattr(views, "post_status_update", racing_service)
    response = client_for(lead).post(f"/items/{item.id}/update", data=update_form(item, note="我的说明"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "其他人刚刚修改了同一条记录" in html
    assert form_fields(html)["note"].value == "我的说明"
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 0
