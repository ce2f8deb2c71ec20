"""The request's transaction: committing once, and running the request again when another transaction won a race.

Views commit once (commit() below). Around the whole request (before_request hooks, the view, its commit),
install_request_lifecycle() adds what no view should write for itself: when the database answers that this
transaction lost a race it can win on a second try (a deadlock, a serialization failure, SQLite still locked
after its busy timeout), the session is rolled back and the request runs again, at most TRACKER_DB_RETRIES
more times. Everything it did went into the rolled-back transaction, so running it again cannot apply it twice.
What still fails is answered by tracker.core.outage ("busy, nothing was saved", 503).
"""

from __future__ import annotations

import random
import time

from flask import Flask, current_app, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from tracker.core.dberrors import Failure, classify
from tracker.core.errors import ConflictError
from tracker.extensions import db

# Methods that do not change anything (RFC 9110 "safe"); every other request may write.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_ATTEMPT = "tracker.db_attempt"  # in the WSGI environ: it outlives `g`, which tests clear per dispatch
# A short random pause before running again, so two requests that deadlocked each other do not meet again.
BACKOFF_SECONDS = (0.01, 0.1)


def commit() -> None:
    """Commit once per request. Two saves racing past the version check meet here."""
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError(_("保存失败：其他人刚刚修改了同一条记录。请刷新后核对再提交。")) from error


def request_may_write() -> bool:
    """True inside a request that may change data (a form post); SQLite then begins with the write lock."""
    return has_request_context() and request.method not in SAFE_METHODS


class _RunAgain(Exception):
    """Raised out of Flask's error handling to the retry loop below; never reaches a user."""


def install_request_lifecycle(app: Flask) -> None:
    """Wrap Flask's dispatch (hooks, view, error handling) so a lost race runs the request again."""
    dispatch_once = app.full_dispatch_request
    handle_user_exception = app.handle_user_exception

    def handle_or_run_again(error: Exception):
        attempts = 1 + current_app.config["TRACKER_DB_RETRIES"]
        if classify(error) is Failure.RETRY and request.environ.get(_ATTEMPT, attempts) < attempts:
            raise _RunAgain from error
        return handle_user_exception(error)

    def full_dispatch_request():
        request.environ[_ATTEMPT] = 1
        while True:
            try:
                return dispatch_once()
            except _RunAgain as signal:
                current_app.logger.warning(
                    "%s %s: %s; running the request again", request.method, request.path, signal.__cause__
                )
                db.session.rollback()
                request.environ[_ATTEMPT] += 1
                time.sleep(random.uniform(*BACKOFF_SECONDS))  # noqa: S311 - jitter, not a secret

    app.handle_user_exception = handle_or_run_again
    app.full_dispatch_request = full_dispatch_request
