"""Reviews on a subject's timeline, each request with its thread (registered with tracker.core.hooks at import)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from tracker.attachments.models import Attachment
from tracker.attachments.services import REQUEST_MESSAGE, files_for
from tracker.core.hooks import TimelineEntry, timeline_source
from tracker.core.subjects import SubjectType, newest_about
from tracker.review.models import RequestMessage, Review

# The partial that renders one entry of kind "review"; it reads `entry` (a TimelineEntry whose data is a Review).
ENTRY_TEMPLATE = "review/_timeline_review.html"


def as_entry(review: Review, files: list[Attachment] | None = None) -> TimelineEntry:
    """`files`: those kept with the review's thread (its answers), each naming its message."""
    return TimelineEntry(
        at=review.created_at,
        kind="review",
        actor=review.reviewer,
        data=review,
        template=ENTRY_TEMPLATE,
        files=files or [],
    )


@timeline_source
def review_entries(subject_type: SubjectType | str, subject_id: int) -> list[TimelineEntry]:
    """The subject's reviews with their reviewers, every thread's messages with their authors, and the answers'
    files: three statements, however many reviews, messages and files."""
    reviews = newest_about(
        Review,
        subject_type,
        subject_id,
        joinedload(Review.reviewer),
        selectinload(Review.messages).joinedload(RequestMessage.author),
    )
    ids = [message.id for review in reviews for message in review.messages]
    files = files_for(request_message_ids=ids)[REQUEST_MESSAGE]
    return [
        as_entry(review, [file for message in review.messages for file in files.get(message.id, [])])
        for review in reviews
    ]
