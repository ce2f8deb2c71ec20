"""Imports every feature's models so that metadata (Alembic, create_all) sees all tables."""

from tracker.auth.models import LoginThrottle, User
from tracker.core.models import AuditEvent
from tracker.exports.models import ImportBatch, ImportRow
from tracker.indicators.models import Indicator, IndicatorValue
from tracker.org.models import Department, DepartmentFormerName
from tracker.plan.models import Plan, PlanContext, WorkItem
from tracker.projects.models import BudgetLine, Project
from tracker.review.models import Review
from tracker.updates.models import StatusUpdate

__all__ = [
    "AuditEvent",
    "BudgetLine",
    "Department",
    "DepartmentFormerName",
    "ImportBatch",
    "ImportRow",
    "Indicator",
    "IndicatorValue",
    "LoginThrottle",
    "Plan",
    "PlanContext",
    "Project",
    "Review",
    "StatusUpdate",
    "User",
    "WorkItem",
]
