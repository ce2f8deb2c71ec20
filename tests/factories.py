"""Small factories for building rows in tests with sensible defaults: one for every model a test writes by hand.

WorkItemSearchText has none: tracker.plan.hierarchy_sync keeps it with the items. Each factory adds and flushes its
row; keyword arguments override the defaults (and set any other column).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal

from tracker.auth.passwords import hash_password
from tracker.db import utcnow
from tracker.exports.models import ExportSlot, ImportBatch, ImportRow, Installation, Verdict
from tracker.models import (
    ApiToken,
    Attachment,
    AttachmentChunk,
    AuditEvent,
    BudgetLine,
    Department,
    DepartmentFormerName,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemMilestone,
    LoginThrottle,
    MailMessage,
    Notification,
    Plan,
    PlanContext,
    Project,
    RequestMessage,
    Review,
    StatusUpdate,
    User,
    WorkItem,
)

# When hand-made reports, reviews and audit rows happen unless a test says otherwise: before the tests' fixed
# today (2013-06-15, tests/conftest.py).
BEFORE_TODAY = datetime(2013, 6, 1, 9, 30)

PASSWORD = "correct horse battery"


class Factories:
    def __init__(self, session, seq) -> None:
        self.session = session
        self.seq = seq

    def _n(self) -> int:
        return next(self.seq)

    def department(self, **kw) -> Department:
        n = self._n()
        dept = Department(
            code=kw.pop("code", f"D{n}"),
            name=kw.pop("name", f"部门{n}"),
            short_name=kw.pop("short_name", f"部门{n}"),
            **kw,
        )
        return self._added(dept)

    def former_name(self, department: Department, user: User | None = None, **kw) -> DepartmentFormerName:
        """A name the department carried before (曾用名), as a rename in the app leaves it."""
        n = self._n()
        former = DepartmentFormerName(
            department=department,
            name=kw.pop("name", f"旧部门{n}"),
            short_name=kw.pop("short_name", f"旧部门{n}"),
            until=kw.pop("until", BEFORE_TODAY),
            renamed_by_id=user.id if user else None,
            renamed_by=user.display_name if user else "",
            **kw,
        )
        return self._added(former)

    def user(self, role: str = "lead", department: Department | None = None, **kw) -> User:
        n = self._n()
        if department is None and role in ("lead", "member"):
            department = self.department()
        user = User(
            username=kw.pop("username", f"user{n}"),
            display_name=kw.pop("display_name", f"用户{n}"),
            password_hash=hash_password(kw.pop("password", PASSWORD)),
            role=role,
            department=department,
            **kw,
        )
        return self._added(user)

    def plan(self, **kw) -> Plan:
        n = self._n()
        plan = Plan(
            code=kw.pop("code", f"plan-{n}"),
            title=kw.pop("title", f"规划{n}"),
            start_year=kw.pop("start_year", 2011),
            end_year=kw.pop("end_year", 2015),
            **kw,
        )
        return self._added(plan)

    def item(self, plan: Plan, parent: WorkItem | None = None, **kw) -> WorkItem:
        n = self._n()
        item = WorkItem(
            plan=plan,
            parent=parent,
            kind=kw.pop("kind", "task"),
            title=kw.pop("title", f"任务{n}"),
            outline_no=kw.pop("outline_no", f"{n}."),
            sort_order=kw.pop("sort_order", n),
            created_at=kw.pop("created_at", datetime(2011, 1, 1)),
            **kw,
        )
        return self._added(item)

    def project(self, item: WorkItem, department: Department, **kw) -> Project:
        n = self._n()
        project = Project(work_item=item, department=department, name=kw.pop("name", f"项目{n}"), **kw)
        return self._added(project)

    def budget(self, project: Project, year: int, approved="0", allocated="0", spent="0") -> BudgetLine:
        line = BudgetLine(
            project=project, year=year, approved=Decimal(approved), allocated=Decimal(allocated), spent=Decimal(spent)
        )
        return self._added(line)

    def _added(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    @staticmethod
    def _subject(subject: WorkItem | Project) -> dict:
        """The subject columns of a status update or review: exactly one of work_item and project."""
        if isinstance(subject, WorkItem):
            return {"work_item": subject, "project": None}
        return {"work_item": None, "project": subject}

    def status_update(self, subject: WorkItem | Project, author: User, **kw) -> StatusUpdate:
        """A report written as a row (the service stamps the real clock; tests want 2013). Status and progress
        stay as they are unless given; the subject's last report time is kept as the updates service keeps it."""
        update = StatusUpdate(
            **self._subject(subject),
            author=author,
            created_at=kw.pop("created_at", BEFORE_TODAY),
            status_before=kw.pop("status_before", subject.status),
            status_after=kw.pop("status_after", subject.status),
            progress_before=kw.pop("progress_before", subject.progress or 0),
            progress_after=kw.pop("progress_after", subject.progress or 0),
            **kw,
        )
        subject.last_update_at = update.created_at
        return self._added(update)

    def review(self, subject: WorkItem | Project, reviewer: User, outcome: str = "acknowledged", **kw) -> Review:
        """A follow-up or escalation is an open request unless `request_state` says otherwise."""
        if outcome in ("follow_up", "escalated"):
            kw.setdefault("request_state", "open")
        review = Review(
            **self._subject(subject),
            reviewer=reviewer,
            outcome=outcome,
            created_at=kw.pop("created_at", BEFORE_TODAY),
            **kw,
        )
        return self._added(review)

    def request_message(self, review: Review, author: User, kind: str = "answer", **kw) -> RequestMessage:
        message = RequestMessage(
            review=review,
            author=author,
            kind=kind,
            body=kw.pop("body", "已按要求整改。"),
            created_at=kw.pop("created_at", BEFORE_TODAY + timedelta(days=1)),
            **kw,
        )
        return self._added(message)

    def notification(self, user: User, kind: str = "follow_up", **kw) -> Notification:
        n = self._n()
        notification = Notification(
            user=user, kind=kind, title=kw.pop("title", f"任务{n}"), created_at=kw.pop("created_at", BEFORE_TODAY), **kw
        )
        return self._added(notification)

    def mail_message(self, user: User | None = None, **kw) -> MailMessage:
        n = self._n()
        message = MailMessage(
            user=user,
            to_address=kw.pop("to_address", (user.email if user else None) or f"user{n}@example.gov.cn"),
            subject=kw.pop("subject", f"通知{n}"),
            body=kw.pop("body", "正文"),
            **kw,
        )
        return self._added(message)

    def attachment(
        self, subject: WorkItem | Project, uploader: User, data: bytes = b"%PDF-1.4\n%%EOF\n", **kw
    ) -> Attachment:
        """A file row and its one chunk, as the attachments service stores a small file."""
        attachment = Attachment(
            **{f"{key}_id": (row.id if row else None) for key, row in self._subject(subject).items()},
            uploaded_by=uploader,
            filename=kw.pop("filename", "批复.pdf"),
            content_type=kw.pop("content_type", "application/pdf"),
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            created_at=kw.pop("created_at", BEFORE_TODAY),
            **kw,
        )
        self._added(attachment)
        self.attachment_chunk(attachment, 0, data)
        return attachment

    def attachment_chunk(self, attachment: Attachment, seq: int, data: bytes) -> AttachmentChunk:
        return self._added(AttachmentChunk(attachment_id=attachment.id, seq=seq, data=data))

    def indicator(self, plan: Plan, **kw) -> Indicator:
        n = self._n()
        code = kw.pop("code", f"I{n}")
        indicator = Indicator(
            plan=plan,
            code=code,
            name=kw.pop("name", code),
            unit=kw.pop("unit", "亿元"),
            target_year=kw.pop("target_year", 2015),
            target_value=Decimal(kw.pop("target_value", "200")),
            **kw,
        )
        return self._added(indicator)

    def indicator_value(self, indicator: Indicator, year: int, value="0", **kw) -> IndicatorValue:
        row = IndicatorValue(
            indicator=indicator,
            year=year,
            value=Decimal(value),
            source=kw.pop("source", "统计年鉴"),
            entered_at=kw.pop("entered_at", datetime(2013, 3, 1, 9, 30)),
            **kw,
        )
        return self._added(row)

    def indicator_target(self, indicator: Indicator, year: int, value="0", **kw) -> IndicatorTarget:
        return self._added(IndicatorTarget(indicator=indicator, year=year, value=Decimal(value), **kw))

    def milestone(self, item: WorkItem, year: int, target_progress: int | None = None, **kw) -> ItemMilestone:
        """A yearly milestone of `item`: a target progress, a deliverable (`deliverable="…"`), or both."""
        return self._added(ItemMilestone(work_item=item, year=year, target_progress=target_progress, **kw))

    def audit_event(
        self, entity_type: str = "work_item", entity_id: int = 1, actor: User | None = None, **kw
    ) -> AuditEvent:
        event = AuditEvent(
            actor_id=actor.id if actor else None,
            entity_type=entity_type,
            entity_id=entity_id,
            action=kw.pop("action", "update"),
            field=kw.pop("field", "status"),
            old_value=kw.pop("old", "not_started"),
            new_value=kw.pop("new", "in_progress"),
            remote_addr=kw.pop("remote_addr", "10.0.0.8"),
            created_at=kw.pop("created_at", BEFORE_TODAY),
            **kw,
        )
        return self._added(event)

    def api_token(self, user: User, scope: str = "write", **kw) -> ApiToken:
        """A token of `user` whose secret is `token.secret` (set on the object for the test; never stored)."""
        from tracker.auth.tokens import digest_of

        secret = kw.pop("secret", f"pt_test-secret-{self._n()}-{'x' * 20}")
        token = ApiToken(
            user=user,
            name=kw.pop("name", "测试令牌"),
            prefix=secret[:10],
            digest=digest_of(secret),
            scope=scope,
            created_at=kw.pop("created_at", BEFORE_TODAY),
            **kw,
        )
        token.secret = secret  # type: ignore[attr-defined]
        return self._added(token)

    def login_throttle(self, key: str, failures: int = 1, **kw) -> LoginThrottle:
        return self._added(LoginThrottle(key=key, failures=failures, **kw))

    def plan_context(self, plan: Plan, **kw) -> PlanContext:
        n = self._n()
        context = PlanContext(
            plan_id=plan.id,
            kind=kw.pop("kind", "trend"),
            seed_key=kw.pop("seed_key", f"context-{n}"),
            title=kw.pop("title", f"背景{n}"),
            sort_order=kw.pop("sort_order", n),
            **kw,
        )
        return self._added(context)

    def import_batch(self, plan: Plan, user: User, **kw) -> ImportBatch:
        return self._added(ImportBatch(plan=plan, user=user, filename=kw.pop("filename", "tasks.xlsx"), **kw))

    def import_row(self, batch: ImportBatch, work_item: WorkItem | None = None, **kw) -> ImportRow:
        row = ImportRow(
            batch=batch,
            work_item=work_item,
            row_number=kw.pop("row_number", self._n()),
            verdict=kw.pop("verdict", Verdict.APPLY.value),
            **kw,
        )
        return self._added(row)

    def export_slot(self, user: User, slot: int = 1, **kw) -> ExportSlot:
        expires_at = kw.pop("expires_at", utcnow() + timedelta(minutes=5))
        return self._added(ExportSlot(user_id=user.id, slot=slot, expires_at=expires_at, **kw))

    def installation(self, key: str = "test-installation", **kw) -> Installation:
        return self._added(Installation(id=1, key=key, **kw))


__all__ = ["PASSWORD", "Factories", "date"]
