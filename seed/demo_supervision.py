"""The supervision loop (督办) in the demo: the office's requests to the departments that have demo accounts, one in
each state people meet — waiting for the department, past its answer date, answered and waiting for the office,
asked again, closed — and one department whose members' reports wait for their lead's sign-off.

Everything goes through the services people use (tracker.review.services and .threads, tracker.updates.services),
so the threads, the inbox rows and the outbox mail are the ones the app itself writes; the rows are then dated back
to the days the story gives them, as the rest of the demo history is. Deterministic: items are taken in plan order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from seed.demo_accounts import Cast
from tracker.core.statuses import CLOSED_STATUSES, LATE_STATUSES, Status
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue
from tracker.review.models import Outcome, RequestMessage, Review
from tracker.review.services import ReviewData, record_review
from tracker.review.threads import AnswerData, SettleData, accept_answer, answer_request, ask_again
from tracker.updates.services import UpdateData, post_status_update

# 10:00 Beijing time, when the office works through its queue.
OFFICE_HOURS_UTC = time(2, 0)
QUESTIONS = (
    "请说明当前进展、滞后原因和整改措施，并附相关材料。",
    "请于答复期限前报送整改方案及时间表。",
    "该任务进度明显滞后，提请督办：请部门主要负责人牵头落实，并书面答复。",
    "请补充项目批复文件和最新建设进度。",
    "请说明资金到位情况及下一步工作安排。",
)
ANSWERS = (
    "已召开专题会议研究，整改方案已报分管领导审定，预计下月底前完成主体建设。",
    "项目已完成招标，正在组织实施，资金已按计划拨付，进度报告见附件。",
)


@dataclass
class SupervisionCounts:
    requests: int = 0
    answers: int = 0
    drafts: int = 0


def _at(day: date) -> datetime:
    return datetime.combine(day, OFFICE_HOURS_UTC)


def _items_to_ask_about(leaves: list[WorkItem], cast: Cast, today: date, wanted: int) -> list[WorkItem]:
    """Open work of departments with a demo lead, the office's likeliest questions first (overdue, then reported
    late or at risk, then in progress), in plan order; each department's first before any second."""

    def concern(item: WorkItem) -> int:
        if is_overdue(item.due_date, item.status, today):
            return 0
        return 1 if item.status in LATE_STATUSES else 2

    candidates = [i for i in leaves if i.lead_department_id in cast.leads and i.status not in CLOSED_STATUSES]
    candidates.sort(key=concern)  # stable: plan order within each concern
    first: list[WorkItem] = []
    rest: list[WorkItem] = []
    for item in candidates:
        taken = {i.lead_department_id for i in first}
        (rest if item.lead_department_id in taken else first).append(item)
    return (first + rest)[:wanted]


def _dated(model, since_id: int, moment: datetime, column: str = "created_at") -> None:
    """Rows of `model` written since `since_id` as written at `moment`."""
    table = model.__table__
    db.session.execute(update(table).where(table.c.id > since_id).values({column: moment}))


def _last_id(model) -> int:
    return db.session.scalar(select(model.id).order_by(model.id.desc()).limit(1)) or 0


def _request(item: WorkItem, cast: Cast, question: str, outcome: str, asked_on: date, today: date) -> Review:
    notified = _last_id(Notification)
    data = ReviewData(outcome=outcome, version=item.version, comment=question, follow_up_date=today + timedelta(10))
    review = record_review(item, data, cast.office, today)
    review.created_at = _at(asked_on)
    review.follow_up_date = asked_on + timedelta(days=10)
    _dated(Notification, notified, review.created_at)
    return review


def _answer(review: Review, item: WorkItem, cast: Cast, text: str, on: date) -> None:
    notified, said = _last_id(Notification), _last_id(RequestMessage)
    lead = cast.leads[item.lead_department_id]  # type: ignore[index]
    answer_request(review, AnswerData(text=text, seen=len(review.messages)), lead)
    review.answered_at = _at(on) + timedelta(hours=5)
    _dated(RequestMessage, said, review.answered_at)
    _dated(Notification, notified, review.answered_at)


def write_supervision(items: list[WorkItem], cast: Cast, today: date) -> SupervisionCounts:
    """Five requests on open leaves (`items`: the task-level leaves in plan order) and a draft awaiting sign-off.
    Needs a request context (the notifications' links). Flushes."""
    counts = SupervisionCounts()
    chosen = _items_to_ask_about(items, cast, today, len(QUESTIONS))
    reviews = []
    for index, item in enumerate(chosen):
        outcome = Outcome.ESCALATED.value if index == 2 else Outcome.FOLLOW_UP.value
        review = _request(item, cast, QUESTIONS[index], outcome, today - timedelta(days=14 - 2 * index), today)
        reviews.append(review)
        counts.requests += 1
        if index >= 3:  # answered: the fourth waits for the office, the fifth the office settles
            _answer(review, item, cast, ANSWERS[index - 3], review.created_at.date() + timedelta(days=3))
            counts.answers += 1
        if index == 4:
            notified, said = _last_id(Notification), _last_id(RequestMessage)
            accept_answer(review, SettleData(text="答复已收悉，同意按此推进。", seen=len(review.messages)), cast.office)
            review.closed_at = _at(today - timedelta(days=1))
            _dated(RequestMessage, said, review.closed_at)
            _dated(Notification, notified, review.closed_at)
    if len(chosen) > 1:  # the office found one answer wanting: ask again, due in a week
        review = reviews[1]
        _answer(review, chosen[1], cast, "正在研究整改方案。", today - timedelta(days=5))
        counts.answers += 1
        notified, said = _last_id(Notification), _last_id(RequestMessage)
        again = SettleData(
            text="答复过于笼统，请列明整改时间表和责任人。", seen=len(review.messages), due_date=today + timedelta(7)
        )
        ask_again(review, again, cast.office, today)
        _dated(RequestMessage, said, _at(today - timedelta(days=2)))
        _dated(Notification, notified, _at(today - timedelta(days=2)))
    counts.drafts = _draft_for_sign_off(items, cast, today)
    return counts


def _draft_for_sign_off(items: list[WorkItem], cast: Cast, today: date) -> int:
    """The first department with demo accounts reports through its lead: its member's latest report waits."""
    department_id = next(iter(cast.members), None)
    if department_id is None:
        return 0
    member = cast.members[department_id]
    member.department.reports_need_sign_off = True  # type: ignore[union-attr]
    item = next(
        (i for i in items if i.lead_department_id == department_id and i.status == Status.IN_PROGRESS.value), None
    )
    if item is None or item.progress >= 95 or is_overdue(item.due_date, item.status, today):
        return 0
    data = UpdateData(
        status=Status.IN_PROGRESS.value,
        progress=item.progress + 5,
        version=item.version,
        note="本月完成系统联调测试，用户培训已安排。",
    )
    post_status_update(item, data, member, today)
    return 1
