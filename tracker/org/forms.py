"""Forms for departments."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import ValidationError

from tracker.core.forms import PlainIntegerField, SelectChoice, text_field
from tracker.org.labels import KIND_LABELS

_CODE = re.compile(r"^[A-Za-z0-9_-]+$", re.ASCII)


class DepartmentForm(FlaskForm):
    code = text_field(_l("代码"), 32, required=True, description=_l("唯一，半角字母、数字、“-”或“_”，如 jxw。"))
    name = text_field(_l("全称"), 100, required=True)
    short_name = text_field(_l("简称"), 40, required=True)
    kind = SelectField(  # type: ignore[call-arg]  # new in WTForms 3.3; types-WTForms describes 3.2
        _l("类别"),
        choices=[SelectChoice(kind, label) for kind, label in KIND_LABELS.items()],
        invalid_choice_message=_l("请从列表中选择。"),
    )
    sort_order = PlainIntegerField(_l("排序"), default=0, description=_l("数字小的排在前面。"))
    active = BooleanField(_l("启用"), default=True)
    reports_need_sign_off = BooleanField(
        _l("成员报送的进展须经本部门负责人审核后生效"),
        default=False,
        description=_l("勾选后，本部门成员报送的进展先作为待审核稿，负责人审核通过后才更新任务状态和进度。"),
    )

    def validate_code(self, field) -> None:
        if field.data and not _CODE.match(field.data):
            raise ValidationError(_l("代码只能使用半角字母、数字、“-”和“_”。"))
