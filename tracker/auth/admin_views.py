"""Admin pages: users (list, create, edit, reset password) and the audit log.

A refused save is rolled back and the form is shown again with the messages at its fields (core.forms.save_form).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from tracker.auth import services, tokens
from tracker.auth.admin_forms import (
    AuditFilterForm,
    ResetPasswordForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
    choices,
)
from tracker.auth.audit_log import TEMPLATE_HELPERS, AuditFilter, audit_query, entity_label, entity_types
from tracker.auth.models import User
from tracker.auth.permissions import USER_ADMIN_ROLES, can_manage_users, can_read_audit_log
from tracker.auth.token_forms import SCOPE_LABELS, state_label
from tracker.auth.token_views import revoke_posted_token
from tracker.core.audit import AuditEntity
from tracker.core.forms import save_form, validate_with_rules
from tracker.core.paging import paginate
from tracker.core.params import parse_id
from tracker.core.permissions import get_or_404, roles_required
from tracker.core.subjects import SubjectType, subject_url
from tracker.extensions import db
from tracker.org.models import Department
from tracker.org.services import departments

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")

USERS_PER_PAGE = 50
AUDIT_PER_PAGE = 50
# Links from an audit row to the page of what changed; endpoints of features not registered are skipped.
# A work item's or project's page is the subject's own URL (tracker.core.subjects).
ENTITY_ENDPOINTS: dict[str, tuple[str, str]] = {
    AuditEntity.USER: ("admin.edit_user", "user_id"),
    AuditEntity.DEPARTMENT: ("dashboard.department", "department_id"),
    AuditEntity.PLAN: ("plan_document.page", "plan_id"),
}


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"can_manage_users": can_manage_users, "can_read_audit_log": can_read_audit_log}


def _entity_url(entity_type: str, entity_id: int) -> str | None:
    if SubjectType.parse(entity_type) is not None:
        return subject_url(entity_type, entity_id)
    endpoint, argument = ENTITY_ENDPOINTS.get(entity_type, ("", ""))
    if endpoint not in current_app.view_functions:
        return None
    values: dict[str, Any] = {argument: entity_id}
    return url_for(endpoint, **values)


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


def _department(form_value: str | None) -> Department | None:
    # Read before the form is validated (the rules run on the same submit): a forged id reads as none, and the
    # select field answers it.
    department_id = parse_id(form_value) if isinstance(form_value, str) else None
    return db.session.get(Department, department_id) if department_id else None


@bp.route("/users")
@roles_required(*USER_ADMIN_ROLES)
def users():
    form = UserFilterForm(request.args)
    form.set_departments(departments())
    form.validate()
    department_id = int(form.department.data) if form.department.data and not form.department.errors else None
    role = form.role.data if not form.role.errors else None
    active = {"1": True, "0": False}.get(form.active.data) if not form.active.errors else None
    page = paginate(services.users_query(department_id, role, active), _page_number(), USERS_PER_PAGE, scalars=True)
    return render_template("admin/users.html", form=form, page=page)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(*USER_ADMIN_ROLES)
def new_user():
    form = UserCreateForm()
    form.set_departments(departments(include_inactive=False))
    new = services.NewUser(
        form.username.data,
        form.password.data,
        form.role.data,
        display_name=form.display_name.data or "",
        department=_department(form.department.data),
        email=form.email.data,
    )
    if validate_with_rules(form, partial(services.check_new_user, new)):
        saved = save_form(form, lambda: services.create_user(new, actor=current_user))
        if saved.done:
            flash(_("已创建用户 %(name)s。", name=saved.result.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_new.html", form=form)


def _edit_page(user: User, form: UserEditForm, reset_form: ResetPasswordForm, status: int = 200):
    now = tokens.now()
    return render_template(
        "admin/user_edit.html",
        user=user,
        form=form,
        reset_form=reset_form,
        api_tokens=[(token, tokens.state_of(token, now)) for token in tokens.tokens_of(user)],
        SCOPE_LABELS=SCOPE_LABELS,
        state_label=state_label,
    ), status


def _edit_form(user: User, formdata=None) -> UserEditForm:
    form = UserEditForm(
        formdata=formdata,
        data={
            "display_name": user.display_name,
            "email": user.email or "",
            "role": user.role,
            "department": str(user.department_id or ""),
            "active": user.active,
        },
    )
    # Active departments, plus the user's own if it was switched off since, so an edit can keep it.
    form.set_departments([d for d in departments() if d.active or d.id == user.department_id])
    return form


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles_required(*USER_ADMIN_ROLES)
def edit_user(user_id: int):
    user = get_or_404(User, user_id)
    form = _edit_form(user, request.form if request.method == "POST" else None)
    edit = services.UserEdit(
        display_name=form.display_name.data or "",
        email=form.email.data,
        role=form.role.data,
        department=_department(form.department.data),
        active=bool(form.active.data),
    )
    if validate_with_rules(form, partial(services.check_user_edit, user, edit, current_user)):
        saved = save_form(form, lambda: services.update_user(user, edit, current_user))
        if saved.done:
            flash(_("已保存用户 %(name)s。", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return _edit_page(user, form, ResetPasswordForm(formdata=None))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@roles_required(*USER_ADMIN_ROLES)
def reset_password(user_id: int):
    user = get_or_404(User, user_id)
    reset_form = ResetPasswordForm()
    if reset_form.validate_on_submit():
        saved = save_form(
            reset_form,
            lambda: services.reset_password(user, reset_form.new_password.data or "", current_user),
            {"password": "new_password"},
        )
        if saved.done:
            if user.id == current_user.id:
                login_user(user)  # the admin's own page stays signed in under the new generation
            flash(_("已重置 %(name)s 的密码，其所有登录会话已结束。", name=user.username), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return _edit_page(user, _edit_form(user), reset_form)


@bp.route("/users/<int:user_id>/tokens/revoke", methods=["POST"])
@roles_required(*USER_ADMIN_ROLES)
def revoke_token(user_id: int):
    """An administrator ends someone's token (a leaver's, a leaked one) without waiting for its owner. The token's
    id comes in the form; one that is not this user's is not found."""
    user = get_or_404(User, user_id)
    revoke_posted_token(user)
    return redirect(url_for("admin.edit_user", user_id=user.id) + "#api-tokens")


@bp.route("/audit")
@roles_required(*USER_ADMIN_ROLES)
def audit():
    form = AuditFilterForm(request.args)
    form.entity_type.choices = choices([("", _("全部"))] + [(t, entity_label(t)) for t in entity_types()])
    form.actor.choices = choices(
        [("", _("全部"))]
        + [(str(u.id), f"{u.display_name} ({u.username})") for u in db.session.scalars(services.users_query())]
    )
    form.validate()

    def valid(field):
        return field.data if field.data not in ("", None) and not field.errors else None

    criteria = AuditFilter(
        entity_type=valid(form.entity_type),
        entity_id=valid(form.entity_id),
        actor_id=int(form.actor.data) if valid(form.actor) else None,
        date_from=valid(form.date_from),
        date_to=valid(form.date_to),
    )
    page = paginate(audit_query(criteria), _page_number(), AUDIT_PER_PAGE)
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        entity_url=_entity_url,
        **TEMPLATE_HELPERS,
    )
