"""The plan tree, the work-item page, and the office's editing of items and of the plan's structure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response

from tracker.core.audit import action_label
from tracker.core.clock import today
from tracker.core.errors import ConflictError
from tracker.core.forms import SelectChoice, save_action, save_form, validate_with_rules
from tracker.core.hooks import Panel, render_subject_page
from tracker.core.merge import merge_unchanged
from tracker.core.permissions import authorize, get_or_404
from tracker.org.permissions import can_confirm_assignments
from tracker.plan import assignments, milestone_services, structure
from tracker.plan.choice import (
    PLAN_ARG,
    choose_from_request,
    navigation,
    plan_of_form,
    refuse_form_without_plan,
    show_plan,
    shown_plan,
)
from tracker.plan.forms import ConfirmForm, ItemEditForm, MoveItemForm, NewChildForm
from tracker.plan.labels import field_label, kind_label
from tracker.plan.milestone_forms import (
    MilestonesFormBase,
    milestones_form_class,
    was_deliverable_field,
    was_target_field,
)
from tracker.plan.milestone_rules import MilestoneInput, deliverable_field, out_of_bounds, plan_years, target_field
from tracker.plan.models import ItemKind, WorkItem
from tracker.plan.outline import ADDED_LEGEND, ADDED_NOTE, levels_markup, numbered, outline_markup, shown_number
from tracker.plan.permissions import TEMPLATE_RULES, can_change_structure, can_edit_item, editable_fields
from tracker.plan.plan_list import plan_rows
from tracker.plan.services import assignable_owners, choosable_departments, current_plan, item_page
from tracker.plan.tree import load_tree
from tracker.plan.tree_filters import SORTS, is_filtered, parse_filters, wants_retired
from tracker.plan.tree_page import build_view, children_rows, departments_by_id, tree_row_labels

bp = Blueprint("plan", __name__, template_folder="templates")
F = TypeVar("F", bound=FlaskForm)
# A `plan` query parameter on any page chooses the plan (tracker.plan.choice), before the page reads it.
bp.before_app_request(choose_from_request)


def render_panel(panel: Panel) -> Markup:
    """A feature's block on an item page, rendered with the context its provider gave."""
    # render_template autoescapes; the result is HTML that must not be escaped a second time.
    return Markup(render_template(panel.template, **panel.context))  # noqa: S704


@bp.app_context_processor
def _template_helpers() -> dict:
    return {
        **TEMPLATE_RULES,
        "kind_label": kind_label,
        "field_label": field_label,
        "action_label": action_label,
        "render_panel": render_panel,
        "tree_row_labels": tree_row_labels,
        "OUTLINE_ADDED_NOTE": ADDED_NOTE,
        "OUTLINE_ADDED_LEGEND": ADDED_LEGEND,
        # A function, so that only the pages drawing the navigation (base.html) read the plans.
        "plan_navigation": navigation,
    }


@bp.app_template_filter("outline")
def _outline_filter(shown: str | None) -> Markup:
    """A shown outline ("三、(一)1.〔1〕") with each number the tracker added marked (tracker.plan.outline)."""
    return outline_markup(shown)


@bp.app_template_filter("outline_levels")
def _outline_levels_filter(shown: str | None) -> Markup:
    """A shown outline that wraps between its levels' numbers only (tracker.plan.outline.levels_markup)."""
    return levels_markup(shown)


@bp.app_template_filter("outline_number")
def _outline_number_filter(outline_no: str | None, added: bool) -> Markup:
    """One number read from the database with its flag, marked when the tracker added it."""
    return outline_markup(shown_number(outline_no, added))


@bp.app_template_filter("outline_of")
def _outline_of_filter(subject: Any) -> Markup:
    """A work item's (or a project's: none) own number, marked when the tracker added it."""
    return outline_markup(shown_number(subject.outline_no, getattr(subject, "outline_added", False)))


def _stale_days() -> int:
    return current_app.config["TRACKER_STALE_DAYS"]


def _load_item(item_id: int) -> WorkItem:
    """The item, and its plan as the plan the page is about (whatever plan the session chose)."""
    work_item = get_or_404(WorkItem, item_id)
    show_plan(work_item.plan)
    return work_item


@bp.route("/plans")
@login_required
def plans():
    """Every plan side by side, the shown one marked, each with a link that shows it."""
    return render_template("plan/plans.html", rows=plan_rows(today()), shown=shown_plan())


