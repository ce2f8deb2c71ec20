"""The demo shows the supervision loop: requests in each state, the inbox rows they caused, a draft for sign-off."""

from collections import Counter

from sqlalchemy import select

from seed.demo import generate_demo
from tests.seed_demo.test_demo import TODAY, build_plan
from tracker.auth.models import User
from tracker.extensions import db
from tracker.notifications.models import MailMessage, Notification
from tracker.review.models import MessageKind, RequestMessage, Review
from tracker.updates.models import SignOff, StatusUpdate


def test_requests_in_every_state_with_their_threads_and_notifications(make):
    build_plan(make)
    result = generate_demo(1, today=TODAY)
    states = Counter(db.session.scalars(select(Review.request_state).where(Review.request_state.is_not(None))))
    assert states == {"open": 3, "answered": 1, "closed": 1}
    assert (result.supervision.requests, result.supervision.answers) == (5, 3)
    kinds = Counter(db.session.scalars(select(RequestMessage.kind)))
    assert kinds == {MessageKind.ANSWER.value: 3, MessageKind.ACCEPT.value: 1, MessageKind.ASK_AGAIN.value: 1}
    open_requests = db.session.scalars(select(Review).where(Review.request_state == "open")).all()
    assert any(r.follow_up_date < TODAY for r in open_requests)  # one answer is overdue
    # Everything the story tells happened on or before the demo's today.
    assert all(m.created_at.date() <= TODAY for m in db.session.scalars(select(RequestMessage)))
    told = Counter(n.user.username for n in db.session.scalars(select(Notification)))
    assert told["office"] >= 2 and told["lead.jxw"] >= 1


def test_a_members_draft_waits_for_the_lead_and_mail_waits_in_the_outbox(make):
    build_plan(make)
    result = generate_demo(1, today=TODAY)
    drafts = db.session.scalars(select(StatusUpdate).where(StatusUpdate.sign_off == SignOff.PENDING.value)).all()
    assert result.supervision.drafts == len(drafts) == 1
    assert drafts[0].author.role == "member" and drafts[0].author.department.reports_need_sign_off
    addresses = db.session.scalars(select(User.email)).all()
    assert all(address and address.endswith("@tracker.example") for address in addresses)
    assert db.session.scalars(select(MailMessage.to_address)).all()  # immediate mail, never sent in the demo
