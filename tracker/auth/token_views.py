"""The account page's personal access tokens: make one (its secret shown once), revoke one.

Joins the `auth` blueprint: the app factory imports this module before registering it."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.auth import tokens
from tracker.auth.models import User
from tracker.auth.token_forms import NewTokenForm
from tracker.auth.views import account_page, bp
from tracker.core.forms import save_form
from tracker.core.params import parse_id


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    """The secret is drawn into this answer and nowhere else: not a flash (the session cookie would carry it), not
    a redirect's next page, not any cache."""
    user = current_user._get_current_object()
    form = NewTokenForm().offered_to(user)
    new_token = None
    if form.validate_on_submit():
        saved = save_form(
            form,
            lambda: tokens.create_token(
                user, form.name.data or "", form.scope.data or "", form.days.data, tokens.now(), actor_id=user.id
            ),
        )
        if saved.done:
            new_token = saved.result
            form = NewTokenForm(formdata=None).offered_to(user)
    response = make_response(account_page(token_form=form, new_token=new_token))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/tokens/revoke", methods=["POST"])
@login_required
def revoke_token():
    """The token's id comes in the form (as on the admin's page); another person's token is as if there were none."""
    revoke_posted_token(current_user._get_current_object())
    return redirect(url_for("auth.account") + "#api-tokens")


def revoke_posted_token(owner: User) -> None:
    """Revoke the token of `owner` whose id the form posts, as the signed-in person, and say so; 404 when `owner`
    has no such token (someone else's is as if there were none). The account page and the admin's user page both
    revoke this way."""
    token_id = parse_id(request.form.get("token_id"))
    token = tokens.token_of(owner, token_id) if token_id is not None else None
    if token is None:
        abort(404)
    tokens.revoke_token(token, tokens.now(), actor_id=current_user.id)
    flash(_("已撤销访问令牌 %(name)s，使用它的请求将被拒绝。", name=token.name), "success")
