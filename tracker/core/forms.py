"""Strict form fields and validators shared by every form.

Government users paste from Word and Excel: full-width digits, stray control
characters and "1e400" all arrive. Fields here accept exactly the plain forms
and answer everything else with a message at the field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask import flash
from flask_babel import lazy_gettext as _l
from wtforms import DateField, Field, StringField, TextAreaField
from wtforms.validators import Length, Optional, StopValidation, ValidationError

# Tab, newline and carriage return are fine in multi-line text; every other control character is not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SINGLE_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$", re.ASCII)
_INTEGER = re.compile(r"^[0-9]{1,9}$", re.ASCII)


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class NoControlCharacters:
    def __init__(self, multiline: bool = False) -> None:
        self.pattern = _CONTROL if multiline else _SINGLE_LINE_CONTROL

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and self.pattern.search(field.data):
            raise ValidationError(_l("不能包含控制字符（如 NUL）。"))


def text_field(label, max_length: int, required: bool = False, **kwargs) -> StringField:
    validators = [Length(max=max_length, message=_l("不能超过 %(max)d 个字符。")), NoControlCharacters()]
    if required:
        validators.insert(0, RequiredText())
    else:
        validators.insert(0, Optional())
    return StringField(label, validators=validators, filters=[strip_filter], **kwargs)


def textarea_field(label, max_length: int, required: bool = False, **kwargs) -> TextAreaField:
    validators = [Length(max=max_length, message=_l("不能超过 %(max)d 个字符。")), NoControlCharacters(True)]
    validators.insert(0, RequiredText() if required else Optional())
    return TextAreaField(label, validators=validators, filters=[strip_filter], **kwargs)


class RequiredText:
    def __call__(self, form, field) -> None:
        if not isinstance(field.data, str) or not field.data.strip():
            raise StopValidation(_l("此项必填。"))


class AmountField(Field):
    """万元 with at most two decimals, 0 ≤ x < 10^12: no NaN, Infinity, exponents, signs or full-width digits.

    Thousands separators (",") are accepted because Excel users type them.
    """

    widget = StringField.widget

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.2f}"

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if not valuelist:
            return
        raw = valuelist[0].strip().replace(",", "")
        if raw == "":
            self.data = Decimal("0.00")
            return
        if not _AMOUNT.match(raw):
            raise ValueError(_l("请输入不小于 0 的金额（万元），最多两位小数，使用半角数字。"))
        try:
            self.data = Decimal(raw).quantize(Decimal("0.01"))
        except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes these
            raise ValueError(_l("金额无效。")) from exc


class PercentField(Field):
    """A whole percentage 0–100 in half-width digits."""

    widget = StringField.widget

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if not valuelist:
            return
        raw = valuelist[0].strip().rstrip("%")
        if not _INTEGER.match(raw) or int(raw) > 100:
            raise ValueError(_l("请输入 0 到 100 之间的整数。"))
        self.data = int(raw)


class PlainIntegerField(Field):
    """A non-negative integer in half-width digits (hidden version counters, weights)."""

    widget = StringField.widget

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if valuelist and valuelist[0].strip():
            raw = valuelist[0].strip()
            if not _INTEGER.match(raw):
                raise ValueError(_l("请输入整数。"))
            self.data = int(raw)


class IsoDateField(DateField):
    """YYYY-MM-DD; impossible dates (2023-02-30) get a message, not a traceback."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("请输入有效日期，格式为 YYYY-MM-DD。")) from exc


class DateOrder:
    """The field's date is on or after `other`'s."""

    def __init__(self, other: str, message=None) -> None:
        self.other = other
        self.message = message or _l("结束日期不能早于开始日期。")

    def __call__(self, form, field) -> None:
        start = form[self.other].data
        if field.data and start and field.data < start:
            raise ValidationError(self.message)


def show_error_at_field(form, error, aliases: dict[str, str] | None = None) -> None:
    """Put a service's refusal (a TrackerError naming `field`) at that field, keeping the user's input.

    `aliases` maps the service's field names to the form's. A message without a visible field to carry it
    (none named, unknown, or a hidden one such as the version) is shown above the form instead.
    """
    name = (aliases or {}).get(error.field or "", error.field or "")
    field = form._fields.get(name)
    if field is None or getattr(field.widget, "input_type", None) == "hidden":
        flash(error.message, "error")
        return
    field.errors = [*field.errors, error.message]
