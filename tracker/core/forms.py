"""Strict form fields and validators shared by every form.

Government users paste from Word and Excel: full-width digits, stray control
characters and "1e400" all arrive. Fields here accept exactly the plain forms
and answer everything else with a message at the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice as SelectChoice  # type: ignore[attr-defined]  # see below
from wtforms.form import BaseForm
from wtforms.validators import Length, Optional, StopValidation, ValidationError
from wtforms.widgets import TextInput

from tracker.core import errors
from tracker.core.dates import date_window_message, in_date_window
from tracker.core.money import parse_amount
from tracker.core.transactions import release_session, stale_as_conflict
from tracker.extensions import db

# SelectChoice is new in WTForms 3.3, which types-WTForms (3.2) does not know yet: the features import it from
# here, so that gap needs one ignore, above, not one per form module.

T = TypeVar("T")
# A WTForms validator: called with the form and a text field, raises to refuse.
_Validator = Callable[[BaseForm, StringField], object]

# Tab, newline and carriage return are fine in multi-line text; every other control character is not, nor the
# direction overrides and isolates (U+202A-U+202E, U+2066-U+2069): "见附件 \u202efdp.exe" reads as "见附件 exe.pdf".
DIRECTION_CONTROLS = "\u202a-\u202e\u2066-\u2069"
MULTILINE_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f{DIRECTION_CONTROLS}]")
_SINGLE_LINE_CONTROL = re.compile(f"[\\x00-\\x1f\\x7f{DIRECTION_CONTROLS}]")
_INTEGER = re.compile(r"^[0-9]{1,9}$", re.ASCII)


def strip_filter(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class NoControlCharacters:
    def __init__(self, multiline: bool = False) -> None:
        self.pattern = MULTILINE_CONTROL if multiline else _SINGLE_LINE_CONTROL

    def __call__(self, form: BaseForm, field: Field) -> None:
        if isinstance(field.data, str) and self.pattern.search(field.data):
            raise ValidationError(_l("不能包含控制字符（如 NUL）。"))


def text_field(label: str, max_length: int, required: bool = False, **kwargs: Any) -> StringField:
    too_long = Length(max=max_length, message=_l("不能超过 %(max)d 个字符。"))
    validators: list[_Validator] = [too_long, NoControlCharacters()]
    if required:
        validators.insert(0, RequiredText())
    else:
        validators.insert(0, Optional())
    return StringField(label, validators=validators, filters=[strip_filter], **kwargs)


def textarea_field(label: str, max_length: int, required: bool = False, **kwargs: Any) -> TextAreaField:
    too_long = Length(max=max_length, message=_l("不能超过 %(max)d 个字符。"))
    validators: list[_Validator] = [too_long, NoControlCharacters(True)]
    validators.insert(0, RequiredText() if required else Optional())
    return TextAreaField(label, validators=validators, filters=[strip_filter], **kwargs)


class Present:
    """The field was sent at all (a hidden version, a number). A value that was sent but malformed already carries
    the field's own message, so it gets no second one here."""

    def __call__(self, form: BaseForm, field: Field) -> None:
        if field.data is None and not field.process_errors:
            raise StopValidation(_l("此项必填。"))


class RequiredText:
    def __call__(self, form: BaseForm, field: Field) -> None:
        if not isinstance(field.data, str) or not field.data.strip():
            raise StopValidation(_l("此项必填。"))


class StrictField(Field):
    """A text input that accepts exactly one plain form of a value: `parse` reads the stripped input (blank
    included) or raises ValueError with the message for the field. After a refused submit the input is shown
    back as typed; otherwise the value is shown as `shown` formats it."""

    widget = TextInput()
    shown = "{}"

    def parse(self, raw: str) -> Any:
        raise NotImplementedError

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else self.shown.format(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if valuelist:
            self.data = self.parse(valuelist[0].strip())


class AmountField(StrictField):
    """万元 with at most two decimals, 0 ≤ x < 10^12: no NaN, Infinity, exponents, signs or full-width digits;
    blank is zero.

    Thousands separators ("," or "，") are accepted where they belong because Excel users type them
    (core.money.parse_amount).
    """

    shown = "{:.2f}"

    def parse(self, raw: str) -> Decimal:
        return parse_amount(raw) if raw else Decimal("0.00")


class PercentField(StrictField):
    """A whole percentage 0–100 in half-width digits (a trailing % allowed); blank is refused."""

    def parse(self, raw: str) -> int:
        raw = raw.rstrip("%")
        if not _INTEGER.match(raw) and _INTEGER.match(unicodedata.normalize("NFKC", raw).rstrip("%")):
            # Full-width digits of a Chinese input method: refused as every number field does, saying why.
            raise ValueError(_l("请使用半角数字输入 0 到 100 之间的整数。"))
        if not _INTEGER.match(raw) or int(raw) > 100:
            raise ValueError(_l("请输入 0 到 100 之间的整数。"))
        return int(raw)


class PlainIntegerField(StrictField):
    """A non-negative integer in half-width digits (hidden version counters, positions); blank is none."""

    def parse(self, raw: str) -> int | None:
        if not raw:
            return None
        if not _INTEGER.match(raw):
            raise ValueError(_l("请输入整数。"))
        return int(raw)


class IsoDateField(DateField):
    """YYYY-MM-DD; impossible dates (2023-02-30) get a message, not a traceback, and so do dates outside the
    window every date of the tracker keeps to (core.dates: 0001-01-01 and 9999-12-31 are typing mistakes)."""

    def __init__(self, label: str | None = None, validators: list[_Validator] | None = None, **kwargs: Any) -> None:
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("请输入有效日期，格式为 YYYY-MM-DD。")) from exc
        if self.data is not None and not in_date_window(self.data):
            self.data = None
            raise ValueError(date_window_message())


