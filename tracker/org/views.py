"""Admin pages for departments (list, create, edit). Reading a department's work is on the dashboard.

A refused save is rolled back and the form is shown again with the messages at its fields (core.forms.save_form).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.forms import save_form, validate_with_rules
from tracker.core.permissions import get_or_404, roles_required
from tracker.org import services
from tracker.org.forms import DepartmentForm
from tracker.org.labels import kind_label
from tracker.org.models import Department
from tracker.org.permissions import DEPARTMENT_ADMIN_ROLES, can_manage_departments

bp = Blueprint("org", __name__, template_folder="templates", url_prefix="/admin/departments")


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"can_manage_departments": can_manage_departments}


@bp.app_template_filter("department_kind")
def _department_kind(kind: str) -> str:
    return kind_label(kind)


def _data(form: DepartmentForm) -> services.DepartmentData:
    return services.DepartmentData(
        code=form.code.data,
        name=form.name.data,
        short_name=form.short_name.data,
        kind=form.kind.data,
        sort_order=form.sort_order.data or 0,
        active=bool(form.active.data),
    )


@bp.route("")
@roles_required(*DEPARTMENT_ADMIN_ROLES)
def admin_departments():
    return render_template("org/admin_departments.html", departments=services.departments())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*DEPARTMENT_ADMIN_ROLES)
def new_department():
    form = DepartmentForm()
    if validate_with_rules(form, lambda: services.check_department(_data(form), None)):
        saved = save_form(form, lambda: services.create_department(_data(form), current_user.id))
        if saved.done:
            flash(_("已新增部门 %(name)s。", name=saved.result.name), "success")
            return redirect(url_for("org.admin_departments"))
    return render_template("org/department_form.html", form=form, department=None)


@bp.route("/<int:department_id>/edit", methods=["GET", "POST"])
@roles_required(*DEPARTMENT_ADMIN_ROLES)
def edit_department(department_id: int):
    department = get_or_404(Department, department_id)
    form = DepartmentForm(obj=department)
    if validate_with_rules(form, lambda: services.check_department(_data(form), department)):
        saved = save_form(form, lambda: services.update_department(department, _data(form), current_user.id))
        if saved.done:
            flash(_("已保存部门 %(name)s。", name=department.name), "success")
            return redirect(url_for("org.admin_departments"))
    return render_template("org/department_form.html", form=form, department=department)
