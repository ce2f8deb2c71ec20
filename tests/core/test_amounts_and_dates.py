"""One rule for amounts typed with commas and one window for every date, shared by forms, services and imports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tracker.core.dates import EARLIEST, LATEST, check_date_window
from tracker.core.errors import ValidationError
from tracker.core.money import parse_amount


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,234.5", "1234.50"),
        ("1，234.5", "1234.50"),
        ("12,345,678", "12345678.00"),
        ("999,999,999,999.99", "999999999999.99"),
        ("1234", "1234.00"),
        (" 0.5 ", "0.50"),
    ],
)
def test_commas_are_read_as_thousands_separators(app, typed, amount):
    with app.test_request_context():
        assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["1,5", ",", "1,,000", "12,34", "1,234,5", ",123", "123,", "1，5", "1,2345"])
def test_a_comma_anywhere_else_is_refused_instead_of_dropped(app, typed):
    with app.test_request_context(), pytest.raises(ValueError, match="逗号只能用作千位分隔符"):
        parse_amount(typed)


@pytest.mark.parametrize("typed", ["1,234.567", "1,000,000,000,000", "-1,000", "１,000"])
def test_other_bad_amounts_keep_the_general_message(app, typed):
    with app.test_request_context(), pytest.raises(ValueError):
        parse_amount(typed)


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1999, 12, 31), date(2101, 1, 1), date(9999, 12, 31)])
def test_dates_outside_the_window_are_refused_with_the_window_named(app, day):
    with app.test_request_context(), pytest.raises(ValidationError) as refused:
        check_date_window(day, "due_date")
    assert refused.value.errors == {"due_date": ["日期须在 2000-01-01 到 2100-12-31 之间。"]}


def test_the_window_includes_its_ends(app):
    with app.test_request_context():
        assert check_date_window(EARLIEST, "x") == EARLIEST and check_date_window(LATEST, "x") == LATEST
        assert check_date_window(None, "x") is None


def test_a_validation_error_carries_every_field_and_a_form_level_list():
    error = ValidationError(errors={"a": ["one", "two"], "b": ["three"]}, form_errors=["general"])
    assert (error.message, error.field) == ("one", "a")
    assert error.as_dict() == {"errors": {"a": ["one", "two"], "b": ["three"]}, "form_errors": ["general"]}
    single = ValidationError("only", field="x")
    assert single.errors == {"x": ["only"]} and single.form_errors == []
    general = ValidationError("above the form")
    assert general.field is None and general.form_errors == ["above the form"]
