"""The "post a status update" links the work-item and project pages show (offered through tracker.core.hooks)."""

from __future__ import annotations

from flask import url_for

from tracker.core.hooks import link_provider
from tracker.plan.models import WorkItem
from tracker.projects.models import Project
from tracker.updates.permissions import can_post_update


@link_provider("post_item_update")
def item_update_link(item: WorkItem, user) -> str | None:
    return url_for("updates.item_update", item_id=item.id) if can_post_update(user, item) else None


@link_provider("post_project_update")
def project_update_link(project: Project, user) -> str | None:
    return url_for("updates.project_update", project_id=project.id) if can_post_update(user, project) else None
