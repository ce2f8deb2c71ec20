"""Words shown for import batch states and row verdicts (stored values stay English identifiers)."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from tracker.core.filters import STATUS_LABELS
from tracker.core.labels import label_reader
from tracker.exports.models import BatchState, Verdict

STATE_LABELS = {
    BatchState.PENDING.value: _l("待确认"),
    BatchState.APPLIED.value: _l("已导入"),
    BatchState.DISCARDED.value: _l("已放弃"),
    BatchState.NOTHING.value: _l("无可导入"),
}
batch_state_label = label_reader(STATE_LABELS)
VERDICT_LABELS = {Verdict.APPLY.value: _l("将导入"), Verdict.REFUSED.value: _l("拒绝")}
# What became of the accepted rows once the batch was confirmed or discarded.
APPLIED_LABELS = {BatchState.APPLIED.value: _l("已导入"), BatchState.DISCARDED.value: _l("未导入（已放弃）")}
CHANGE_LABELS = {
    "status": _l("状态"),
    "progress": _l("进度"),
    "note": _l("进展说明"),
    "delay_reason": _l("滞后原因"),
    "remedy": _l("整改措施"),
    "expected_completion": _l("预计完成日期"),
}


def verdict_label(verdict: str, state: str = BatchState.PENDING.value) -> str:
    if verdict == Verdict.APPLY.value and state in APPLIED_LABELS:
        return str(APPLIED_LABELS[state])
    return str(VERDICT_LABELS.get(verdict, verdict))


change_label = label_reader(CHANGE_LABELS)


def change_value(field: str, value: str) -> str:
    """A value of the preview's old → new, in words (a status by its label); "—" for nothing."""
    if field == "status":
        value = str(STATUS_LABELS.get(value, value))
    return value or "—"


TEMPLATE_HELPERS: dict[str, Callable[..., str]] = {
    "batch_state_label": batch_state_label,
    "verdict_label": verdict_label,
    "change_label": change_label,
    "change_value": change_value,
}
