"""Indicators: the register with each indicator's assessment, one indicator with its yearly values, and recording
a year's value (the same permission, tracker.indicators.permissions.can_enter_values, and service as the page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.meta import DefaultMeta

from tracker.api.bodies import Body, Field
from tracker.api.present import DEPARTMENT_REF, USER_REF, department_ref, moment, user_ref
from tracker.api.query import Param
from tracker.api.registry import operation
from tracker.api.routes.plans import PLAN_PARAM, plan_for
from tracker.api.schemas import BOOLEAN, DATETIME, INTEGER, STRING, array, component, enum, list_of, nullable, obj, one
from tracker.core import clock
from tracker.core.errors import Problems, ValidationError
from tracker.core.permissions import MAX_ID, authorize
from tracker.indicators import services
from tracker.indicators.forms import IndicatorNumberField
from tracker.indicators.models import Comparator, Indicator, IndicatorValue
from tracker.indicators.permissions import can_enter_values
from tracker.indicators.progress import Assessment, Track

NUMBER: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\d+(\.\d+)?$",
    "description": "A decimal as text, without trailing zeros (up to 11 digits and 4 places)",
}
COMPARATOR = enum(tuple(Comparator), "How the latest value is held against the target: ge ≥, gt >, le ≤, lt <, eq =")
POINT = component("IndicatorPoint", obj({"year": INTEGER, "value": NUMBER}))
_INDICATOR_FIELDS = {
    "id": INTEGER,
    "code": STRING,
    "name": STRING,
    "unit": STRING,
    "baseline_year": nullable(INTEGER),
    "baseline_value": nullable(NUMBER),
    "target_year": INTEGER,
    "target_value": NUMBER,
    "comparator": COMPARATOR,
    "responsible_department": nullable(DEPARTMENT_REF),
    "goal_item_id": nullable(INTEGER),
    "latest": {**nullable(POINT), "description": "The value of the latest year recorded"},
    "percent": {
        **nullable({"type": "string", "pattern": r"^-?\d+(\.\d)?$"}),
        "description": "% of the way from baseline to target (one decimal); null when there is no way to go or no data",
    },
    "track": enum(tuple(Track), "on_track, off_track, or no_data (no value recorded)"),
    "reached": {**BOOLEAN, "description": "The latest value meets the target itself"},
}
INDICATOR = component("Indicator", obj(_INDICATOR_FIELDS, description="An indicator as the register shows it"))
_VALUE_FIELDS = {
    "year": INTEGER,
    "value": NUMBER,
    "source": STRING,
    "entered_by": nullable(USER_REF),
    "entered_at": DATETIME,
}
VALUE = component("IndicatorValue", obj(_VALUE_FIELDS, description="One year's value"))
INDICATOR_DETAIL = component(
    "IndicatorDetail",
    obj(
        {
            **_INDICATOR_FIELDS,
            "values": array(VALUE),
            "targets": {
                **array(POINT),
                "description": "The yearly targets the office set on the way to the final target, by year",
            },
        },
        description="An indicator with its yearly values and yearly targets, by year",
    ),
)
RECORDED = component(
    "IndicatorValueRecorded",
    obj(
        {
            **_VALUE_FIELDS,
            "outcome": enum(tuple(services.Outcome), "added, replaced (replace was true), or unchanged"),
        },
        description="The year's value as stored now",
    ),
)
NEW_VALUE = Body(
    "NewIndicatorValue",
    (
        Field("year", "integer", "The year the value is for", required=True, minimum=1900, maximum=2100),
        Field(
            "value",
            "number_text",
            'The value, as a number or as text (1927.75 or "1927.75"; up to 11 digits and 4 places, not negative, '
            "no unit)",
            required=True,
            max_length=32,
        ),
        Field("source", "string", "Where the figure comes from", required=True, max_length=300),
        Field("replace", "boolean", "Replace the year's value if there is one (else 422 at year)"),
    ),
)
REGISTER_FILTERS = (
    Param("status", "choice", "on_track, off_track, no_data, or reached", choices=services.STATUS_FILTERS),
    Param("department", "id", "Only the indicators this department is responsible for"),
)


def number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _point(year: int, value: Decimal) -> dict[str, Any]:
    return {"year": year, "value": number(value)}


def indicator_json(indicator: Indicator, assessment: Assessment) -> dict[str, Any]:
    latest = assessment.latest
    return {
        "id": indicator.id,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline_year": indicator.baseline_year,
        "baseline_value": number(indicator.baseline_value),
        "target_year": indicator.target_year,
        "target_value": number(indicator.target_value),
        "comparator": indicator.comparator,
        "responsible_department": department_ref(indicator.responsible_department),
        "goal_item_id": indicator.goal_item_id,
        "latest": _point(latest.year, latest.value) if latest is not None else None,
        "percent": f"{assessment.percent:.1f}" if assessment.percent is not None else None,
        "track": assessment.track.value,
        "reached": assessment.reached,
    }


def value_json(value: IndicatorValue) -> dict[str, Any]:
    return {
        "year": value.year,
        "value": number(value.value),
        "source": value.source,
        "entered_by": user_ref(value.entered_by),
        "entered_at": moment(value.entered_at),
    }


@operation(
    "/indicators",
    summary="The indicator register",
    tag="indicators",
    query=(PLAN_PARAM, *REGISTER_FILTERS),
    response=list_of(INDICATOR),
    errors=(404,),
)
def list_indicators(query: dict[str, Any]) -> ResponseReturnValue:
    """Every indicator of the plan in the register's order, each assessed on its recorded values, filtered as
    the register's status and department filters do."""
    plan = plan_for(query["plan"])
    filters = services.RegisterFilters(status=query["status"], department_id=query["department"])
    rows = services.register(plan.id, filters).rows
    return {"data": [indicator_json(row.indicator, row.assessment) for row in rows]}


