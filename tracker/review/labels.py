"""Names shown for review outcomes (stored values stay English identifiers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.review.models import MessageKind, Outcome

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


# A request thread's turns, as the thread names them.
MESSAGE_LABELS = {
    MessageKind.ANSWER.value: _l("部门答复"),
    MessageKind.ACCEPT.value: _l("办公室确认办结"),
    MessageKind.ASK_AGAIN.value: _l("办公室再次要求"),
}


def message_label(kind: str) -> str:
    return str(MESSAGE_LABELS.get(kind, kind))
