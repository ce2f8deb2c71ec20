"""Markers on a timeline row: the office's reviews of the item (an extension with its old and new due date, the
other decisions with their outcome and comment) and the item's yearly milestones, each with its state (reached,
missed, behind, not yet due: tracker.plan.milestones.milestone_state, the item page's own decision), and on the
milestone that sets today's expected progress, where the item is behind it, by how much."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Row

from tracker.core.localtime import local_date
from tracker.plan.milestones import MilestoneState, expected_progress, is_behind_milestone, milestone_state
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


STATE_LABELS = {
    MilestoneState.REACHED: _l("达成"),
    MilestoneState.MISSED: _l("未达成"),
    MilestoneState.BEHIND: _l("落后"),
    MilestoneState.NOT_DUE: _l("未到期"),
    MilestoneState.UNMEASURED: _l("仅有成果要求"),
}


@dataclass(frozen=True)
class Behind:
    """The item is behind this milestone's target today: what the target expects by today, and the progress."""

    expected: int
    actual: int


def milestone_marker(
    milestone: Row, state: MilestoneState, actual: int | None = None, behind: Behind | None = None
) -> dict[str, Any]:
    """One yearly milestone as a diamond on 31 December of its year, with its state (as the item page's panel
    says it) and the progress reached at that year's end beside its target where the year is over
    (tracker.updates.year_ends)."""
    parts = [_("%(year)d 年度目标", year=milestone.year) + " · " + str(STATE_LABELS[state])]
    if milestone.target_progress is not None:
        parts.append(_("目标进度 %(n)d%%", n=milestone.target_progress))
    if actual is not None:
        parts.append(_("年末实际 %(n)d%%", n=actual))
    if milestone.deliverable:
        parts.append(_("成果：%(text)s", text=milestone.deliverable))
    if behind is not None:
        parts.append(_("落后于 %(year)d 年度目标", year=milestone.year))
        parts.append(
            _("按该目标今日应达 %(expected)d%%，实际 %(actual)d%%", expected=behind.expected, actual=behind.actual)
        )
    return {
        "type": "milestone",
        "date": f"{milestone.year}-12-31",
        "text": "\n".join(parts),
        "state": str(state),
        "behind": behind is not None,
    }


def milestone_markers(
    item: Row, milestones: Sequence[Row], today: date, year_ends: Mapping[int, Decimal]
) -> list[dict[str, Any]]:
    """The item's milestones; `year_ends` holds its progress at the end of past years (this year's is the bar).
    Where the item is behind, the milestone that sets today's expectation says by how much."""
    if not milestones:
        return []
    targets = {row.year: row.target_progress for row in milestones}
    behind = None
    setting_year = None
    if is_behind_milestone(item.rollup_progress, item.status, targets, today):
        expectation = expected_progress(targets, today)
        assert expectation is not None
        behind = Behind(expectation.expected, int(item.rollup_progress))
        setting_year = _setting_year(milestones, today)
    markers = []
    for row in milestones:
        actual = year_ends.get(row.year) if row.year < today.year else item.rollup_progress
        state = milestone_state(item, row, actual, targets, today)
        shown = _whole(year_ends.get(row.year), row.year, today)
        markers.append(milestone_marker(row, state, shown, behind if row.year == setting_year else None))
    return markers


def _whole(progress: Decimal | None, year: int, today: date) -> int | None:
    """A past year's end value as a whole percent; none for this year (not over yet) or where nothing was known."""
    return int(progress) if progress is not None and year < today.year else None
