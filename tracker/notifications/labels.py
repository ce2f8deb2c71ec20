"""How each kind of notification reads, translated when shown (the reader's locale), never stored translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.notifications.models import NotificationKind

KIND_LABELS = {
    NotificationKind.FOLLOW_UP: _l("办公室要求跟进"),
    NotificationKind.ESCALATED: _l("办公室提请督办"),
    NotificationKind.EXTENSION: _l("办公室同意延期"),
    NotificationKind.REVIEW_CLOSED: _l("办公室已办结"),
    NotificationKind.ANSWERED: _l("部门已答复"),
    NotificationKind.ASKED_AGAIN: _l("办公室再次要求答复"),
    NotificationKind.OWNER_ASSIGNED: _l("您被指定为负责人"),
    NotificationKind.SIGN_OFF_REQUESTED: _l("进展报告待您审核"),
    NotificationKind.REPORT_RETURNED: _l("进展报告被退回"),
    NotificationKind.REPORT_APPROVED: _l("进展报告已审核通过"),
    NotificationKind.DUE_SOON: _l("即将到期"),
    NotificationKind.OVERDUE: _l("已逾期"),
    NotificationKind.REPORTS_MISSING: _l("本期进展未报送"),
}


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(NotificationKind(kind)) if kind in tuple(NotificationKind) else None
    return str(label) if label is not None else kind
