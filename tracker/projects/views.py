"""Project pages: the list, create/edit, the detail page and the yearly budget form."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from tracker.attachments.forms import FilesForm
from tracker.attachments.limits import allow_uploads
from tracker.attachments.permissions import can_add_files
from tracker.attachments.services import PROJECT, CheckedFile, check_uploads, files_for, not_yet_kept, store_files
from tracker.auth.models import Role
from tracker.core.clock import today
from tracker.core.errors import Problems
from tracker.core.forms import save_form, validate_with_rules
from tracker.core.hooks import render_subject_page
from tracker.core.params import parse_id
from tracker.core.permissions import authorize, get_or_404
from tracker.core.statuses import STATUS_VALUES
from tracker.extensions import db
from tracker.plan.choice import plan_of_form, refuse_form_without_plan, show_plan
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue
from tracker.plan.services import current_plan
from tracker.projects import budget as budgets
from tracker.projects import queries, services
from tracker.projects.forms import ProjectForm, budget_form_class
from tracker.projects.labels import project_field_label
from tracker.projects.models import Project
from tracker.projects.permissions import TEMPLATE_GLOBALS, can_create_project, can_edit_budget, can_edit_project

bp = Blueprint("projects", __name__, template_folder="templates")
allow_uploads(bp, "upload_files")


@bp.app_context_processor
def _template_globals() -> dict:
    return {**TEMPLATE_GLOBALS, "project_field_label": project_field_label}


def _load(project_id: int, rule=None) -> Project:
    """404 for a missing project, 403 when `rule(user, project)` says no. The page is about the project's plan."""
    project = get_or_404(Project, project_id)
    show_plan(project.plan)
    if rule is not None:
        authorize(rule(current_user, project))
    return project


@bp.route("/projects")
@login_required
def index():
    plan = current_plan()
    filters = queries.ProjectFilters.from_args(request.args)
    result = queries.list_projects(filters, plan.id if plan else None, today())
    return render_template(
        "projects/index.html",
        plan=plan,
        result=result,
        filters=result.filters,
        departments=queries.department_choices(filters.department_id),
        outline=queries.plan_outline(plan.id if plan else None),
        statuses=STATUS_VALUES,
        years=range(plan.start_year, plan.end_year + 1) if plan else [],
    )


def _fill_choices(form: ProjectForm, project: Project | None) -> None:
    """What the user may pick: a lead only within their own department; the current values always stay offered."""
    if "department" in form:
        departments = queries.department_choices(project.department_id if project else None)
        department_ids = [d.id for d in departments]
    else:
        departments = []
        department_ids = [project.department_id if project else current_user.department_id]
    keep_items = [project.work_item_id, *(i.id for i in project.linked_items)] if project else []
    plan = current_plan()
    plan_id = plan.id if plan else None
    # A lead is offered only the items their department leads or supports (the service checks it again).
    in_scope = (
        None
        if _may_choose_department(current_user)
        else queries.department_item_ids(plan_id, current_user.department_id)
    )
    form.set_choices(
        departments,
        queries.owner_choices(department_ids, project.owner_id if project else None),
        queries.plan_outline(plan_id, keep_items, in_scope),
        _("已撤销"),
    )


def _may_choose_department(user) -> bool:
    return user.role in (Role.ADMIN, Role.OFFICE)


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new():
    authorize(can_create_project(current_user))
    # A submitted form is for the plan it names (the one its page showed), whatever the session chose since.
    if request.method == "POST" and plan_of_form() is None:
        return refuse_form_without_plan(url_for("projects.new", **request.args))
    form = ProjectForm()
    if not _may_choose_department(current_user):
        del form.department  # a lead's projects belong to the lead's department, whatever the request says
    preset = parse_id(request.args.get("work_item"))
    if request.method == "GET":
        form.work_item.data = preset
        preset_item = db.session.get(WorkItem, preset) if preset is not None else None
        if preset_item is not None:
            show_plan(preset_item.plan)  # opened from an item's page: the project is for that item's plan
    _fill_choices(form, None)
    plan = current_plan()
    data = form.data_for(current_user.department_id, plan.id if plan else None)
    if validate_with_rules(form, partial(services.check_project, data, current_user, None)):
        saved = save_form(form, lambda: services.create_project(data, current_user))
        if saved.done:
            flash(_("项目已创建。"), "success")
            return redirect(url_for("projects.detail", project_id=saved.result.id))
    return render_template("projects/form.html", form=form, project=None, conflict=None, plan=plan)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit(project_id: int):
    project = _load(project_id, can_edit_project)
    form = ProjectForm(obj=None if request.method == "POST" else _FormValues(project))
    if not _may_choose_department(current_user):
        del form.department
    _fill_choices(form, project)
    conflict = None
    data = form.data_for(project.department_id)
    if validate_with_rules(form, partial(services.check_project, data, current_user, project)):
        saved = save_form(form, lambda: services.update_project(project, data, form.version.data, current_user))
        if saved.done:
            flash(_("项目已保存。"), "success")
            return redirect(url_for("projects.detail", project_id=project.id))
        if saved.conflict:
            # Refused by the version check (with its list), or a race lost at the flush (described here).
            conflict = saved.conflict
            conflict = conflict if conflict.changes else services.project_conflict(project, data)
            form.refresh_version(project.version)
    return render_template("projects/form.html", form=form, project=project, conflict=conflict)


