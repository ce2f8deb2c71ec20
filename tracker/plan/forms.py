"""Forms for editing work items and the plan's structure.

Select fields skip WTForms' own choice check (its message is not ours) and use `OneOf`, which answers in
Chinese at the field. Fields a user may not set are deleted from the form before it reads the request, so a
forged value for them is never even parsed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import HiddenInput

from tracker.core.forms import (
    DateOrder,
    IsoDateField,
    PlainIntegerField,
    Present,
    SelectChoice,
    StrictField,
    text_field,
    textarea_field,
)
from tracker.plan.labels import KIND_LABELS
from tracker.plan.models import ItemKind
from tracker.plan.structure import MANDATE_MAX, OUTLINE_MAX, SHORT_NAME_MAX, TITLE_MAX, ItemDetails, NewChild

_WEIGHT = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,2})?$", re.ASCII)
_ID = re.compile(r"^[0-9]{1,9}$", re.ASCII)


def plain_id(value):
    """A select's value as an id. Anything but plain digits stays as sent, so that `OneOf` refuses it with
    our message (a coercion error would show WTForms' English one)."""
    if isinstance(value, int) or not _ID.match(str(value)):
        return value
    return int(value)


def optional_id(value):
    """As plain_id, with "" meaning "none"."""
    return None if value is None or value == "" else plain_id(value)


class OneOf:
    """The chosen value(s) are among the field's choices."""

    def __call__(self, form, field) -> None:
        allowed = {field.coerce(value) for value, *_rest in field.choices}
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in allowed for value in chosen):
            raise ValidationError(_l("请从列表中选择。"))


class WeightField(StrictField):
    """A weight 0–100 with at most two decimals, half-width digits only (no NaN, exponents, signs)."""

    shown = "{:.2f}"

    def parse(self, raw: str) -> Decimal | None:
        if not raw:
            return None  # Present() says "required"
        if not _WEIGHT.match(raw) or Decimal(raw) > 100:
            raise ValueError(_l("权重须为 0 到 100 之间的数，最多两位小数，使用半角数字。"))
        return Decimal(raw).quantize(Decimal("0.01"))


def _select(label, **kwargs) -> SelectField:
    return SelectField(label, coerce=optional_id, validate_choice=False, validators=[OneOf()], **kwargs)


class ItemEditForm(FlaskForm):
    title = text_field(_l("标题"), TITLE_MAX, required=True)
    short_name = text_field(_l("简称"), SHORT_NAME_MAX)
    outline_no = text_field(_l("编号"), OUTLINE_MAX)
    mandate = textarea_field(_l("任务内容（规划原文）"), MANDATE_MAX, render_kw={"rows": 8})
    start_date = IsoDateField(_l("开始日期"), validators=[Optional()])
    due_date = IsoDateField(_l("完成期限"), validators=[Optional(), DateOrder("start_date")])
    weight = WeightField(_l("权重（0–100）"), validators=[Present()])
    owner_id = _select(_l("责任人"))
    lead_department_id = _select(_l("牵头部门"))
    supporting_department_ids = SelectMultipleField(
        _l("配合部门"), coerce=plain_id, validate_choice=False, validators=[OneOf()], render_kw={"size": 8}
    )
    # The version the editor loaded: a save against an older state is refused, never applied.
    version = PlainIntegerField(widget=HiddenInput())

    def restrict_to(self, fields: tuple[str, ...]) -> None:
        """Drop every field this user may not set (version and CSRF stay)."""
        for name in list(self._fields):
            if name not in (*fields, "version", "csrf_token"):
                delattr(self, name)

    def values(self) -> ItemDetails:
        """The fields this user may set (restrict_to), as the service's input."""
        return ItemDetails(
            **{name: field.data for name, field in self._fields.items() if name not in ("version", "csrf_token")}
        )

    def show_stored_version(self, version: int) -> None:
        """After a conflict: the next submit is made knowingly against what is stored now."""
        self.version.raw_data = None
        self.version.data = version


class NewChildForm(FlaskForm):
    kind = SelectField(
        _l("类型"),
        # The lazy labels: a choice is built at import, before any request says which language to speak.
        choices=[SelectChoice(kind, label) for kind, label in KIND_LABELS.items()],
        default=ItemKind.SUBTASK.value,
        validate_choice=False,
        validators=[OneOf()],
    )
    title = text_field(_l("标题"), TITLE_MAX, required=True)
    outline_no = text_field(_l("编号"), OUTLINE_MAX)
    mandate = textarea_field(_l("任务内容"), MANDATE_MAX, render_kw={"rows": 5})
    start_date = IsoDateField(_l("开始日期"), validators=[Optional()])
    due_date = IsoDateField(_l("完成期限"), validators=[Optional(), DateOrder("start_date")])
    lead_department_id = _select(_l("牵头部门"))

    def values(self) -> NewChild:
        return NewChild(**{name: field.data for name, field in self._fields.items() if name != "csrf_token"})


class MoveItemForm(FlaskForm):
    parent_id = _select(_l("新的上级任务"))
    position = PlainIntegerField(_l("在同级中的位置（1 为第一个，留空为最后）"))
    version = PlainIntegerField(widget=HiddenInput())

    def show_stored_version(self, version: int) -> None:
        self.version.raw_data = None
        self.version.data = version


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token (retire, restore)."""
