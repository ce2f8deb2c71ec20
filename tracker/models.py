"""Imports every feature's models so that metadata (Alembic, create_all) sees all tables."""

from tracker.attachments.models import Attachment, AttachmentChunk
from tracker.auth.models import ApiToken, LoginThrottle, User
from tracker.core.models import AuditEvent
from tracker.exports.models import ImportBatch, ImportRow
from tracker.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from tracker.notifications.models import MailMessage, Notification
from tracker.org.models import Department, DepartmentFormerName
from tracker.plan.models import ItemMilestone, Plan, PlanContext, WorkItem
from tracker.projects.models import BudgetLine, Project
from tracker.review.models import RequestMessage, Review
from tracker.updates.models import StatusUpdate

__all__ = [
    "ApiToken",
    "Attachment",
    "AttachmentChunk",
    "AuditEvent",
    "BudgetLine",
    "Department",
    "DepartmentFormerName",
    "ImportBatch",
    "ImportRow",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "ItemMilestone",
    "LoginThrottle",
    "MailMessage",
    "Notification",
    "Plan",
    "PlanContext",
    "Project",
    "RequestMessage",
    "Review",
    "StatusUpdate",
    "User",
    "WorkItem",
]