@bp.route("/")
@login_required
def tree():
    plan = current_plan()
    if plan is None:
        return render_template("plan/tree.html", plan=None)
    departments = departments_by_id()
    filters = parse_filters(request.args, departments)
    view = build_view(plan.id, filters, departments, today(), _stale_days(), _page_number())
    # A filtered view offers the office to confirm the defaults among its matches (one count, only for them).
    may_confirm = view.page is not None and can_confirm_assignments(current_user)
    defaults_shown = assignments.defaults_matching(plan.id, filters, today(), _stale_days()) if may_confirm else 0
    return render_template(
        "plan/tree.html",
        plan=plan,
        view=view,
        defaults_shown=defaults_shown,
        confirm_form=ConfirmForm(),
        filters=filters,
        departments=sorted(departments.values(), key=lambda d: (not d.active, d.sort_order, d.id)),
        kinds=[kind.value for kind in ItemKind],
        sorts=SORTS,
        children_args=_children_args(filters.sort, filters.show_retired),
        # The page's own filters for its export link, which names the plan itself.
        filter_args=[(key, value) for key, value in request.args.items(multi=True) if key != PLAN_ARG],
    )


def _page_number() -> int:
    raw = request.args.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


def _children_args(sort: str, include_retired: bool) -> dict[str, str]:
    """What an opened row's children request carries over from the page: the order and the retired switch."""
    args = {"sort": sort} if sort != "plan" else {}
    return {**args, "retired": "1"} if include_retired else args


@bp.route("/items/<int:item_id>/children")
@login_required
def children(item_id: int):
    """The rows an opened tree row adds (an HTML fragment for plan_tree.js)."""
    work_item = _load_item(item_id)
    asked = request.args.get("sort", "")
    sort = asked if asked in SORTS else "plan"
    include_retired = wants_retired(request.args)
    # Held until the rows are rendered: the session keeps loaded objects only while something refers to them, and
    # each row's lead department must come from here rather than from a query of its own.
    departments = departments_by_id()
    rows = children_rows(work_item, sort, include_retired, departments, today(), _stale_days())
    return render_template(
        "plan/_tree_rows.html",
        rows=rows,
        children_args=_children_args(sort, include_retired),
        departments=departments,
    )


@bp.route("/items/<int:item_id>")
@login_required
def item(item_id: int):
    work_item = _load_item(item_id)
    page = item_page(work_item, today(), _stale_days())
    # Only those who may confirm are told how many defaults the subtree holds (one count).
    defaults_below = assignments.defaults_in_subtree(work_item) if can_confirm_assignments(current_user) else 0
    return render_subject_page(
        "plan/item.html",
        work_item,
        item=work_item,
        page=page,
        confirm_form=ConfirmForm(),
        defaults_below=defaults_below,
    )


def _owner_label(user) -> str:
    label = (
        _("%(name)s（%(department)s）", name=user.display_name, department=user.department.short_name)
        if user.department
        else user.display_name
    )
    return label if user.active else _("%(name)s（已停用）", name=label)


def _department_choices(departments, *, none: bool) -> list[SelectChoice]:
    choices = [SelectChoice("", _("（未指定）"))] if none else []
    return choices + [
        SelectChoice(d.id, d.name if d.active else _("%(name)s（已停用）", name=d.name)) for d in departments
    ]


def _edit_form(work_item: WorkItem, fields: tuple[str, ...]) -> ItemEditForm:
    if request.method == "POST":
        form = ItemEditForm()
    else:
        form = ItemEditForm(obj=work_item, supporting_department_ids=[d.id for d in work_item.supporting_departments])
    form.restrict_to(fields)
    if "owner_id" in form:
        form.owner_id.choices = [SelectChoice("", _("（未指定）"))] + [
            SelectChoice(user.id, _owner_label(user)) for user in assignable_owners(current_user, work_item)
        ]
    if "lead_department_id" in form:
        departments = choosable_departments(work_item.lead_department, *work_item.supporting_departments)
        form.lead_department_id.choices = _department_choices(departments, none=True)
        form.supporting_department_ids.choices = _department_choices(departments, none=False)
    return form


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(item_id: int):
    work_item = _load_item(item_id)
    fields = editable_fields(current_user, work_item)
    authorize(bool(fields))
    form = _edit_form(work_item, fields)
    conflict = None
    if validate_with_rules(form, lambda: structure.check_item_edit(work_item, form.values(), current_user)):
        values = form.values()
        saved = save_form(form, lambda: structure.edit_item(work_item, values, form.version.data, current_user))
        if saved.done:
            return _back_to_item(work_item, bool(saved.result), _("已保存。"), _("没有需要保存的修改。"))
        if saved.conflict:
            # A race lost at the flush carries no list: describe it against what is stored now.
            conflict = saved.conflict
            conflict = conflict if conflict.changes else structure.item_conflict(work_item, values, current_user)
            form.show_stored_version(work_item.version)
    return render_template("plan/edit_item.html", item=work_item, form=form, conflict=conflict)


