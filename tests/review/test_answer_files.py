"""Evidence files on answers: kept with the answer's message on the subject, listed in the thread and on the
item's timeline; a file the attachments service refuses keeps nothing, the answer included."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from tests.attachments import samples
from tests.review.test_threads import reloaded, the_request
from tracker.attachments.models import Attachment
from tracker.review.models import RequestMessage


def post_answer(client, review, files, text="见附件。", seen=None):
    data = {
        "answer-text": text,
        "answer-seen": str(len(review.messages) if seen is None else seen),
        "answer-files": [(io.BytesIO(content), name) for name, content in files],
    }
    return client.post(f"/review/requests/{review.id}/answer", data=data, content_type="multipart/form-data")


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_an_answer_keeps_its_files_on_the_subject(world, client_for, session):
    review = the_request(session, world["late_a"])
    files = [("验收报告.pdf", samples.pdf()), ("现场照片.png", samples.png())]
    response = post_answer(client_for(world["lead_a"]), review, files)
    assert response.status_code == 302, response.get_data(as_text=True)
    message = session.scalars(select(RequestMessage).where(RequestMessage.review_id == review.id)).one()
    kept = session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [(a.filename, a.request_message_id, a.work_item_id) for a in kept] == [
        ("验收报告.pdf", message.id, world["late_a"].id),
        ("现场照片.png", message.id, world["late_a"].id),
    ]
    assert all(a.uploaded_by_id == world["lead_a"].id for a in kept)
    page = client_for(world["office"]).get(f"/review/requests/{review.id}").get_data(as_text=True)
    thread = page.split('data-testid="request-thread"', 1)[1].split("</ol>", 1)[0]
    assert "验收报告.pdf" in thread and f'href="/attachments/{kept[0].id}"' in thread
    timeline = client_for(world["viewer"]).get(f"/items/{world['late_a'].id}").get_data(as_text=True)
    assert "验收报告.pdf" in timeline.split('data-testid="timeline"', 1)[1]


def test_files_alone_answer(world, client_for, session):
    review = the_request(session, world["late_a"])
    response = post_answer(client_for(world["member_a"]), review, [("批复.pdf", samples.pdf())], text="")
    assert response.status_code == 302
    assert reloaded(session, review).request_state == "answered" and count(session, Attachment) == 1


def test_a_refused_file_keeps_nothing(world, client_for, session):
    review = the_request(session, world["late_a"])
    files = [("批复.pdf", samples.pdf()), ("脚本.html", b"<html><script></script></html>")]
    response = post_answer(client_for(world["lead_a"]), review, files)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "脚本.html：不支持这种文件" in page
    assert "见附件。" in page  # the text is kept
    assert count(session, Attachment) == 0 and count(session, RequestMessage) == 0
    assert reloaded(session, review).request_state == "open"


def test_an_empty_file_and_no_text_name_both_problems(world, client_for, session):
    review = the_request(session, world["late_a"])
    response = post_answer(client_for(world["lead_a"]), review, [("空.pdf", b"")], text="")
    page = response.get_data(as_text=True)
    assert "空.pdf：文件是空的。" in page
    assert count(session, Attachment) == 0 and count(session, RequestMessage) == 0


def test_the_same_answer_with_files_sent_twice_keeps_them_once(world, client_for, session):
    review = the_request(session, world["late_a"])
    lead = client_for(world["lead_a"])
    assert post_answer(lead, review, [("批复.pdf", samples.pdf())], seen=0).status_code == 302
    again = post_answer(lead, review, [("批复.pdf", samples.pdf())], seen=0)
    assert again.status_code == 200 and "已有新的答复或处理" in again.get_data(as_text=True)
    assert count(session, Attachment) == 1 and count(session, RequestMessage) == 1
