"""Files uploaded to a subject on their own, on its timeline (registered with tracker.core.hooks at import).

Files that came with a status update or an answer are listed in that entry instead. One submit's files share
their created_at and uploader: they make one entry.
"""

from __future__ import annotations

from itertools import groupby

from tracker.attachments.services import standalone_files
from tracker.core.hooks import TimelineEntry, timeline_source
from tracker.core.subjects import SubjectType

ENTRY_TEMPLATE = "attachments/_timeline_files.html"


@timeline_source
def file_entries(subject_type: SubjectType | str, subject_id: int) -> list[TimelineEntry]:
    """One statement for a project; none for a work item (files reach an item only with an update or answer)."""
    if subject_type != SubjectType.PROJECT:
        return []
    entries = []
    for (at, _uploader), group in groupby(
        standalone_files(subject_type, subject_id), lambda f: (f.created_at, f.uploaded_by_id)
    ):
        files = sorted(group, key=lambda f: f.id)
        entries.append(
            TimelineEntry(at=at, kind="files", actor=files[0].uploaded_by, data=files, template=ENTRY_TEMPLATE)
        )
    return entries