@bp.route("/items/<int:item_id>/children/new", methods=["GET", "POST"])
@login_required
def new_child(item_id: int):
    parent, form = _structure_form(item_id, NewChildForm, prefill=_inherited_from_parent)
    departments = choosable_departments()
    form.lead_department_id.choices = _department_choices(departments, none=True)
    if validate_with_rules(form, lambda: structure.check_new_child(form.values())):
        saved = save_form(form, lambda: structure.add_child(parent, form.values(), current_user))
        if saved.done and saved.result is not None:
            flash(_("已新增子任务。"), "success")
            return redirect(url_for("plan.item", item_id=saved.result.id))
    return render_template("plan/new_child.html", parent=parent, form=form)


def _back_to_item(work_item: WorkItem, changed: bool, done: str, unchanged: str) -> Response:
    """After a save that may have found nothing to change: say which, on the item's page."""
    flash(done if changed else unchanged, "success" if changed else "info")
    return redirect(url_for("plan.item", item_id=work_item.id))


def _structure_form(
    item_id: int, form_class: type[F], prefill: Callable[[WorkItem], dict[str, Any]] | None = None
) -> tuple[WorkItem, F]:
    """The item and the form of a page that changes the plan's structure, which only the office may open. A page
    opened (GET) starts from `prefill(item)`; a submitted one holds what was submitted."""
    work_item = _load_item(item_id)
    authorize(can_change_structure(current_user))
    if prefill is not None and request.method == "GET":
        return work_item, form_class(data=prefill(work_item))
    return work_item, form_class()


def _inherited_from_parent(parent: WorkItem) -> dict[str, Any]:
    """A new child starts with its parent's lead department and dates."""
    return {
        "lead_department_id": parent.lead_department_id,
        "start_date": parent.start_date,
        "due_date": parent.due_date,
    }


def _where_it_stands(work_item: WorkItem) -> dict[str, Any]:
    return {"parent_id": work_item.parent_id, "version": work_item.version}


def _parent_choices(work_item: WorkItem) -> list[SelectChoice]:
    """Every live item of the plan in tree order; the item itself and its descendants are shown but disabled."""
    excluded = structure.descendant_ids(work_item) | {work_item.id}
    plan_tree = load_tree(work_item.plan_id, today(), _stale_days())
    choices = [SelectChoice("", _("（顶层）"))]
    for node in plan_tree.walk():
        label = "\u3000" * node.depth + numbered(node.item.shown_outline_no, node.item.title)
        choices.append(SelectChoice(node.id, label, {"disabled": True} if node.id in excluded else {}))
    return choices


@bp.route("/items/<int:item_id>/move", methods=["GET", "POST"])
@login_required
def move_item(item_id: int):
    work_item, form = _structure_form(item_id, MoveItemForm, prefill=_where_it_stands)
    form.parent_id.choices = _parent_choices(work_item)
    conflict = None
    if validate_with_rules(form, lambda: structure.check_move(work_item, form.parent_id.data, form.position.data)):
        saved = save_form(
            form,
            lambda: structure.move_item(
                work_item, form.parent_id.data, form.position.data, form.version.data, current_user
            ),
        )
        if saved.done:
            return _back_to_item(work_item, bool(saved.result), _("已移动。"), _("位置没有变化。"))
        if saved.conflict:
            conflict = saved.conflict
            form.show_stored_version(work_item.version)
    return render_template("plan/move_item.html", item=work_item, form=form, conflict=conflict)


def _structure_action(item_id: int, action, done_message: str):
    """POST-only buttons on the item page (retire, restore): act, then back to the item."""
    work_item, form = _structure_form(item_id, ConfirmForm)
    if not form.validate_on_submit():
        abort(400)
    saved = save_action(lambda: action(work_item, current_user))
    if saved.done:
        flash(done_message % {"n": saved.result}, "success")
    return redirect(url_for("plan.item", item_id=item_id))


@bp.route("/items/<int:item_id>/retire", methods=["POST"])
@login_required
def retire_item(item_id: int):
    return _structure_action(item_id, structure.retire_item, _("已撤销 %(n)d 项任务（含下级任务），记录仍保留。"))


@bp.route("/items/<int:item_id>/restore", methods=["POST"])
@login_required
def restore_item(item_id: int):
    return _structure_action(item_id, structure.restore_item, _("已恢复 %(n)d 项任务。"))


