"""Names shown for roles (the stored values stay English identifiers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.auth.models import Role

ROLE_LABELS = {
    Role.ADMIN.value: _l("系统管理员"),
    Role.OFFICE.value: _l("信息化办公室"),
    Role.LEAD.value: _l("部门负责人"),
    Role.MEMBER.value: _l("部门成员"),
    Role.VIEWER.value: _l("查看者"),
}

LANGUAGE_LABELS = {"zh_Hans_CN": "中文", "en": "English"}

# How a person hears of notifications by mail (users.mail_preference).
MAIL_PREFERENCE_LABELS = {
    "immediate": _l("即时"),
    "digest": _l("每日汇总"),
    "none": _l("不发送"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
