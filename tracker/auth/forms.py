from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.validators import ValidationError as FieldError

from tracker.auth.labels import MAIL_PREFERENCE_LABELS
from tracker.auth.passwords import MAX_LENGTH, check_password_rules
from tracker.core.errors import ValidationError
from tracker.core.forms import SelectChoice


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请输入用户名。")), Length(max=64)])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码。")), Length(max=128)])


class PasswordRules:
    """The same rules the service enforces (tracker.auth.passwords), shown at the field."""

    def __call__(self, form, field) -> None:
        try:
            check_password_rules(field.data or "")
        except ValidationError as error:
            raise FieldError(error.message) from error


def new_password_field(label) -> PasswordField:
    # Passwords are never stripped: leading and trailing spaces are part of them.
    return PasswordField(label, validators=[DataRequired(_l("此项必填。")), PasswordRules()])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("当前密码"),
        validators=[DataRequired(_l("此项必填。")), Length(max=MAX_LENGTH, message=_l("当前密码不正确。"))],
    )
    new_password = new_password_field(_l("新密码"))
    repeat_password = PasswordField(
        _l("再次输入新密码"),
        validators=[DataRequired(_l("此项必填。")), EqualTo("new_password", message=_l("两次输入的新密码不一致。"))],
    )


class MailPreferenceForm(FlaskForm):
    mail_preference = RadioField(  # type: ignore[call-arg]  # new in WTForms 3.3; types-WTForms describes 3.2
        _l("邮件通知"),
        choices=[SelectChoice(value, label) for value, label in MAIL_PREFERENCE_LABELS.items()],
        # Nothing chosen and a forged value get the same answer (the choice check runs before validators).
        invalid_choice_message=_l("请选择即时、每日汇总或不发送。"),
    )
