"""Words shown for import batch states and row verdicts (stored values stay English identifiers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.exports.models import BatchState, Verdict

STATE_LABELS = {
    BatchState.PENDING.value: _l("待确认"),
    BatchState.APPLIED.value: _l("已导入"),
    BatchState.DISCARDED.value: _l("已放弃"),
}
VERDICT_LABELS = {Verdict.APPLY.value: _l("将导入"), Verdict.REFUSED.value: _l("拒绝")}


def batch_state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def verdict_label(verdict: str) -> str:
    return str(VERDICT_LABELS.get(verdict, verdict))


TEMPLATE_HELPERS = {"batch_state_label": batch_state_label, "verdict_label": verdict_label}
