"""Words and signs the indicator pages and the dashboard show for statuses and comparators."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.core import audit
from tracker.indicators.progress import Track
from tracker.indicators.services import REACHED, format_number
from tracker.org import assignment

STATUS_LABELS = {
    Track.ON_TRACK.value: _l("符合进度"),
    Track.OFF_TRACK.value: _l("落后于进度"),
    Track.NO_DATA.value: _l("暂无数据"),
    REACHED: _l("已达标"),
}
STATUS_BADGES = {
    Track.ON_TRACK.value: "success",
    Track.OFF_TRACK.value: "danger",
    Track.NO_DATA.value: "secondary",
    REACHED: "success",
}
COMPARATOR_SIGNS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}
# The words behind the signs, as the plan documents use them (shown as the sign's tooltip).
COMPARATOR_WORDS = {
    "ge": _l("不低于（达到、以上）"),
    "gt": _l("超过（不含目标值）"),
    "le": _l("不超过（以下）"),
    "lt": _l("低于（不含目标值）"),
    "eq": _l("等于"),
}


def indicator_status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def comparator_sign(comparator: str) -> str:
    return COMPARATOR_SIGNS.get(comparator, comparator)


def comparator_words(comparator: str) -> str:
    return str(COMPARATOR_WORDS.get(comparator, comparator))


# An indicator's audited fields other than its yearly values, keyed by the name the audit log stores.
FIELD_LABELS = {
    "name": _l("指标名称"),
    assignment.FIELD: assignment.FIELD_LABEL,
}


def value_field_label(field: str) -> str:
    """An audited field of an indicator ("name", "value:2012", "source:2012", "target:2012") in words; anything else as
    stored."""
    if field in FIELD_LABELS:
        return str(FIELD_LABELS[field])
    kind, _sep, year = field.partition(":")
    if not year.isascii() or not year.isdigit():
        return field
    if kind == "value":
        return _("%(year)s 年数值", year=year)
    if kind == "source":
        return _("%(year)s 年数据来源", year=year)
    if kind == "target":
        return _("%(year)s 年目标值", year=year)
    return field


TEMPLATE_HELPERS = {
    "indicator_status_label": indicator_status_label,
    "INDICATOR_STATUS_BADGES": STATUS_BADGES,
    "comparator_sign": comparator_sign,
    "comparator_words": comparator_words,
    "value_field_label": value_field_label,
    "indicator_number": format_number,
}

audit.register_field_labels(audit.AuditEntity.INDICATOR, value_field_label)
audit.register_value_labels(audit.AuditEntity.INDICATOR, {assignment.FIELD: assignment.source_label})
