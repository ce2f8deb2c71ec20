"""Files through the pages: with a status update, on a project on its own; all or nothing; never twice."""

from __future__ import annotations

from sqlalchemy import select

from tests.attachments import samples
from tests.attachments.helpers import counts, multipart
from tests.updates.helpers import form_fields, journal_size, update_form
from tracker.attachments.models import Attachment, AttachmentChunk
from tracker.updates.models import StatusUpdate

MULTIPART = "multipart/form-data"


def post_update(client, subject, *files, url=None, **values):
    url = url or f"/items/{subject.id}/update"
    return client.post(url, data=multipart(*files, **update_form(subject, **values)), content_type=MULTIPART)


def test_files_attach_to_the_new_update_and_its_timeline_entry_lists_them(client_for, session, lead, item):
    client = client_for(lead)
    response = post_update(client, item, (samples.pdf(), "批复.pdf"), (samples.png(), "现场.png"), note="附批复")
    assert response.status_code == 302
    update = session.scalars(select(StatusUpdate).where(StatusUpdate.work_item_id == item.id)).one()
    files = session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [(f.filename, f.content_type, f.status_update_id, f.work_item_id, f.project_id) for f in files] == [
        ("批复.pdf", "application/pdf", update.id, item.id, None),
        ("现场.png", "image/png", update.id, item.id, None),
    ]
    assert all(f.uploaded_by_id == lead.id for f in files)
    html = client.get(f"/items/{item.id}").get_data(as_text=True)
    entry = html[html.index(f'data-update-id="{update.id}"') :]
    assert f'href="/attachments/{files[0].id}"' in entry and "批复.pdf" in entry and "现场.png" in entry


def test_a_project_update_takes_files_too(client_for, session, lead, project):
    response = post_update(
        client_for(lead), project, (samples.docx(), "验收报告.docx"), url=f"/projects/{project.id}/update"
    )
    assert response.status_code == 302
    file = session.scalars(select(Attachment)).one()
    assert (file.project_id, file.work_item_id, file.status_update_id is not None) == (project.id, None, True)


def test_the_form_has_the_file_input_and_sends_multipart(client_for, lead, item):
    html = client_for(lead).get(f"/items/{item.id}/update").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and 'name="files"' in html and "multiple" in html


def test_one_refused_file_keeps_nothing_and_every_message_shows(client_for, session, lead, item):
    response = post_update(
        client_for(lead),
        item,
        (samples.pdf(), "批复.pdf"),
        (b"<script>alert(1)</script>", "evil.html"),
        (b"", "空.docx"),
        progress="150",
    )
    assert response.status_code == 200
    fields = form_fields(response.get_data(as_text=True))
    assert fields["progress"].errors == ["请输入 0 到 100 之间的整数。"]
    assert fields["files"].errors == [
        "evil.html：不支持这种文件，只能上传 PDF、图片或 Word、Excel、PowerPoint、WPS 文档。",
        "空.docx：文件是空的。",
    ]
    assert "没有保存任何文件，请重新选择。" in response.get_data(as_text=True)
    assert counts(session) == (0, 0) and journal_size(session, StatusUpdate.work_item_id, item.id) == 0


def test_a_refused_file_with_an_otherwise_valid_update_keeps_nothing(client_for, session, lead, item):
    response = post_update(client_for(lead), item, (samples.pdf(), "../批复.pdf"), note="完成验收")
    assert response.status_code == 200
    assert form_fields(response.get_data(as_text=True))["note"].value == "完成验收"  # what was typed stays
    assert counts(session) == (0, 0) and journal_size(session, StatusUpdate.work_item_id, item.id) == 0


def test_the_same_update_with_the_same_files_sent_twice_is_kept_once(client_for, session, lead, item):
    client = client_for(lead)
    first = update_form(item, note="附批复")
    for _ in range(2):
        client.post(
            f"/items/{item.id}/update", data=multipart((samples.pdf(), "批复.pdf"), **first), content_type=MULTIPART
        )
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 1 and counts(session) == (1, 1)


def test_the_same_words_with_another_file_are_a_new_report(client_for, session, lead, item):
    client = client_for(lead)
    post_update(client, item, note="补充材料")
    session.expire_all()
    assert post_update(client, item, (samples.pdf(), "补充.pdf"), note="补充材料").status_code == 302
    assert journal_size(session, StatusUpdate.work_item_id, item.id) == 2 and counts(session) == (1, 1)


def test_an_update_without_files_stores_none(client_for, session, lead, item):
    assert post_update(client_for(lead), item, note="按计划推进").status_code == 302
    assert counts(session) == (0, 0)


# The project page's 佐证材料 section and its own upload form.