class DateOrder:
    """The field's date is on or after `other`'s."""

    def __init__(self, other: str, message: str | None = None) -> None:
        self.other = other
        self.message = message or _l("结束日期不能早于开始日期。")

    def __call__(self, form: BaseForm, field: Field) -> None:
        start = form[self.other].data
        if field.data and start and field.data < start:
            raise ValidationError(self.message)


def show_error_at_field(form: BaseForm, error: errors.TrackerError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's refusal at the fields it names, every message at once, keeping the user's input.

    A ValidationError carries field -> messages (other TrackerErrors one `field`). `aliases` maps the service's
    field names to the form's. A message without a visible field to carry it (none named, unknown, or a hidden
    one such as the version) is shown above the form instead. A field the form itself already refused keeps
    only the form's message: the rule saw no usable value there, so its words would repeat or mislead.
    """
    if isinstance(error, errors.ValidationError):
        by_field, general = error.errors, error.form_errors
    else:
        by_field, general = ({error.field: [error.message]}, []) if error.field else ({}, [error.message])
    for message in general:
        flash(message, "error")
    for name, messages in by_field.items():
        field = form._fields.get((aliases or {}).get(name, name))
        if field is None or getattr(field.widget, "input_type", None) == "hidden":
            for message in messages:
                flash(message, "error")
            continue
        if field.errors:
            continue
        field.errors = list(messages)


def validate_with_rules(form: FlaskForm, rules: Callable[[], object], aliases: dict[str, str] | None = None) -> bool:
    """A submit checked in full: the form's field validators and the service's rules (`rules`, which raises a
    ValidationError and writes nothing) both run, so one response shows every message. True when both pass.

    The rules see the form's data as it is: a field the form refused reads as None there, and its message wins
    (show_error_at_field). A request without a valid CSRF token is not looked at further.
    """
    if not form.is_submitted():
        return False
    valid: bool = form.validate()
    if "csrf_token" in form.errors:
        return False
    try:
        rules()
    except errors.ValidationError as error:
        show_error_at_field(form, error, aliases)
        return False
    return valid


@dataclass
class Saved(Generic[T]):
    """What became of a save: `done` (with the service's `result`), refused (its messages are already on the
    form or flashed), or a `conflict` for the view's conflict page."""

    done: bool = False
    result: T | None = None
    conflict: errors.ConflictError | None = None


def save_form(form: FlaskForm, action: Callable[[], T], aliases: dict[str, str] | None = None) -> Saved[T]:
    """Run the service call that saves a submitted form, and flush it, so that a lost race shows while the view can
    still draw its conflict page. Nothing is committed here: the request lifecycle commits when the view answers.

    A ValidationError is rolled back and its messages go to the form's fields (show_error_at_field). A
    ConflictError, raised by the service's version check or by the flush (tracker.core.transactions), is rolled
    back and returned: the view then reads what is stored now (the rollback expired every object) and lists the
    changes beside the user's input. A PermissionDenied goes on to the error handlers (403).
    """
    try:
        result = _flushed(action)
    except errors.ValidationError as error:
        release_session()
        show_error_at_field(form, error, aliases)
        return Saved()
    except errors.ConflictError as error:
        release_session()
        return Saved(conflict=error)
    return Saved(done=True, result=result)


def save_action(action: Callable[[], T], stale_message: str | None = None) -> Saved[T]:
    """As save_form for a button without fields (retire, confirm an import): any refusal (a TrackerError) is
    rolled back and flashed; `stale_message` replaces the generic words for a race lost at the flush."""
    try:
        result = _flushed(action, stale_message)
    except errors.TrackerError as error:
        release_session()
        flash(error.message, "error")
        return Saved(conflict=error if isinstance(error, errors.ConflictError) else None)
    return Saved(done=True, result=result)


def _flushed(action: Callable[[], T], stale_message: str | None = None) -> T:
    with stale_as_conflict(stale_message):
        result = action()
        db.session.flush()
    return result
