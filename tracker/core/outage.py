"""The answer when the database is busy or away: built without touching the database.

The normal pages load the signed-in user (the navigation bar, the language), which is exactly what fails when
the database does not answer; an error page that did the same would fail in turn and leave gunicorn's bare
"Internal Server Error". These pages read only the request and the session cookie: the language from
tracker.core.i18n.offline_locale, no user, no navigation. They say nothing was saved, give an error id that is
also in the log, ask the client to come back (Retry-After), and give a form post back in one click: the
submitted fields (passwords and files excepted) are carried in a form that posts them again.
"""

from __future__ import annotations

import uuid

from flask import current_app, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.core.dberrors import Failure
from tracker.core.i18n import offline_locale
from tracker.core.negotiation import json_error, wants_json
from tracker.core.transactions import release_session, request_may_write

# How long a client should wait before trying again: a lock is usually gone in seconds, a restart takes longer.
RETRY_AFTER_SECONDS = {Failure.RETRY: 5, Failure.BUSY: 5, Failure.UNAVAILABLE: 30}


def new_error_id() -> str:
    return uuid.uuid4().hex[:12]


def _carried_fields() -> tuple[list[tuple[str, str]], bool]:
    """The posted fields to post again, and whether some (a password, a file) could not be carried."""
    if request.method != "POST":
        return [], False
    posted = list(request.form.items(multi=True))
    fields = [(name, value) for name, value in posted if "password" not in name]
    return fields, len(fields) < len(posted) or bool(request.files)


def database_failure_page(error: BaseException, failure: Failure) -> ResponseReturnValue:
    """503 with Retry-After: HTML for people, JSON for clients that ask for it."""
    error_id = new_error_id()
    where = f"{request.method} {request.path}"
    if failure is Failure.UNAVAILABLE:
        current_app.logger.error("Database unavailable (error id %s) on %s", error_id, where, exc_info=error)
    else:
        current_app.logger.warning("Database busy (error id %s) on %s: %s", error_id, where, error)
    release_session()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS[failure]), "Cache-Control": "no-store"}
    with force_locale(offline_locale()):
        if failure is Failure.UNAVAILABLE:
            title, message = _("服务暂时不可用"), _("数据库暂时无法访问，请稍后再试。")
        else:
            title, message = _("系统繁忙"), _("其他人正在保存，系统暂时繁忙，请稍后再试。")
        if request_may_write():
            message = f"{message} {_('您的操作没有保存。')}"
        if wants_json():
            return json_error(failure.value, message, error_id=error_id), 503, headers
        return offline_page(503, title, message, error_id, carry=True), 503, headers


def offline_page(code: int, title: str, message: str, error_id: str, *, carry: bool = False) -> str:
    """An error page that needs no database, in the language the cookie or the browser asks for."""
    fields, dropped = _carried_fields() if carry else ([], False)
    locale = offline_locale()
    # Not render_template: its context processors include Flask-Login's, which loads the signed-in user.
    template = current_app.jinja_env.get_template("errors/offline.html")
    with force_locale(locale):
        return template.render(
            request=request,
            code=code,
            title=title,
            message=message,
            error_id=error_id,
            fields=fields,
            dropped=dropped,
            lang="en" if locale == "en" else "zh-CN",
        )
