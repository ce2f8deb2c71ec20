""""待您审核的进展" on an item's or project's page: the drafts on it that the signed-in lead may approve or return."""

from __future__ import annotations

from flask_login import current_user

from tracker.core.hooks import Panel, panel_provider
from tracker.core.subjects import Subject, SubjectType
from tracker.updates.sign_off import reports_awaiting_sign_off

PANEL_ORDER = 6  # right after the office's request alert: it asks the reader to act


@panel_provider
def sign_off_panel(subject_type: SubjectType | str, subject: Subject) -> Panel | None:
    """One statement for a lead, none for anyone else; no panel when nothing waits."""
    if SubjectType.parse(subject_type) is None or not getattr(current_user, "is_authenticated", False):
        return None
    reports = reports_awaiting_sign_off(current_user, subject)
    if not reports:
        return None
    return Panel(PANEL_ORDER, "updates/_sign_off_panel.html", {"subject": subject, "reports": reports})
