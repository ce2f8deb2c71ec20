"""Status updates on a subject's timeline (registered with tracker.core.hooks at import)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload

from tracker.core.hooks import TimelineEntry, timeline_source
from tracker.core.subjects import SubjectType, newest_about
from tracker.updates.models import StatusUpdate

# The partial that renders one entry of kind "update"; it reads `entry` (a TimelineEntry).
ENTRY_TEMPLATE = "updates/_timeline_update.html"


def updates_for(subject_type: SubjectType | str, subject_id: int, limit: int | None = None) -> list[StatusUpdate]:
    """Newest first, drafts and returned reports included (the timeline marks them), authors, their departments and
    the leads who signed off loaded in the same query; none for an unknown type."""
    return newest_about(
        StatusUpdate,
        subject_type,
        subject_id,
        joinedload(StatusUpdate.author),
        joinedload(StatusUpdate.signed_off_by),
        limit=limit,
    )


def as_entry(update: StatusUpdate) -> TimelineEntry:
    return TimelineEntry(at=update.created_at, kind="update", actor=update.author, data=update, template=ENTRY_TEMPLATE)


@timeline_source
def update_entries(subject_type: SubjectType | str, subject_id: int) -> list[TimelineEntry]:
    return [as_entry(update) for update in updates_for(subject_type, subject_id)]
