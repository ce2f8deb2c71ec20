"""Audited changes on a subject's timeline (registered with tracker.core.hooks at import).

It lives in the plan feature rather than in core because it joins the acting user, and core imports no
feature. It serves every subject type (work items and projects alike).
"""

from __future__ import annotations

from sqlalchemy import and_, not_, select

from tracker.auth.models import User
from tracker.core.audit import AuditAction
from tracker.core.hooks import TimelineEntry, timeline_source
from tracker.core.models import AuditEvent
from tracker.core.subjects import SubjectType
from tracker.extensions import db

# The partial that renders one entry of kind "audit"; it reads `entry` (a TimelineEntry whose data is an AuditEvent).
ENTRY_TEMPLATE = "plan/_timeline_audit.html"
# Status and progress change only through status updates, which the timeline shows as entries of their own, with
# their late-report fields; a "report" row only says such an entry exists.
JOURNAL_FIELDS = ("status", "progress", "delay_reason", "remedy", "expected_completion")
# A timeline is read, not mined: the admin audit page holds the full history.
TIMELINE_LIMIT = 200


@timeline_source
def audit_entries(subject_type: SubjectType | str, subject_id: int) -> list[TimelineEntry]:
    known = SubjectType.parse(subject_type)
    if known is None:
        return []
    rows = db.session.execute(
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.entity_type == known.value,
            AuditEvent.entity_id == subject_id,
            not_(and_(AuditEvent.action == AuditAction.UPDATE.value, AuditEvent.field.in_(JOURNAL_FIELDS))),
            AuditEvent.action != AuditAction.REPORT.value,
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(TIMELINE_LIMIT)
    )
    return [
        TimelineEntry(at=event.created_at, kind="audit", actor=actor, data=event, template=ENTRY_TEMPLATE)
        for event, actor in rows
    ]
