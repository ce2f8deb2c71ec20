"""Status updates on a subject's timeline (registered with tracker.core.hooks at import)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload

from tracker.attachments.models import Attachment
from tracker.attachments.services import STATUS_UPDATE, files_for
from tracker.core.hooks import TimelineEntry, timeline_source
from tracker.core.subjects import SubjectType, newest_about
from tracker.updates.models import StatusUpdate

# The partial that renders one entry of kind "update"; it reads `entry` (a TimelineEntry).
ENTRY_TEMPLATE = "updates/_timeline_update.html"


def updates_for(subject_type: SubjectType | str, subject_id: int, limit: int | None = None) -> list[StatusUpdate]:
    """Newest first, authors and their departments loaded in the same query; none for an unknown type."""
    return newest_about(StatusUpdate, subject_type, subject_id, joinedload(StatusUpdate.author), limit=limit)


def as_entry(update: StatusUpdate, files: list[Attachment] | None = None) -> TimelineEntry:
    return TimelineEntry(
        at=update.created_at,
        kind="update",
        actor=update.author,
        data=update,
        template=ENTRY_TEMPLATE,
        files=files or [],
    )


def with_files(updates: list[StatusUpdate]) -> list[TimelineEntry]:
    """The updates' entries, each listing the files that came with it: one statement for all of their files."""
    files = files_for(status_update_ids=[update.id for update in updates])[STATUS_UPDATE]
    return [as_entry(update, files.get(update.id)) for update in updates]


@timeline_source
def update_entries(subject_type: SubjectType | str, subject_id: int) -> list[TimelineEntry]:
    return with_files(updates_for(subject_type, subject_id))
