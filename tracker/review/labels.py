"""Names shown for review outcomes (stored values stay English identifiers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.review.models import Outcome

OUTCOME_LABELS = {
    Outcome.ACKNOWLEDGED.value: _l("已知悉"),
    Outcome.FOLLOW_UP.value: _l("要求跟进"),
    Outcome.EXTENSION.value: _l("同意延期"),
    Outcome.ESCALATED.value: _l("提请督办"),
    Outcome.CLOSED.value: _l("结案"),
}
# Bootstrap colours for the outcome badges.
OUTCOME_BADGES = {
    Outcome.ACKNOWLEDGED.value: "secondary",
    Outcome.FOLLOW_UP.value: "warning",
    Outcome.EXTENSION.value: "info",
    Outcome.ESCALATED.value: "danger",
    Outcome.CLOSED.value: "success",
}


def outcome_label(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome))
