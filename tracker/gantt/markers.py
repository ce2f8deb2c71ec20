"""Markers on a timeline row: the office's reviews of the item (an extension with its old and new due date, the
other decisions with their outcome and comment) and the item's yearly milestones (red where the item is behind the
milestone that sets this year's expected progress: tracker.plan.milestones, not a second version of the rule)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Row

from tracker.core.localtime import local_date
from tracker.plan.milestones import expected_progress, is_behind_milestone
from tracker.review.labels import OUTCOME_LABELS
from tracker.review.models import Outcome

COMMENT_MAX = 120  # a tooltip shows the start of a long comment


def _short(comment: str) -> str:
    comment = " ".join(comment.split())
    return comment if len(comment) <= COMMENT_MAX else comment[:COMMENT_MAX] + "…"


def review_markers(reviews: Iterable[Row], replaced: dict[tuple[int, str], str | None]) -> list[dict[str, Any]]:
    """One item's reviews as markers: an extension shows the old and the new due date; the other decisions
    show their outcome and comment. The markers sit at the review's (local) date."""
    markers: list[dict[str, Any]] = []
    previous_due: str | None = None
    for review in reviews:
        outcome = str(OUTCOME_LABELS.get(review.outcome, review.outcome))
        day = local_date(review.created_at).isoformat()
        if review.outcome == Outcome.EXTENSION.value and review.new_due_date is not None:
            new_due = review.new_due_date.isoformat()
            old_due = replaced.get((review.work_item_id, new_due)) or previous_due or "—"
            text = _("%(outcome)s：完成期限 %(old)s → %(new)s", outcome=outcome, old=old_due, new=new_due)
            markers.append({"type": "extension", "date": day, "text": text, "oldDue": old_due, "newDue": new_due})
            previous_due = new_due
        else:
            comment = _short(review.comment)
            text = _("%(outcome)s：%(comment)s", outcome=outcome, comment=comment) if comment else outcome
            markers.append({"type": "decision", "date": day, "outcome": review.outcome, "text": text})
    return markers


def _setting_year(milestones: Sequence[Row], today: date) -> int | None:
    """The year whose target sets today's expected progress (this year's, else the latest earlier one)."""
    expectation = expected_progress({row.year: row.target_progress for row in milestones}, today)
    if expectation is None:
        return None
    if expectation.year_target is not None:
        return today.year
    earlier = [row.year for row in milestones if row.year < today.year and row.target_progress is not None]
    return max(earlier, default=None)


def milestone_marker(milestone: Row, behind: bool, actual: int | None = None) -> dict[str, Any]:
    """One yearly milestone as a diamond on 31 December of its year, with the progress reached at that year's
    end beside its target where the year is over (tracker.updates.year_ends)."""
    parts = [_("%(year)d 年度目标", year=milestone.year)]
    if milestone.target_progress is not None:
        parts.append(_("目标进度 %(n)d%%", n=milestone.target_progress))
    if actual is not None:
        parts.append(_("年末实际 %(n)d%%", n=actual))
    if milestone.deliverable:
        parts.append(_("成果：%(text)s", text=milestone.deliverable))
    if behind:
        parts.append(_("落后于本年度目标"))
    return {"type": "milestone", "date": f"{milestone.year}-12-31", "text": "\n".join(parts), "behind": behind}


def milestone_markers(
    item: Row, milestones: Sequence[Row], today: date, year_ends: Mapping[int, Decimal]
) -> list[dict[str, Any]]:
    """The item's milestones; `year_ends` holds its progress at the end of past years (this year's is the bar)."""
    if not milestones:
        return []
    targets = {row.year: row.target_progress for row in milestones}
    behind = is_behind_milestone(item.rollup_progress, item.status, targets, today)
    setting_year = _setting_year(milestones, today) if behind else None
    return [
        milestone_marker(row, behind=row.year == setting_year, actual=_whole(year_ends.get(row.year), row.year, today))
        for row in milestones
    ]


def _whole(progress: Decimal | None, year: int, today: date) -> int | None:
    """A past year's end value as a whole percent; none for this year (not over yet) or where nothing was known."""
    return int(progress) if progress is not None and year < today.year else None
