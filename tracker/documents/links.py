"""The link from the front page (the plan tree) to the plan as a document (offered through tracker.core.hooks)."""

from __future__ import annotations

from flask import url_for

from tracker.core.hooks import link_provider


@link_provider("plan_document")
def plan_document_link(plan, _user) -> str:
    """Everyone signed in reads the plan page."""
    return url_for("plan_document.page", plan_id=plan.id)