def upload_to(client, project, *files):
    return client.post(f"/projects/{project.id}/attachments", data=multipart(*files), content_type=MULTIPART)


def test_a_member_uploads_to_their_departments_project(client_for, session, member, project):
    client = client_for(member)
    response = upload_to(client, project, (samples.pdf(), "验收报告.pdf"), (samples.xlsx(), "决算.xlsx"))
    assert response.status_code == 302 and response.headers["Location"] == f"/projects/{project.id}#evidence"
    files = session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [(f.filename, f.project_id, f.status_update_id, f.request_message_id) for f in files] == [
        ("验收报告.pdf", project.id, None, None),
        ("决算.xlsx", project.id, None, None),
    ]
    assert len({f.created_at for f in files}) == 1  # one submit, one time: one timeline entry
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    section = html[html.index('id="evidence"') : html.index('id="timeline-heading"')]
    assert "验收报告.pdf" in section and "决算.xlsx" in section and "李干事" in section
    timeline = html[html.index('data-testid="timeline"') :]
    assert timeline.count('data-kind="files"') == 1 and "上传佐证材料" in timeline and "验收报告.pdf" in timeline


def test_the_project_section_lists_its_updates_files_too(client_for, session, lead, project):
    client = client_for(lead)
    post_update(client, project, (samples.pdf(), "进展附件.pdf"), url=f"/projects/{project.id}/update")
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    section = html[html.index('id="evidence"') : html.index('id="timeline-heading"')]
    assert "进展附件.pdf" in section
    # listed in the update's own entry, not as a separate upload
    assert 'data-kind="files"' not in html


def test_a_project_upload_is_all_or_nothing(client_for, session, lead, project):
    response = upload_to(client_for(lead), project, (samples.pdf(), "好.pdf"), (b"MZ\x90\x00", "坏.exe"))
    assert response.status_code == 200
    assert form_fields(response.get_data(as_text=True))["files"].errors == [
        "坏.exe：不支持这种文件，只能上传 PDF、图片或 Word、Excel、PowerPoint、WPS 文档。"
    ]
    assert counts(session) == (0, 0)


def test_a_project_upload_without_files_asks_for_them(client_for, session, lead, project):
    response = client_for(lead).post(f"/projects/{project.id}/attachments", data={}, content_type=MULTIPART)
    assert response.status_code == 200
    assert form_fields(response.get_data(as_text=True))["files"].errors == ["请选择要上传的文件。"]


def test_the_same_upload_sent_twice_is_kept_once(client_for, session, lead, project):
    client = client_for(lead)
    upload_to(client, project, (samples.pdf(), "批复.pdf"))
    response = upload_to(client, project, (samples.pdf(), "批复.pdf"))
    assert response.status_code == 302 and counts(session) == (1, 1)
    with client.session_transaction() as flask_session:
        assert ("info", "这些文件刚才已经上传过，没有重复保存。") in flask_session["_flashes"]


def test_the_upload_form_shows_only_to_those_who_may_upload(
    client_for, lead, member, viewer, make, other_dept, project
):
    assert 'id="project-files-form"' in client_for(member).get(f"/projects/{project.id}").get_data(as_text=True)
    for user in (viewer, make.user("lead", other_dept), make.user("office", make.department())):
        html = client_for(user).get(f"/projects/{project.id}").get_data(as_text=True)
        assert 'id="project-files-form"' not in html and "尚无佐证材料。" in html
        assert upload_to(client_for(user), project, (samples.pdf(), "a.pdf")).status_code == 403


def test_a_retired_project_takes_no_files(client_for, session, lead, project):
    project.retired = True
    session.flush()
    assert upload_to(client_for(lead), project, (samples.pdf(), "a.pdf")).status_code == 403


def test_chunks_are_written_for_a_page_upload(client_for, session, lead, project):
    upload_to(client_for(lead), project, (samples.pdf(), "批复.pdf"))
    assert session.scalars(select(AttachmentChunk.seq)).all() == [0]


def test_good_files_sent_with_a_refused_report_are_asked_for_again(client_for, session, lead, item):
    """Found by an outside probe: a report refused for another field came back with its files silently gone."""
    response = post_update(client_for(lead), item, (samples.pdf(), "批复.pdf"), progress="150")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and form_fields(html)["files"].errors == []
    assert 'data-testid="files-choose-again"' in html and "没有保存任何文件，请重新选择。" in html
    assert counts(session) == (0, 0)


def test_a_refused_report_without_files_does_not_ask_for_files(client_for, lead, item):
    response = post_update(client_for(lead), item, progress="150")
    assert response.status_code == 200 and 'data-testid="files-choose-again"' not in response.get_data(as_text=True)
