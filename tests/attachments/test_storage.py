"""Bytes kept in chunks of CHUNK_BYTES, each its own statement, and read back byte for byte (on every database:
MariaDB refuses a statement over max_allowed_packet)."""

from __future__ import annotations

import hashlib
import os

import pytest
from sqlalchemy import select

from tests.attachments import samples
from tests.attachments.helpers import check, multipart
from tracker.attachments.models import CHUNK_BYTES, Attachment, AttachmentChunk
from tracker.attachments.services import PROJECT, REQUEST_MESSAGE, STATUS_UPDATE, chunks_of, files_for, store_files


def big_pdf(size: int) -> bytes:
    head = b"%PDF-1.7\n"
    return head + os.urandom(size - len(head))


def test_a_file_of_several_chunks_round_trips_byte_for_byte(app, session, lead, project, count_statements):
    data = big_pdf(3 * CHUNK_BYTES + 12345)
    with app.test_request_context():
        checked, messages = check((data, "大文件.pdf"))
        assert messages == []
        with count_statements() as counter:
            (stored,) = store_files(checked, project, lead)
    inserts = [s for s in counter.statements if s.lstrip().upper().startswith("INSERT INTO ATTACHMENT_CHUNKS")]
    assert len(inserts) == 4  # one statement per chunk, never all of them in one
    session.expire_all()
    kept = session.get(Attachment, stored.id)
    assert (kept.size, kept.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    sizes = session.execute(
        select(AttachmentChunk.seq, AttachmentChunk.data).where(AttachmentChunk.attachment_id == kept.id)
    ).all()
    assert [(seq, len(piece)) for seq, piece in sorted(sizes)] == [
        (0, CHUNK_BYTES),
        (1, CHUNK_BYTES),
        (2, CHUNK_BYTES),
        (3, 12345),
    ]
    assert b"".join(chunks_of(kept)) == data


def test_a_large_upload_downloads_byte_for_byte(client_for, session, lead, project):
    data = big_pdf(2 * CHUNK_BYTES + 1)
    client = client_for(lead)
    response = client.post(
        f"/projects/{project.id}/attachments",
        data=multipart((data, "扫描件.pdf")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    file = session.scalars(select(Attachment)).one()
    download = client.get(f"/attachments/{file.id}")
    assert download.status_code == 200 and download.headers["Content-Length"] == str(len(data))
    assert download.data == data


def test_a_download_reads_one_chunk_per_statement(app, session, lead, item, count_statements):
    data = big_pdf(2 * CHUNK_BYTES + 10)
    with app.test_request_context():
        (stored,) = store_files(check((data, "a.pdf"))[0], item, lead)
    session.expire_all()
    stored = session.get(Attachment, stored.id)
    pieces = chunks_of(stored)
    with count_statements() as counter:
        first = next(pieces)
    assert counter.count == 1 and len(first) == CHUNK_BYTES
    assert first + b"".join(pieces) == data


def test_a_lost_chunk_breaks_the_download_off(app, session, make, lead, item):
    file = make.attachment(item, lead, b"%PDF-" + b"x" * CHUNK_BYTES)  # claims two chunks, has one
    with pytest.raises(LookupError):
        list(chunks_of(file))


def test_files_for_answers_many_rows_in_one_statement(session, make, lead, item, project, count_statements):
    update = make.status_update(project, lead)
    review = make.review(item, make.user("office"), outcome="follow_up")
    answer = make.request_message(review, lead)
    make.attachment(project, lead, filename="项目.pdf")
    make.attachment(project, lead, filename="进展.pdf", status_update_id=update.id)
    make.attachment(item, lead, filename="答复.pdf", request_message_id=answer.id)
    make.attachment(item, lead, filename="别处.pdf")
    project_id, update_id, answer_id = project.id, update.id, answer.id
    session.expire_all()
    with count_statements() as counter:
        found = files_for(project_ids=[project_id], status_update_ids=[update_id], request_message_ids=[answer_id])
        names = {key: {k: [f.filename for f in v] for k, v in rows.items()} for key, rows in found.items()}
        uploaders = {f.uploaded_by.display_name for rows in found.values() for fs in rows.values() for f in fs}
    assert counter.count == 1 and uploaders == {"王科长"}
    assert names == {
        PROJECT: {project_id: ["项目.pdf", "进展.pdf"]},  # a project's files include its updates'
        STATUS_UPDATE: {update_id: ["进展.pdf"]},
        REQUEST_MESSAGE: {answer_id: ["答复.pdf"]},
    }


def test_files_for_with_nothing_asked_reads_nothing(session, count_statements):
    with count_statements() as counter:
        assert files_for() == {STATUS_UPDATE: {}, REQUEST_MESSAGE: {}, PROJECT: {}}
    assert counter.count == 0


def test_stored_files_keep_their_kind_and_uploader(app, session, lead, item):
    with app.test_request_context():
        stored = store_files(check((samples.png(), "图.png"), (samples.docx(), "文.docx"))[0], item, lead)
    assert [(f.filename, f.content_type, f.work_item_id, f.uploaded_by_id) for f in stored] == [
        ("图.png", "image/png", item.id, lead.id),
        ("文.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", item.id, lead.id),
    ]


def test_a_projects_evidence_leaves_out_the_files_of_drafts_and_returned_reports(session, make, lead, project):
    """Found by an outside probe: a returned report's photo was listed as the project's evidence for everyone."""
    approved = make.status_update(project, lead)
    draft = make.status_update(project, lead, sign_off="pending")
    returned = make.status_update(project, lead, sign_off="returned", sign_off_comment="照片与本项目无关")
    make.attachment(project, lead, filename="项目.pdf")
    for update, name in ((approved, "已生效.pdf"), (draft, "草稿.pdf"), (returned, "退回.pdf")):
        make.attachment(project, lead, filename=name, status_update_id=update.id)
    found = files_for(project_ids=[project.id], status_update_ids=[draft.id, returned.id])
    assert [f.filename for f in found[PROJECT][project.id]] == ["项目.pdf", "已生效.pdf"]
    # Each report still lists its own files under itself (the timeline marks drafts and returned reports).
    assert [f.filename for f in found[STATUS_UPDATE][draft.id]] == ["草稿.pdf"]
    assert [f.filename for f in found[STATUS_UPDATE][returned.id]] == ["退回.pdf"]
