"""Where a status update on a subject is posted: this feature's page for the subject's type."""

from __future__ import annotations

from flask import url_for

from tracker.core.subjects import Subject, SubjectType

# Endpoint and its id argument per subject type (the pages live at the subject's own URL + /update).
_UPDATE_ENDPOINTS = {
    SubjectType.WORK_ITEM: ("updates.item_update", "item_id"),
    SubjectType.PROJECT: ("updates.project_update", "project_id"),
}


def update_url(subject: Subject) -> str:
    endpoint, argument = _UPDATE_ENDPOINTS[subject.subject_type]
    return url_for(endpoint, **{argument: subject.id})
