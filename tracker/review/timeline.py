"""Reviews on a subject's timeline, each request with its thread (registered with tracker.core.hooks at import)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from tracker.core.hooks import TimelineEntry, timeline_source
from tracker.core.subjects import SubjectType, newest_about
from tracker.review.models import RequestMessage, Review

# The partial that renders one entry of kind "review"; it reads `entry` (a TimelineEntry whose data is a Review).
ENTRY_TEMPLATE = "review/_timeline_review.html"


def as_entry(review: Review) -> TimelineEntry:
    return TimelineEntry(
        at=review.created_at, kind="review", actor=review.reviewer, data=review, template=ENTRY_TEMPLATE
    )


@timeline_source
def review_entries(subject_type: SubjectType | str, subject_id: int) -> list[TimelineEntry]:
    """The subject's reviews with their reviewers, and every thread's messages with their authors: two
    statements, however many reviews and messages."""
    reviews = newest_about(
        Review,
        subject_type,
        subject_id,
        joinedload(Review.reviewer),
        selectinload(Review.messages).joinedload(RequestMessage.author),
    )
    return [as_entry(review) for review in reviews]
