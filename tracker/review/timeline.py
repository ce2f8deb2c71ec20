"""Reviews on a subject's timeline (registered with tracker.core.hooks at import)."""

from __future__ import annotations

from tracker.core.hooks import TimelineEntry, timeline_source
from tracker.core.subjects import SubjectType
from tracker.review.models import Review
from tracker.review.services import reviews_for

# The partial that renders one entry of kind "review"; it reads `entry` (a TimelineEntry whose data is a Review).
ENTRY_TEMPLATE = "review/_timeline_review.html"


def as_entry(review: Review) -> TimelineEntry:
    return TimelineEntry(
        at=review.created_at, kind="review", actor=review.reviewer, data=review, template=ENTRY_TEMPLATE
    )


@timeline_source
def review_entries(subject_type: SubjectType | str, subject_id: int) -> list[TimelineEntry]:
    return [as_entry(review) for review in reviews_for(subject_type, subject_id)]
