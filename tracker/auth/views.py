from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth import services
from tracker.auth.forms import LoginForm
from tracker.auth.sessions import is_safe_next, start_session
from tracker.extensions import db

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("plan.tree"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        db.session.commit()  # failures are counted even when sign-in is refused
        if user is None:
            flash(_("用户名或密码不正确，或尝试次数过多请稍后再试。"), "error")
        else:
            target = request.args.get("next")
            locale = session.get("locale")
            session.clear()  # a new session at sign-in: nothing from before survives but the language
            login_user(user)
            start_session()
            if locale:
                session["locale"] = locale
            return redirect(target if is_safe_next(target) else url_for("plan.tree"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.end_other_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("您已安全退出。"), "info")
    return redirect(url_for("auth.login"))
