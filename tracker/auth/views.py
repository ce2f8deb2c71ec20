from __future__ import annotations

import math

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth import services, tokens
from tracker.auth.forms import ChangePasswordForm, LoginForm, MailPreferenceForm
from tracker.auth.labels import LANGUAGE_LABELS, role_label
from tracker.auth.sessions import is_safe_next, start_session
from tracker.auth.token_forms import SCOPE_LABELS, NewTokenForm, state_label
from tracker.core.forms import save_form
from tracker.core.hooks import link_for
from tracker.core.transactions import commit_early

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.app_context_processor
def _language_switch() -> dict:
    return {"LANGUAGE_LABELS": LANGUAGE_LABELS}


@bp.app_template_filter("role_label")
def _role_label(role: str) -> str:
    return role_label(role)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_landing(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        attempt = services.begin_sign_in(form.username.data, (request.remote_addr or "")[:64])
        # Committed before any password is hashed: other workers see the count at once, and no lock is held while
        # scrypt runs. Sign-in commits twice (the second time at the end of the request, where failures count too:
        # the form shown again is not an error response).
        commit_early()
        if attempt.wait is not None:
            return _too_many_attempts(form, attempt.wait)
        user = services.finish_sign_in(attempt, form.password.data)
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
            return redirect(target if is_safe_next(target) else _landing(user))
    return render_template("auth/login.html", form=form)


def _landing(user) -> str:
    """The page a person starts on: the one the features above offer for their role (tracker.core.hooks), else the
    plan."""
    return link_for("landing", None, user) or url_for("plan.tree")


def _too_many_attempts(form: LoginForm, seconds: int):
    minutes = max(1, math.ceil(seconds / 60))
    flash(_("尝试次数过多，请 %(minutes)d 分钟后再试。", minutes=minutes), "error")
    response = make_response(render_template("auth/login.html", form=form), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.end_other_sessions(current_user)
    logout_user()
    session.clear()
    flash(_("您已安全退出。"), "info")
    return redirect(url_for("auth.login"))


def account_page(
    form: ChangePasswordForm | None = None,
    mail_form: MailPreferenceForm | None = None,
    token_form: NewTokenForm | None = None,
    new_token: tokens.NewToken | None = None,
):
    """The account page with any one of its forms as submitted; `new_token` shows a new token's secret, once."""
    user = current_user._get_current_object()
    if mail_form is None:
        mail_form = MailPreferenceForm(formdata=None, mail_preference=user.mail_preference)
    now = tokens.now()
    return render_template(
        "auth/account.html",
        form=form or ChangePasswordForm(formdata=None),
        mail_form=mail_form,
        token_form=token_form or NewTokenForm(formdata=None).offered_to(user),
        new_token=new_token,
        api_tokens=[(token, tokens.state_of(token, now)) for token in tokens.tokens_of(user)],
        SCOPE_LABELS=SCOPE_LABELS,
        state_label=state_label,
    )


@bp.route("/account")
@login_required
def account():
    return account_page()


@bp.route("/account/mail", methods=["POST"])
@login_required
def set_mail_preference():
    form = MailPreferenceForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if save_form(form, lambda: services.set_mail_preference(user, form.mail_preference.data)).done:
            flash(_("邮件通知设置已保存。"), "success")
            return redirect(url_for("auth.account"))
    return account_page(mail_form=form)


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        saved = save_form(
            form,
            lambda: services.change_password(user, form.current_password.data, form.new_password.data),
            {"password": "new_password"},
        )
        if saved.done:
            # The change bumped the session generation: every other session has ended; this one carries on.
            login_user(user)
            flash(_("密码已修改。其他设备上的登录已结束。"), "success")
            return redirect(url_for("auth.account"))
    return account_page(form=form)


@bp.route("/language", methods=["POST"])
def set_language():
    """Remembered on the account when signed in (for every later sign-in), in the session otherwise."""
    language = request.form.get("language", "")
    if language not in current_app.config["LANGUAGES"]:
        abort(400)
    if current_user.is_authenticated:
        services.set_locale(current_user, language)
    session["locale"] = language
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("plan.tree"))