def _assignment_action(item_id: int, action) -> Response:
    """The office confirms default departments (POST, CSRF): `action(item, actor)` returns how many."""
    work_item = _load_item(item_id)
    authorize(can_confirm_assignments(current_user))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    saved = save_action(lambda: action(work_item, current_user))
    if saved.done:
        _flash_confirmed(saved.result or 0)
    return redirect(url_for("plan.item", item_id=item_id))


def _flash_confirmed(confirmed: int) -> None:
    if confirmed:
        flash(ngettext("已确认 %(num)d 项任务的分工。", "已确认 %(num)d 项任务的分工。", confirmed), "success")
    else:
        flash(_("没有待确认的默认分工。"), "info")


@bp.route("/items/<int:item_id>/assignment/confirm", methods=["POST"])
@login_required
def confirm_assignment(item_id: int):
    return _assignment_action(item_id, assignments.confirm_item)


@bp.route("/items/<int:item_id>/assignment/confirm-subtree", methods=["POST"])
@login_required
def confirm_subtree_assignments(item_id: int):
    return _assignment_action(item_id, assignments.confirm_subtree)


@bp.route("/assignments/confirm", methods=["POST"])
@login_required
def confirm_filtered_assignments():
    """The office confirms the default departments of every item the tree's filters (in the URL) match, in the plan
    the form names (the one its page showed)."""
    authorize(can_confirm_assignments(current_user))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = url_for("plan.tree", **request.args)
    plan = plan_of_form()
    if plan is None:
        return refuse_form_without_plan(back)
    filters = parse_filters(request.args, departments_by_id())
    if not is_filtered(filters):  # the whole plan at once is not a filtered view's button
        abort(400)
    saved = save_action(lambda: assignments.confirm_matching(plan.id, filters, today(), _stale_days(), current_user))
    if saved.done:
        _flash_confirmed(saved.result or 0)
    return redirect(back)


@bp.route("/items/<int:item_id>/milestones", methods=["GET", "POST"])
@login_required
def item_milestones(item_id: int):
    work_item = _load_item(item_id)
    authorize(can_edit_item(current_user, work_item))
    stored = milestone_services.stored_milestones(work_item)
    years = [year for year in plan_years(work_item) if not out_of_bounds(work_item, year)]
    stray = {year: row for year, row in stored.items() if out_of_bounds(work_item, year)}
    form_class = milestones_form_class(years, sorted(stray))
    form = form_class(data=None if request.method == "POST" else _milestone_data(stored, years))
    conflict = None
    if validate_with_rules(form, lambda: milestone_services.check_milestone_edit(work_item, form.submitted())):
        submitted = form.submitted()
        saved = save_form(
            form,
            lambda: milestone_services.save_milestones(work_item, submitted, form.fingerprint.data, current_user),
        )
        if saved.done:
            return _back_to_item(work_item, bool(saved.result), _("年度目标已保存。"), _("没有需要保存的修改。"))
        if saved.conflict:
            conflict = _merge_after_conflict(work_item, form)
    return render_template(
        "plan/milestones.html",
        item=work_item,
        form=form,
        conflict=conflict,
        row_years=sorted({*plan_years(work_item), *stray}),
        stray=stray,
    )


def _merge_after_conflict(work_item: WorkItem, form: MilestonesFormBase) -> ConflictError:
    """Rows the user left as loaded take what is stored now, changed rows keep the input; the page then carries
    what is stored now (values and fingerprint), so one more save keeps both people's edits."""
    now = milestone_services.stored_milestones(work_item)
    stored_rows = milestone_services.as_inputs(now)
    merged, both_changed = merge_unchanged(form.loaded(), form.entered(), stored_rows, MilestoneInput(None))
    form.show(merged)
    form.set_loaded(stored_rows)
    form.refresh_fingerprint(milestone_services.fingerprint(now))
    return milestone_services.milestones_conflict(work_item, form.submitted(), both_changed)


def _milestone_data(stored: dict, years: list[int]) -> dict[str, Any]:
    """The stored rows, in the inputs and in their as-loaded copies."""
    data: dict[str, Any] = {"fingerprint": milestone_services.fingerprint(stored)}
    for year in years:
        row = stored.get(year)
        data[target_field(year)] = row.target_progress if row else None
        data[deliverable_field(year)] = row.deliverable if row else ""
        data[was_target_field(year)] = "" if row is None or row.target_progress is None else str(row.target_progress)
        data[was_deliverable_field(year)] = row.deliverable if row else ""
    return data
