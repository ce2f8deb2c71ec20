"""Links to this feature's pages: where a status update on a subject is posted.

Work-item and project pages sit below this feature, so they ask for the link through tracker.core.hooks
(`link_for("post_update", subject, user)`); pages of higher features use the `update_url` template global.
"""

from __future__ import annotations

from flask import url_for

from tracker.core.hooks import link_provider
from tracker.core.subjects import Subject, SubjectType
from tracker.updates.permissions import can_post_update

# Endpoint and its id argument per subject type (the pages live at the subject's own URL + /update).
_UPDATE_ENDPOINTS = {
    SubjectType.WORK_ITEM: ("updates.item_update", "item_id"),
    SubjectType.PROJECT: ("updates.project_update", "project_id"),
}


def update_url(subject: Subject) -> str:
    endpoint, argument = _UPDATE_ENDPOINTS[subject.subject_type]
    return url_for(endpoint, **{argument: subject.id})


@link_provider("post_update")
def post_update_link(subject: Subject, user) -> str | None:
    """The update form's URL, or None where `user` may not post on `subject`."""
    return update_url(subject) if can_post_update(user, subject) else None