class _FormValues:
    """A project's stored values under the form's field names (for the first GET of the edit form)."""

    def __init__(self, project: Project) -> None:
        self.department = project.department_id
        self.owner = project.owner_id
        self.work_item = project.work_item_id
        self.linked_items = sorted(i.id for i in project.linked_items)
        self.name = project.name
        self.description = project.description
        self.fund_source = project.fund_source
        self.start_date = project.start_date
        self.due_date = project.due_date
        self.version = project.version


@bp.route("/projects/<int:project_id>")
@login_required
def detail(project_id: int):
    return _detail_page(_load(project_id), FilesForm(formdata=None))


def _detail_page(project: Project, files_form: FilesForm):
    overdue = is_overdue(project.due_date, project.status, today())
    table = budgets.budget_table(project)
    files = files_for(project_ids=[project.id])[PROJECT].get(project.id, [])
    return render_subject_page(
        "projects/detail.html",
        project,
        project=project,
        table=table,
        overdue=overdue,
        files=files,
        files_form=files_form,
    )


@bp.route("/projects/<int:project_id>/attachments", methods=["POST"])
@login_required
def upload_files(project_id: int):
    """Evidence files on their own (佐证材料): every file checked first, none kept when one is refused."""
    project = _load(project_id, can_add_files)
    form = FilesForm()
    checked: list[CheckedFile] = []

    def rules() -> None:
        problems = Problems()
        checked.extend(check_uploads(form.files.data or [], problems))
        if not checked and not problems:
            problems.add(_("请选择要上传的文件。"), "files")
        problems.raise_if_any()

    if validate_with_rules(form, rules):
        fresh = not_yet_kept(checked, project)
        saved = save_form(form, lambda: store_files(fresh, project, current_user._get_current_object()))
        if saved.done:
            if fresh:
                flash(ngettext("已上传 %(num)d 个文件。", "已上传 %(num)d 个文件。", len(fresh)), "success")
            else:
                flash(_("这些文件刚才已经上传过，没有重复保存。"), "info")
            return redirect(url_for("projects.detail", project_id=project.id, _anchor="files"))
    return _detail_page(project, form)


@bp.route("/projects/<int:project_id>/budget", methods=["GET", "POST"])
@login_required
def budget(project_id: int):
    project = _load(project_id, can_edit_budget)
    table = budgets.budget_table(project, all_plan_years=True)
    form_class = budget_form_class([row.year for row in table.rows])
    stored = {"version": project.version}
    for row in table.rows:
        for column in budgets.AMOUNT_COLUMNS:
            stored[f"{column}_{row.year}"] = getattr(row.amounts, column)
    form = form_class(data=None if request.method == "POST" else stored)
    conflict = None
    if form.validate_on_submit():
        saved = save_form(form, lambda: budgets.save_budget(project, form.submitted(), form.version.data, current_user))
        if saved.done:
            flash(_("预算已保存。"), "success")
            for warning in saved.result or []:
                flash(warning, "warning")
            return redirect(url_for("projects.detail", project_id=project.id))
        if saved.conflict:
            conflict = saved.conflict
            conflict = conflict if conflict.changes else budgets.budget_conflict(project, form.submitted())
            form.refresh_version(project.version)
    return render_template("projects/budget.html", project=project, form=form, conflict=conflict)