def _load(indicator_id: int) -> Indicator:
    """The indicator with what its page shows (the register's loader); 404 when there is none."""
    indicator = services.load_indicator(indicator_id) if indicator_id <= MAX_ID else None
    if indicator is None:
        abort(404)
    return indicator


@operation(
    "/indicators/<int:indicator_id>",
    summary="One indicator with its yearly values and yearly targets",
    tag="indicators",
    response=one(INDICATOR_DETAIL),
    errors=(404,),
)
def get_indicator(indicator_id: int) -> ResponseReturnValue:
    indicator = _load(indicator_id)
    return {
        "data": {
            **indicator_json(indicator, services.assess_indicator(indicator)),
            "values": [value_json(value) for value in indicator.values],
            "targets": [_point(target.year, target.value) for target in indicator.targets],
        }
    }


def _indicator_number(raw: str) -> Decimal:
    """The value read by the page's own field, so that the API accepts exactly what the form accepts; its refusal
    becomes a 422 at `value`."""
    field = IndicatorNumberField(_("数值"), _form=None, _meta=DefaultMeta(), name="value")
    try:
        field.process_formdata([raw])
    except ValueError as error:
        raise ValidationError(errors={"value": [str(error)]}) from None
    assert field.data is not None  # process_formdata sets a value or raises
    return field.data


@operation(
    "/indicators/<int:indicator_id>/values",
    "POST",
    summary="Record an indicator's value for a year",
    tag="indicators",
    body=NEW_VALUE,
    status=201,
    response=one(RECORDED),
    errors=(403, 404, 409),
)
def add_indicator_value(indicator_id: int, body: dict[str, Any]) -> ResponseReturnValue:
    """The office and administrators for any indicator; a lead or member for their department's. A year that
    has a value is replaced only with `replace: true`; every change is audited."""
    indicator = _load(indicator_id)
    authorize(can_enter_values(current_user, indicator))
    today = clock.today()
    # Every refusal at once, as the page's form and rules give them (validate_with_rules).
    problems = Problems()
    source = body["source"].strip()
    if not source:
        problems.add(_("此项必填。"), "source")
    value = problems.check(_indicator_number, body["value"])
    replace = bool(body.get("replace"))
    problems.check(services.check_value, indicator, body["year"], value, today, replace)
    problems.raise_if_any()
    assert value is not None  # else problems held its message
    actor = current_user._get_current_object()
    outcome = services.record_value(indicator, body["year"], value, source, actor, today, replace=replace)
    stored = next(v for v in indicator.values if v.year == body["year"])  # the new value joined the list
    return {"data": {**value_json(stored), "outcome": outcome.value}}, 201
