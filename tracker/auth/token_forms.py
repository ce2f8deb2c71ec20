"""The account page's form for a new personal access token (tracker.auth.tokens holds the rules)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, pgettext
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired

from tracker.auth import tokens
from tracker.auth.models import TokenScope, User
from tracker.core.forms import SelectChoice, text_field

SCOPE_LABELS = {TokenScope.READ.value: _l("只读"), TokenScope.WRITE.value: _l("读写")}
LIFETIMES = (30, 90, 180, 365)


def state_label(state: str) -> str:
    """A token's state in words ("revoked", where an item's 已撤销 is "retired")."""
    labels: dict[str, str] = {
        tokens.TokenState.LIVE: pgettext("token", "有效"),
        tokens.TokenState.EXPIRED: pgettext("token", "已过期"),
        tokens.TokenState.REVOKED: pgettext("token", "已撤销"),
    }
    return labels.get(state, state)


class NewTokenForm(FlaskForm):
    name = text_field(_l("名称"), tokens.NAME_MAX, required=True, description=_l("例如：部门统计脚本"))
    scope = RadioField(  # type: ignore[call-arg]  # new in WTForms 3.3; types-WTForms describes 3.2
        _l("权限"),
        default=TokenScope.READ.value,
        validators=[InputRequired(_l("请选择只读或读写。"))],
        invalid_choice_message=_l("请选择只读或读写。"),
    )
    days = SelectField(  # type: ignore[call-arg]  # new in WTForms 3.3; types-WTForms describes 3.2
        _l("有效期"),
        coerce=int,
        default=tokens.DEFAULT_DAYS,
        invalid_choice_message=_l("请从列表中选择。"),
    )

    def offered_to(self, user: User) -> NewTokenForm:
        """A viewer is offered read-only alone: the role writes nothing, so a read-write token would promise more.
        The lifetimes are counted words, made here in the request's language."""
        self.scope.choices = [SelectChoice(scope, SCOPE_LABELS[scope]) for scope in tokens.scopes_for(user)]
        self.days.choices = [SelectChoice(days, ngettext("%(num)d 天", "%(num)d 天", days)) for days in LIFETIMES]
        return self
