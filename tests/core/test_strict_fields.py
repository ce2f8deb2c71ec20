"""Strict form fields share one way to read and show back input (tracker.core.forms.StrictField)."""

from __future__ import annotations

from decimal import Decimal

from werkzeug.datastructures import MultiDict
from wtforms import Form

from tracker.core.forms import AmountField, PercentField, PlainIntegerField, StrictField
from tracker.plan.forms import WeightField


class Even(StrictField):
    def parse(self, raw: str) -> int:
        if not raw.isdigit() or int(raw) % 2:
            raise ValueError("an even number, please")
        return int(raw)


class Sample(Form):
    even = Even()
    amount = AmountField()
    percent = PercentField()
    number = PlainIntegerField()
    weight = WeightField()


def _submitted(**values) -> Sample:
    form = Sample(MultiDict(values))
    form.validate()
    return form


def test_a_refused_value_is_shown_back_as_typed_with_the_message_at_the_field(app):
    form = _submitted(even=" 3 ", amount="1e3", percent="101", number="x", weight="-1")
    assert form.even.data is None and form.even.errors == ["an even number, please"]
    assert form.even._value() == " 3 "
    assert form.amount.errors and form.percent.errors and form.number.errors and form.weight.errors


def test_good_values_are_read_stripped(app):
    form = _submitted(even=" 4 ", amount=" 1,234.5 ", percent="80%", number=" 7 ", weight="2.5")
    assert (form.even.data, form.amount.data, form.percent.data, form.number.data, form.weight.data) == (
        4,
        Decimal("1234.50"),
        80,
        7,
        Decimal("2.50"),
    )


def test_blank_means_what_each_field_says(app):
    form = _submitted(even="", amount="", percent="", number="", weight="")
    assert form.even.errors  # parse sees the blank too
    assert form.amount.data == Decimal("0.00")
    assert form.percent.errors
    assert form.number.data is None and not form.number.errors
    assert form.weight.data is None and not form.weight.errors


def test_a_stored_value_is_shown_as_the_field_formats_it(app):
    form = Sample(data={"even": 6, "amount": Decimal("3"), "percent": 5, "weight": Decimal("1")})
    assert form.even._value() == "6"
    assert form.amount._value() == "3.00"
    assert form.percent._value() == "5"
    assert form.weight._value() == "1.00"
    assert form.number._value() == ""
