"""Admin pages for departments (list, create, edit). Reading a department's work is on the dashboard.

A refused save is rolled back and the form is shown again with the messages at its fields (core.forms.save_form).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.forms import save_form, validate_with_rules
from tracker.core.permissions import get_or_404, roles_required
from tracker.org import services
from tracker.org.assignment import source_label
from tracker.org.forms import DepartmentForm
from tracker.org.labels import kind_label
from tracker.org.models import Department
from tracker.org.permissions import DEPARTMENT_ADMIN_ROLES, can_confirm_assignments, can_manage_departments

bp = Blueprint("org", __name__, template_folder="templates", url_prefix="/admin/departments")


@bp.app_context_processor
def _template_helpers() -> dict:
    return {
        "can_manage_departments": can_manage_departments,
        "can_confirm_assignments": can_confirm_assignments,
        "assignment_label": source_label,
    }


@bp.app_template_filter("department_kind")
def _department_kind(kind: str) -> str:
    return kind_label(kind)


def _data(form: DepartmentForm) -> services.DepartmentData:
    return services.DepartmentData(
        code=form.code.data or "",
        name=form.name.data or "",
        short_name=form.short_name.data or "",
        kind=form.kind.data,
        sort_order=form.sort_order.data or 0,
        active=bool(form.active.data),
        reports_need_sign_off=bool(form.reports_need_sign_off.data),
    )


@bp.route("")
@roles_required(*DEPARTMENT_ADMIN_ROLES)
def admin_departments():
    return render_template("org/admin_departments.html", departments=services.departments())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*DEPARTMENT_ADMIN_ROLES)
def new_department():
    return _department_form(None)


@bp.route("/<int:department_id>/edit", methods=["GET", "POST"])
@roles_required(*DEPARTMENT_ADMIN_ROLES)
def edit_department(department_id: int):
    return _department_form(get_or_404(Department, department_id))


def _department_form(department: Department | None) -> ResponseReturnValue:
    """The new-department page (`department` None) or the edit page of one."""
    form = DepartmentForm(obj=department)
    if validate_with_rules(form, lambda: services.check_department(_data(form), department)):
        saved = save_form(form, lambda: _save(department, _data(form)))
        if saved.done and saved.result is not None:
            name = saved.result.name
            flash(
                _("已新增部门 %(name)s。", name=name) if department is None else _("已保存部门 %(name)s。", name=name),
                "success",
            )
            return redirect(url_for("org.admin_departments"))
    return render_template("org/department_form.html", form=form, department=department)


def _save(department: Department | None, data: services.DepartmentData) -> Department:
    if department is None:
        return services.create_department(data, current_user.id)
    services.update_department(department, data, current_user.id, current_user.display_name)
    return department
