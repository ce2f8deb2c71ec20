"""GET /attachments/<id>: for everyone who reads the subject, always as a download, with the right name."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.attachments import samples


def test_a_chinese_name_comes_back_with_an_ascii_fallback(client_for, make, lead, viewer, project):
    data = samples.pdf()
    file = make.attachment(project, lead, data, filename="关于项目验收的批复.pdf")
    response = client_for(viewer).get(f"/attachments/{file.id}")
    assert response.status_code == 200 and response.data == data
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"attachment-{file.id}.pdf\"; filename*=UTF-8''{quote('关于项目验收的批复.pdf')}"
    )
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Length"] == str(len(data))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"].split(", ")[0] == "private"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("report 2013.pdf", "report 2013.pdf"),
        ("2013年报告.pdf", "2013.pdf"),
        ('a"b;c.pdf', "a_b_c.pdf"),
        ("Résumé.pdf", "Resume.pdf"),
    ],
)
def test_the_ascii_fallback_keeps_what_ascii_there_is(client_for, make, lead, item, name, fallback):
    file = make.attachment(item, lead, filename=name)
    disposition = client_for(lead).get(f"/attachments/{file.id}").headers["Content-Disposition"]
    assert disposition.startswith(f"attachment; filename=\"{fallback}\"; filename*=UTF-8''")
    assert disposition.endswith(quote(name, safe=""))


def test_an_image_is_a_download_too_never_inline(client_for, make, lead, item):
    file = make.attachment(item, lead, samples.png(), filename="现场.png", content_type="image/png")
    response = client_for(lead).get(f"/attachments/{file.id}")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Type"] == "image/png"


def test_a_missing_file_is_not_found(client_for, lead):
    assert client_for(lead).get("/attachments/987654").status_code == 404
    assert client_for(lead).get(f"/attachments/{2**31}").status_code == 404


def test_one_who_may_not_read_it_gets_404(client_for, make, lead, item, monkeypatch):
    """The rule lives in attachments.permissions; a refusal must not say the file exists."""
    file = make.attachment(item, lead)
    monkeypatch.setattr("tracker.attachments.views.can_download", lambda user, attachment: False)
    assert client_for(lead).get(f"/attachments/{file.id}").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, make, lead, item):
    file = make.attachment(item, lead)
    response = client.get(f"/attachments/{file.id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_an_inactive_user_reads_nothing(make, lead):
    from tracker.attachments.permissions import can_download, can_read_files

    gone = make.user("member", lead.department, active=False)
    assert not can_read_files(gone) and can_read_files(lead)
    assert not can_download(gone, None)


def test_every_signed_in_role_downloads(client_for, make, lead, item):
    file = make.attachment(item, lead)
    for role in ("admin", "office", "lead", "member", "viewer"):
        assert client_for(make.user(role)).get(f"/attachments/{file.id}").status_code == 200
