"""The API's blueprint and the gate every API request passes before its view.

1. A token: `Authorization: Bearer pt_…`, live (not revoked, not expired, its user active): else 401 with
   WWW-Authenticate, never the sign-in page. The session cookie plays no part (tracker.auth.sessions), which is
   why the blueprint is exempt from CSRF: nothing a cross-site page can send authenticates here.
2. The token's use is counted and committed at once (so refused requests count too), then the limit: more than
   TRACKER_API_RATE_LIMIT requests in the token's current minute is 429 with Retry-After.
3. A read-only token may only read: any other method is 403.
The token's user is then the signed-in user for the rest of the request: the views ask the features' permission
rules about `current_user` exactly as the pages do.
"""

from __future__ import annotations

import math

from flask import Blueprint, Response, current_app, g, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_user

from tracker.api.problems import ApiProblem
from tracker.auth import tokens
from tracker.auth.models import TokenScope, User
from tracker.core.negotiation import json_error
from tracker.core.transactions import SAFE_METHODS, commit_early, writing_transaction
from tracker.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Answered without a token: the description of the API itself.
PUBLIC_ENDPOINTS = frozenset({"api.openapi_document"})


@bp.errorhandler(ApiProblem)
def _problem(error: ApiProblem) -> ResponseReturnValue:
    return json_error(error.code, error.message, error.fields), error.status, error.headers


@bp.before_request
def _authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    secret = tokens.bearer_secret(request)
    if secret is None and (request.headers.get("Authorization") or "").strip().lower().startswith("bearer"):
        raise _unauthorized("token_invalid", _("访问令牌无效、已过期或已撤销。"), invalid=True)
    if secret is None:
        raise _unauthorized("token_missing", _("请求需要访问令牌：Authorization: Bearer <令牌>。"))
    now = tokens.now()
    # The count is committed before the view runs, so that a refused request counts too and every worker sees it;
    # on SQLite it begins with the write lock, as a form post does, so that concurrent requests queue instead of
    # failing on a lock taken after a read.
    with writing_transaction():
        authenticated = tokens.authenticate(secret, now, (request.remote_addr or "")[:64])
        commit_early()
    if authenticated is None:
        raise _unauthorized("token_invalid", _("访问令牌无效、已过期或已撤销。"), invalid=True)
    limit = current_app.config["TRACKER_API_RATE_LIMIT"]
    g.api_rate = (limit, max(0, limit - authenticated.requests_in_window))
    token = authenticated.token
    user = db.session.get(User, token.user_id)
    if user is None or not login_user(user):
        raise _unauthorized("token_invalid", _("访问令牌无效、已过期或已撤销。"), invalid=True)
    g.api_token_id, g.api_token_scope = token.id, token.scope
    if authenticated.requests_in_window > limit:
        wait = max(1, math.ceil((authenticated.window_ends_at - now).total_seconds()))
        raise ApiProblem(
            429,
            "rate_limited",
            _("请求过于频繁：每个令牌每分钟最多 %(n)d 次请求，请 %(seconds)d 秒后再试。", n=limit, seconds=wait),
            headers={"Retry-After": str(wait)},
        )
    if request.method not in SAFE_METHODS and token.scope != TokenScope.WRITE:
        raise ApiProblem(403, "token_read_only", _("此访问令牌为只读，不能修改数据。"))


def _unauthorized(code: str, message: str, *, invalid: bool = False) -> ApiProblem:
    challenge = 'Bearer realm="plan-tracker"' + (', error="invalid_token"' if invalid else "")
    return ApiProblem(401, code, message, headers={"WWW-Authenticate": challenge})


@bp.after_request
def _api_headers(response: Response) -> Response:
    # Answers carry one person's view of the data: never kept by a shared cache.
    response.headers["Cache-Control"] = "no-store"
    rate = g.get("api_rate")
    if rate is not None:
        response.headers["X-RateLimit-Limit"] = str(rate[0])
        response.headers["X-RateLimit-Remaining"] = str(rate[1])
    return response
