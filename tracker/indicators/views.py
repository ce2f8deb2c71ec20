"""The indicator register, one indicator's page with its history, and recording a yearly value."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from tracker.core.clock import today
from tracker.core.forms import save_action, save_form, show_error_at_field, validate_with_rules
from tracker.core.merge import merge_unchanged
from tracker.core.permissions import MAX_ID, authorize
from tracker.indicators import services, targets
from tracker.indicators.charts import history_chart
from tracker.indicators.forms import IndicatorTargetsForm, IndicatorValueForm, target_text, targets_form, was_field
from tracker.indicators.labels import TEMPLATE_HELPERS
from tracker.indicators.models import Indicator
from tracker.indicators.permissions import TEMPLATE_GLOBALS, can_enter_values, can_set_targets
from tracker.indicators.target_rules import check_targets, field_name, target_years
from tracker.org.permissions import can_confirm_assignments
from tracker.plan.choice import show_plan
from tracker.plan.services import current_plan
from tracker.projects.queries import department_choices

bp = Blueprint("indicators", __name__, template_folder="templates")


@bp.app_context_processor
def _template_globals() -> dict:
    return {**TEMPLATE_GLOBALS, **TEMPLATE_HELPERS}


def _load(indicator_id: int, rule=None) -> Indicator:
    """404 for a missing indicator, 403 when `rule(user, indicator)` says no. The page is about the indicator's plan."""
    indicator = services.load_indicator(indicator_id) if indicator_id <= MAX_ID else None
    if indicator is None:
        abort(404)
    show_plan(indicator.plan)
    if rule is not None:
        authorize(rule(current_user, indicator))
    return indicator


@bp.route("/indicators")
@login_required
def index():
    plan = current_plan()
    filters = services.RegisterFilters.from_args(request.args)
    found = services.register(plan.id, filters) if plan else None
    return render_template(
        "indicators/index.html",
        plan=plan,
        register=found,
        this_year=today().year,
        year_check=targets.year_check,
        filters=filters,
        departments=department_choices(filters.department_id),
    )


def _value_form(indicator: Indicator) -> IndicatorValueForm:
    form = IndicatorValueForm(bounds=services.year_bounds(indicator, indicator.plan, today()))
    if request.method == "GET":
        form.year.data = services.next_year(indicator, form.bounds)
    return form


def _render_detail(indicator: Indicator, form: IndicatorValueForm | None) -> str:
    return render_template(
        "indicators/detail.html",
        indicator=indicator,
        assessment=services.assess_indicator(indicator),
        chart=history_chart(indicator),
        history=services.value_history(indicator.id),
        year_rows=targets.year_rows(indicator),
        form=form,
        confirm_form=FlaskForm(),
    )


@bp.route("/indicators/<int:indicator_id>")
@login_required
def detail(indicator_id: int):
    indicator = _load(indicator_id)
    form = _value_form(indicator) if can_enter_values(current_user, indicator) else None
    return _render_detail(indicator, form)


def _flash_outcome(outcome: services.Outcome, year: int) -> None:
    if outcome == services.Outcome.ADDED:
        flash(_("已录入 %(year)d 年数值。", year=year), "success")
    elif outcome == services.Outcome.REPLACED:
        flash(_("已替换 %(year)d 年数值，原值已记入修改记录。", year=year), "success")
    else:
        flash(_("%(year)d 年的数值和来源都没有变化，未作修改。", year=year), "info")


@bp.route("/indicators/<int:indicator_id>/values", methods=["POST"])
@login_required
def add_value(indicator_id: int):
    indicator = _load(indicator_id, can_enter_values)
    form = _value_form(indicator)
    rules = partial(services.check_value, indicator, form.year.data, form.value.data, today(), bool(form.replace.data))
    if not validate_with_rules(form, rules):
        return _render_detail(indicator, form)
    saved = save_form(
        form,
        lambda: services.record_value(
            indicator,
            form.year.data,
            form.value.data,
            form.source.data or "",
            current_user,
            today(),
            replace=form.replace.data,
        ),
    )
    if saved.conflict:
        show_error_at_field(form, saved.conflict)
    if not saved.done or saved.result is None:
        return _render_detail(services.load_indicator(indicator_id) or indicator, form)
    _flash_outcome(saved.result, form.year.data)
    return redirect(url_for("indicators.detail", indicator_id=indicator_id))


@bp.route("/indicators/<int:indicator_id>/assignment/confirm", methods=["POST"])
@login_required
def confirm_assignment(indicator_id: int):
    """The office confirms the indicator's default responsible department (POST, CSRF)."""
    indicator = _load(indicator_id, lambda user, _indicator: can_confirm_assignments(user))
    if not FlaskForm().validate_on_submit():
        abort(400)
    saved = save_action(lambda: services.confirm_assignment(indicator, current_user))
    if saved.done:
        if saved.result:
            flash(_("已确认责任部门。"), "success")
        else:
            flash(_("没有待确认的默认分工。"), "info")
    return redirect(url_for("indicators.detail", indicator_id=indicator_id))


def _targets_form(indicator: Indicator, proposal: bool = False) -> IndicatorTargetsForm:
    """The targets form: as submitted on a POST; on a GET filled with the stored targets, or with the straight-line
    proposal (?propose=1, nothing saved) where the office asked for it."""
    stored = targets.targets_by_year(indicator)
    years = target_years(indicator, indicator.plan)
    if request.method == "POST":
        return targets_form(years)
    shown = targets.propose(indicator) if proposal else stored
    data: dict[str, object] = {field_name(year): shown.get(year) for year in years}
    data |= {was_field(year): target_text(stored.get(year)) for year in years}
    return targets_form(years, data={**data, "fingerprint": targets.fingerprint(stored)})


def _merge_after_conflict(indicator: Indicator, form: IndicatorTargetsForm) -> None:
    """Years the user left as loaded take the target stored now, changed years keep the input, and the notice
    names the years both changed; the page then carries what is stored now, so one more save keeps both edits."""
    stored: dict[int, Decimal | None] = dict(targets.targets_by_year(indicator))
    merged, both_changed = merge_unchanged(form.loaded(), form.entered(), stored, None)
    form.show(merged, stored)
    flash(targets.conflict_message(both_changed), "error")


def _render_targets(indicator: Indicator, form: IndicatorTargetsForm, proposed: bool = False) -> str:
    return render_template("indicators/targets.html", indicator=indicator, form=form, proposed=proposed)


@bp.route("/indicators/<int:indicator_id>/targets", methods=["GET", "POST"])
@login_required
def edit_targets(indicator_id: int):
    """The office phases the final target by year: entered by hand, or proposed on a straight line and edited."""
    indicator = _load(indicator_id, can_set_targets)
    proposed = request.method == "GET" and request.args.get("propose") == "1"
    form = _targets_form(indicator, proposed)
    if request.method == "GET":
        return _render_targets(indicator, form, proposed)
    if not validate_with_rules(form, partial(check_targets, indicator, indicator.plan, form.entered())):
        return _render_targets(indicator, form)
    saved = save_form(
        form, lambda: targets.save_targets(indicator, form.entered(), form.fingerprint.data or "", current_user)
    )
    if not saved.done:
        fresh = services.load_indicator(indicator_id) or indicator
        if saved.conflict:
            _merge_after_conflict(fresh, form)
        form.fingerprint.data = targets.fingerprint(targets.targets_by_year(fresh))
        return _render_targets(fresh, form)
    if saved.result:
        flash(_("已保存年度目标。"), "success")
    else:
        flash(_("年度目标没有变化，未作修改。"), "info")
    return redirect(url_for("indicators.detail", indicator_id=indicator_id))
