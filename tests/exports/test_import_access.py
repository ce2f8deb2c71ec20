"""Who may import, who sees a preview (its uploader alone), and CSRF on every import form."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.exports.helpers import open_workbook, saved, task_table
from tests.exports.test_import import _batch_id, upload
from tracker.exports.models import ImportBatch
from tracker.extensions import db
from tracker.updates.models import StatusUpdate


@pytest.fixture
def batch_id(client_for, export_plan):
    """A pending batch of lead B with one accepted row (sub3 from 30 to 45)."""
    client = client_for(export_plan.lead_b)
    workbook = open_workbook(client.get("/export/tasks.xlsx").data)
    table = task_table(workbook)
    table.cell(table.row_of(export_plan.sub3.id), "progress").value = 45
    return _batch_id(upload(client, saved(workbook)))


def _updates() -> int:
    return db.session.scalar(select(func.count()).select_from(StatusUpdate))


@pytest.mark.parametrize("role", ["admin", "office", "lead", "member"])
def test_roles_that_report_may_open_the_upload_page(client_for, make, export_plan, role):
    user = make.user(role, export_plan.dept_b if role in ("lead", "member") else None)
    page = client_for(user).get("/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.get_data(as_text=True)
    assert 'href="/import"' in page.get_data(as_text=True)  # the navigation link


def test_viewers_may_not_import(client_for, export_plan):
    viewer = client_for(export_plan.viewer)
    assert viewer.get("/import").status_code == 403
    assert upload(viewer, b"PK\x03\x04").status_code == 403
    assert 'href="/import"' not in viewer.get("/").get_data(as_text=True)


def test_anonymous_users_are_sent_to_sign_in(client, export_plan):
    for method, url in (("GET", "/import"), ("GET", "/import/1"), ("POST", "/import/1/confirm")):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_only_the_uploader_sees_or_confirms_a_batch(client_for, make, export_plan, batch_id):
    p = export_plan
    for user in (p.member_b, p.lead_a, make.user("admin"), p.office):
        other = client_for(user)
        assert other.get(f"/import/{batch_id}").status_code == 404
        assert other.post(f"/import/{batch_id}/confirm").status_code == 404
        assert other.post(f"/import/{batch_id}/discard").status_code == 404
    assert client_for(p.viewer).get(f"/import/{batch_id}").status_code == 403
    assert db.session.get(ImportBatch, batch_id).state == "pending"
    owner = client_for(p.lead_b)
    assert owner.get(f"/import/{batch_id}").status_code == 200
    assert owner.get("/import/99999999999").status_code == 404


def test_the_upload_page_lists_the_users_own_batches(client_for, export_plan, batch_id):
    own = client_for(export_plan.lead_b).get("/import").get_data(as_text=True)
    assert f'href="/import/{batch_id}"' in own and "待确认" in own
    other = client_for(export_plan.member_b).get("/import").get_data(as_text=True)
    assert f'href="/import/{batch_id}"' not in other


def test_upload_without_a_csrf_token_is_refused(client_for, export_plan, app, monkeypatch):
    client = client_for(export_plan.lead_b)
    data = client.get("/export/tasks.xlsx").data
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = upload(client, data)
    assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_confirm_and_discard_without_a_csrf_token_are_refused(client_for, export_plan, batch_id, app, monkeypatch):
    client = client_for(export_plan.lead_b)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    before = _updates()
    assert client.post(f"/import/{batch_id}/confirm").status_code == 400
    assert client.post(f"/import/{batch_id}/discard").status_code == 400
    db.session.expire_all()
    assert _updates() == before and db.session.get(ImportBatch, batch_id).state == "pending"
    # With the token the page carries, the same confirmation goes through.
    page = client.get(f"/import/{batch_id}").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post(f"/import/{batch_id}/confirm", data={"csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert _updates() == before + 1 and export_plan.sub3.progress == 45


def test_preview_pages_and_filters_rows(client_for, export_plan, monkeypatch):
    from tracker.exports import views

    p = export_plan
    client = client_for(p.lead_b)
    workbook = open_workbook(client.get("/export/tasks.xlsx").data)
    table = task_table(workbook)
    table.cell(table.row_of(p.sub3.id), "progress").value = 45
    table.cell(table.row_of(p.task1.id), "progress").value = 45  # department A's: refused
    batch_id = _batch_id(upload(client, saved(workbook)))
    applying = client.get(f"/import/{batch_id}?show=apply").get_data(as_text=True)
    assert applying.count("data-verdict=") == 1 and 'data-verdict="apply"' in applying
    refused = client.get(f"/import/{batch_id}?show=refused").get_data(as_text=True)
    assert refused.count("data-verdict=") == 1 and 'data-reason="not_your_department"' in refused
    monkeypatch.setattr(views, "PREVIEW_PAGE", 1)
    first, second = (client.get(f"/import/{batch_id}?page={n}").get_data(as_text=True) for n in (1, 2))
    assert "第 1 / 2 页" in first and "第 2 / 2 页" in second
    assert f'href="/items/{p.task1.id}"' in first and f'href="/items/{p.sub3.id}"' in second
