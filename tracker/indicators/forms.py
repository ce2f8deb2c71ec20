"""The forms for recording an indicator's value for a year and for setting its yearly targets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, HiddenField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import TextInput

from tracker.core.forms import PlainIntegerField, text_field
from tracker.core.money import FULL_WIDTH_COMMA
from tracker.indicators.target_rules import field_name

MAX_INPUT = 32
# At most 15 significant digits (11 before the point, 4 after): the column is Numeric(18, 4), and SQLite keeps
# such numbers as doubles, which hold 15 digits exactly. Half-width digits only (re.ASCII).
_PLAIN = re.compile(r"^[0-9]{1,11}(\.[0-9]{1,4})?$", re.ASCII)
# Thousands separators are accepted only where they belong ("1,927.75"), as Excel writes them.
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,4})?$", re.ASCII)
_NEGATIVE = re.compile(r"^-\s*[0-9][0-9,]*(\.[0-9]*)?$", re.ASCII)


class IndicatorNumberField(Field):
    """A non-negative decimal with at most 4 places: no NaN, Infinity, exponents, units or full-width digits.

    Every indicator of the plan counts something that cannot go below zero (revenue, bandwidth, rates), so a
    negative number is a typing mistake and is refused.
    """

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data.normalize():f}"

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if not valuelist:
            return
        # The full-width comma of Chinese input methods is the same thousands separator.
        raw = valuelist[0].strip().replace(FULL_WIDTH_COMMA, ",")
        if raw == "":
            raise ValueError(_l("此项必填。"))
        if len(raw) > MAX_INPUT:
            raise ValueError(_l("数值过长。"))
        if _NEGATIVE.match(raw):
            raise ValueError(_l("指标数值不能为负数。"))
        if _GROUPED.match(raw):
            raw = raw.replace(",", "")
        if not _PLAIN.match(raw):
            raise ValueError(_l("请输入数值：半角数字，最多 11 位整数和 4 位小数，不带单位。"))
        self.data = Decimal(raw)


class IndicatorValueForm(FlaskForm):
    year = PlainIntegerField(_l("年度"))
    value = IndicatorNumberField(_l("数值"))
    source = text_field(_l("数据来源"), 300, required=True, description=_l("如：《2012年杭州市统计年鉴》"))
    replace = BooleanField(_l("替换该年度已有数值"))

    def __init__(self, *args, bounds: tuple[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.bounds = bounds

    def validate_year(self, field) -> None:
        if field.errors:  # not an integer: that message is enough
            raise StopValidation()
        if field.data is None:
            raise StopValidation(_l("此项必填。"))
        first, last = self.bounds
        if not first <= field.data <= last:
            raise ValidationError(_l("年度须在 %(first)d 到 %(last)d 之间。", first=first, last=last))


class OptionalIndicatorNumberField(IndicatorNumberField):
    """As IndicatorNumberField, but blank is no value (a year without a target)."""

    def process_formdata(self, valuelist) -> None:
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata(valuelist)


def was_field(year: int) -> str:
    """The hidden copy of a year's target as the page was loaded with it."""
    return f"was_{field_name(year)}"


def target_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


class IndicatorTargetsForm(FlaskForm):
    """One input per year a target may be set for (added by `targets_form`), and what the form was loaded with."""

    fingerprint = HiddenField()

    years: list[int]

    def year_fields(self) -> list[tuple[int, OptionalIndicatorNumberField]]:
        return [(year, self[field_name(year)]) for year in self.years]

    def entered(self) -> dict[int, Decimal | None]:
        return {year: field.data for year, field in self.year_fields()}

    def loaded(self) -> dict[int, Decimal | None]:
        """Each year's target as the page was loaded with it (hidden copies); a year whose copy is missing or
        unreadable is left out, so its input counts as changed."""
        rows: dict[int, Decimal | None] = {}
        for year in self.years:
            raw = self[was_field(year)].data
            if raw is None:
                continue
            raw = raw.strip()
            if raw == "":
                rows[year] = None
            elif _PLAIN.match(raw):
                rows[year] = Decimal(raw)
        return rows

    def show(self, values: dict[int, Decimal | None], loaded: dict[int, Decimal | None]) -> None:
        """Put `values` in the inputs and carry `loaded` as the values loaded (after a conflict: stored now)."""
        for year, field in self.year_fields():
            if year in values:
                field.data = values[year]
                field.raw_data = [target_text(values[year])]
            was = self[was_field(year)]
            was.data = target_text(loaded.get(year))
            was.raw_data = [was.data]


def targets_form(years: Iterable[int], **kwargs) -> IndicatorTargetsForm:
    """The targets form for these years: WTForms fields are declared on a class, so each page gets its own."""
    years = list(years)
    fields: dict[str, Field] = {}
    for year in years:
        fields[field_name(year)] = OptionalIndicatorNumberField(_l("%(year)d 年目标值", year=year))
        fields[was_field(year)] = HiddenField()
    form_class = type("YearTargetsForm", (IndicatorTargetsForm,), {**fields, "years": years})
    return form_class(**kwargs)
