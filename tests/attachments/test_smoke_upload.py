import io

from sqlalchemy import select

from tests.updates.helpers import update_form
from tracker.attachments.models import Attachment


def test_update_with_file(client_for, session, lead, item, pdf):
    data = update_form(item, note="附批复")
    data["files"] = [(io.BytesIO(pdf), "批复.pdf")]
    response = client_for(lead).post(f"/items/{item.id}/update", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    att = session.scalars(select(Attachment)).one()
    assert att.filename == "批复.pdf" and att.status_update_id is not None
    page = client_for(lead).get(f"/items/{item.id}")
    assert "批复.pdf" in page.get_data(as_text=True)
    got = client_for(lead).get(f"/attachments/{att.id}")
    assert got.status_code == 200 and got.data == pdf, got.headers
    print(got.headers)


def test_project_upload(client_for, session, lead, project, pdf):
    client = client_for(lead)
    r = client.post(
        f"/projects/{project.id}/attachments",
        data={"files": [(io.BytesIO(pdf), "验收报告.pdf")]},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302, r.get_data(as_text=True)
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert html.count("验收报告.pdf") == 2
    r = client.post(
        f"/projects/{project.id}/attachments",
        data={"files": [(io.BytesIO(b"<html>"), "x.html")]},
        content_type="multipart/form-data",
    )
    assert r.status_code == 200 and "x.html：不支持" in r.get_data(as_text=True)
