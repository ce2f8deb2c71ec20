"""Links from the plan pages to this feature's pages (offered through tracker.core.hooks: the plan templates sit
below this feature and may not name its pages): the plan as a document, and the office's "import a plan
document"."""

from __future__ import annotations

from flask import url_for

from tracker.core.hooks import link_provider
from tracker.documents.permissions import can_import_plan


@link_provider("plan_document")
def plan_document_link(plan, _user) -> str:
    """Everyone signed in reads the plan page."""
    return url_for("plan_document.page", plan_id=plan.id)


@link_provider("import_plan")
def import_plan_link(_subject, user) -> str | None:
    return url_for("plan_import.upload") if can_import_plan(user) else None
