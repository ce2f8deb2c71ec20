"""Forms for the admin pages: users (create, edit, reset password) and the filters of the user list and audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import Optional
from wtforms.validators import ValidationError as FieldError

from tracker.auth import services
from tracker.auth.forms import new_password_field
from tracker.auth.labels import ROLE_LABELS
from tracker.auth.models import Role
from tracker.core.errors import ValidationError
from tracker.core.forms import IsoDateField, PlainIntegerField, SelectChoice, text_field
from tracker.org.models import Department

ROLE_CHOICES = list(ROLE_LABELS.items())


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def choice_field(label, pairs=(), default="", **kwargs) -> SelectField:
    """A select that answers a forged or stale value with a message in the page's language."""
    return SelectField(  # type: ignore[call-arg]  # new in WTForms 3.3; types-WTForms describes 3.2
        label, choices=choices(pairs), default=default, invalid_choice_message=_l("请从列表中选择。"), **kwargs
    )


def department_choices(departments: list[Department], blank_label) -> list[SelectChoice]:
    return choices(
        [("", blank_label)]
        + [(str(d.id), d.short_name if d.active else f"{d.short_name} ({_l('已停用')})") for d in departments]
    )


class _UserFields(FlaskForm):
    display_name = text_field(_l("姓名"), services.DISPLAY_NAME_MAX, required=True)
    email = text_field(_l("电子邮箱"), services.EMAIL_MAX)
    role = choice_field(_l("角色"), ROLE_CHOICES)
    department = choice_field(_l("部门"), description=_l("部门负责人和部门成员必须选择部门。"))

    def set_departments(self, departments: list[Department]) -> None:
        self.department.choices = department_choices(departments, _l("（无）"))

    def validate_email(self, field) -> None:
        try:
            services.clean_email(field.data)
        except ValidationError as error:
            raise FieldError(error.message) from error

    def validate_department(self, field) -> None:
        if self.role.data in services.ROLES_NEEDING_DEPARTMENT and not field.data:
            raise FieldError(_l("部门负责人和部门成员必须属于一个部门。"))


class UserCreateForm(_UserFields):
    # A new account starts with the least privilege; the admin raises it knowingly.
    role = choice_field(_l("角色"), ROLE_CHOICES, default=Role.VIEWER.value)
    username = text_field(
        _l("用户名"),
        services.USERNAME_MAX,
        required=True,
        description=_l("登录时使用：2 到 64 个英文字母、数字或 . _ -，不区分大小写，保存为小写。"),
    )
    password = new_password_field(_l("初始密码"))

    def validate_username(self, field) -> None:
        try:
            services.clean_username(field.data or "")
        except ValidationError as error:
            raise FieldError(error.message) from error


class UserEditForm(_UserFields):
    active = BooleanField(_l("启用"))


class ResetPasswordForm(FlaskForm):
    new_password = new_password_field(_l("新密码"))


class _FilterForm(FlaskForm):
    """Read from the query string; a GET filter changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False


class UserFilterForm(_FilterForm):
    department = choice_field(_l("部门"))
    role = choice_field(_l("角色"), [("", _l("全部")), *ROLE_CHOICES])
    active = choice_field(_l("状态"), [("", _l("全部")), ("1", _l("启用")), ("0", _l("已停用"))])

    def set_departments(self, departments: list[Department]) -> None:
        self.department.choices = department_choices(departments, _l("全部"))


class AuditFilterForm(_FilterForm):
    entity_type = choice_field(_l("对象类型"))
    entity_id = PlainIntegerField(_l("对象编号"), validators=[Optional()])
    actor = choice_field(_l("操作人"))
    date_from = IsoDateField(_l("起始日期"), validators=[Optional()])
    date_to = IsoDateField(_l("截止日期"), validators=[Optional()])
