"""The "import a plan document" link on the plan tree page (offered through tracker.core.hooks): the plan
templates sit below this feature and may not name its pages."""

from __future__ import annotations

from flask import url_for

from tracker.core.hooks import link_provider
from tracker.documents.permissions import can_import_plan


@link_provider("import_plan")
def import_plan_link(_subject, user) -> str | None:
    return url_for("plan_import.upload") if can_import_plan(user) else None
