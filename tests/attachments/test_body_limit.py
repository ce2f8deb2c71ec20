"""Upload routes take bodies over MAX_CONTENT_LENGTH (5 MB), up to TRACKER_ATTACHMENT_MAX_BYTES × FILES_MAX and
room for the form; beyond that a clear 413 page, never a 500. Every other route keeps MAX_CONTENT_LENGTH."""

from __future__ import annotations

from sqlalchemy import select

from tests.attachments.helpers import counts, multipart
from tests.updates.helpers import update_form
from tracker.attachments.models import Attachment

MULTIPART = "multipart/form-data"
SIX_MB = 6 * 1024 * 1024


def big_pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"0" * (size - 9)


def test_a_file_over_max_content_length_is_accepted_on_an_upload_route(client_for, session, lead, project, app):
    assert app.config["MAX_CONTENT_LENGTH"] < SIX_MB
    response = client_for(lead).post(
        f"/projects/{project.id}/attachments", data=multipart((big_pdf(SIX_MB), "扫描件.pdf")), content_type=MULTIPART
    )
    assert response.status_code == 302
    assert session.scalars(select(Attachment.size)).one() == SIX_MB


def test_a_status_update_carries_a_large_file_too(client_for, session, lead, item):
    data = multipart((big_pdf(SIX_MB), "扫描件.pdf"), **update_form(item))
    response = client_for(lead).post(f"/items/{item.id}/update", data=data, content_type=MULTIPART)
    assert response.status_code == 302 and counts(session)[0] == 1


def test_a_body_over_the_raised_limit_gets_the_413_page(client_for, session, lead, project, app, monkeypatch):
    # The limit: 10 × 1 KB + 1 MB of room, but never below MAX_CONTENT_LENGTH.
    monkeypatch.setitem(app.config, "TRACKER_ATTACHMENT_MAX_BYTES", 1024)
    response = client_for(lead).post(
        f"/projects/{project.id}/attachments",
        data=multipart((big_pdf(SIX_MB), "扫描件.pdf")),
        content_type=MULTIPART,
    )
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "文件过大" in html and "每个文件不超过 1 KB，一次最多 10 个" in html
    assert counts(session) == (0, 0)


def test_the_413_page_of_a_status_update(client_for, session, lead, item, app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_ATTACHMENT_MAX_BYTES", 1024)
    data = multipart((big_pdf(SIX_MB), "扫描件.pdf"), **update_form(item))
    response = client_for(lead).post(f"/items/{item.id}/update", data=data, content_type=MULTIPART)
    assert response.status_code == 413 and "文件过大" in response.get_data(as_text=True)


def test_other_routes_keep_max_content_length(client_for, lead, project):
    response = client_for(lead).post(
        f"/projects/{project.id}/edit", data=multipart((big_pdf(SIX_MB), "a.pdf")), content_type=MULTIPART
    )
    assert response.status_code == 413
    assert "文件过大" not in response.get_data(as_text=True)  # the generic 413 page


def test_an_anonymous_large_body_is_refused_before_it_is_read(app, client, session, project, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # as in production, where CSRF's check reads the form
    response = client.post(
        f"/projects/{project.id}/attachments", data=multipart((big_pdf(SIX_MB), "a.pdf")), content_type=MULTIPART
    )
    assert response.status_code == 413


def test_the_limit_is_raised_before_the_csrf_check_reads_the_form(client_for, app, session, lead, project, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client_for(lead).post(
        f"/projects/{project.id}/attachments", data=multipart((big_pdf(SIX_MB), "a.pdf")), content_type=MULTIPART
    )
    assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True)  # no token: not 413
