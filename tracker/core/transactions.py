"""The request's transaction: one commit at the end, a rollback on any failure, and a second try after a lost race.

install_request_lifecycle() wraps Flask's request handling so that no view writes transaction code:

- when the view answers with a response that is not an error (a page, a redirect after a successful post), the
  request's work is committed once, inside Flask's error handling: a commit that fails is answered like any
  other failure (a lost version race becomes a ConflictError, a lost lock race runs the request again);
- an error response (4xx, 5xx) or an exception rolls everything back;
- when the database answers that this transaction lost a race it can win on a second try (a deadlock, a
  serialization failure, SQLite still locked after its busy timeout), the session is rolled back and the
  request runs again, at most TRACKER_DB_RETRIES more times. Everything it did went into the rolled-back
  transaction, so running it again cannot apply it twice. What still fails is answered by tracker.core.outage
  ("busy, nothing was saved", 503).

Views save through tracker.core.forms.save_form (or save_action for a button): it flushes the service's work, so
that a lost race shows while the view can still draw its conflict page, and rolls back a refused save. CLI
commands are not requests: they call commit() themselves.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, Response, current_app, has_request_context, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from tracker.core.dberrors import Failure, classify
from tracker.core.errors import ConflictError
from tracker.extensions import db

# Methods that do not change anything (RFC 9110 "safe"); every other request may write.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_ATTEMPT = "tracker.db_attempt"  # in the WSGI environ: it outlives `g`, which tests clear per dispatch
# A short random pause before running again, so two requests that deadlocked each other do not meet again.
BACKOFF_SECONDS = (0.01, 0.1)
_writing: ContextVar[bool] = ContextVar("tracker_writing_transaction", default=False)


@contextmanager
def stale_as_conflict(message: str | None = None) -> Iterator[None]:
    """The one place where a lost version race becomes what users see: SQLAlchemy raises StaleDataError when a
    versioned UPDATE matches no row (another save changed the row after this one read it); that is a
    ConflictError with `message` (by default: someone else just changed the record), the session rolled back."""
    try:
        yield
    except StaleDataError as error:
        # Roll back before the words: translating may read the signed-in user, which a failed flush left unloadable
        # (PendingRollbackError, a 500) when nothing in the request had translated yet (an API post).
        release_session()
        raise ConflictError(message or _("保存失败：其他人刚刚修改了同一条记录。请刷新后核对再提交。")) from error


def flush() -> None:
    """Flush for a service: two saves that both passed the version check race here, and the loser gets a
    ConflictError."""
    with stale_as_conflict():
        db.session.flush()


def commit() -> None:
    """Commit, rolling back when it fails. The request lifecycle calls it once per request; CLI commands call it
    themselves. Views never do."""
    try:
        with stale_as_conflict():
            db.session.commit()
    except BaseException:
        release_session()
        raise


def commit_early() -> None:
    """Commit what the request has written so far, for the few requests whose writes other workers must see before
    the request goes on: sign-in's attempt counters (before the slow password hash) and an export's slot (before
    the workbook is built). The rest of the request is committed, or rolled back, at its end as usual."""
    commit()


def release_session() -> None:
    """Roll back what the request did; a connection that died may fail even that, which changes nothing."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool discards it
        current_app.logger.warning("Rolling back after a failure failed too", exc_info=True)


def request_may_write() -> bool:
    """True inside a request that may change data (a form post), or in a CLI's writing_transaction(); SQLite then
    begins with the write lock."""
    return _writing.get() or (has_request_context() and request.method not in SAFE_METHODS)


@contextmanager
def writing_transaction() -> Iterator[None]:
    """For CLI work that reads and then writes under several processes (the mail sender's claims): the
    transaction begun inside begins with SQLite's write lock, as a form post's does, so a second process waits
    its turn instead of failing with "database is locked". PostgreSQL and MariaDB begin as usual."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


class _RunAgain(Exception):
    """Raised out of Flask's error handling to the retry loop below; never reaches a user."""


def install_request_lifecycle(app: Flask) -> None:
    """Wrap Flask's dispatch: commit after a good answer, roll back otherwise, run a lost race again.

    Flask's full_dispatch_request runs the before_request hooks and the view (dispatch_request) inside a try whose
    handler is handle_user_exception (the error handlers), then finalize_request (after_request hooks, the session
    cookie). The commit therefore goes right after the view, inside that try, where its failure is still handled;
    an after_request hook would be too late (its exceptions bypass the error handlers).
    """
    dispatch_once = app.full_dispatch_request
    dispatch_view = app.dispatch_request
    handle_user_exception = app.handle_user_exception

    def dispatch_and_commit() -> Response:
        response = app.make_response(dispatch_view())
        if response.status_code < 400:
            commit()
        else:
            release_session()
        return response

    def handle_or_run_again(error: Exception) -> HTTPException | ResponseReturnValue:
        attempts = 1 + current_app.config["TRACKER_DB_RETRIES"]
        if classify(error) is Failure.RETRY and request.environ.get(_ATTEMPT, attempts) < attempts:
            raise _RunAgain from error
        release_session()
        return handle_user_exception(error)

    def full_dispatch_request() -> Response:
        request.environ[_ATTEMPT] = 1
        while True:
            try:
                return dispatch_once()
            except _RunAgain as signal:
                current_app.logger.warning(
                    "%s %s: %s; running the request again", request.method, request.path, signal.__cause__
                )
                release_session()
                request.environ[_ATTEMPT] += 1
                time.sleep(random.uniform(*BACKOFF_SECONDS))  # noqa: S311 - jitter, not a secret

    # Wrapping the app's own methods is the point here; Flask's types declare them methods, hence the ignores.
    app.dispatch_request = dispatch_and_commit  # type: ignore[method-assign]
    app.handle_user_exception = handle_or_run_again  # type: ignore[method-assign,assignment]
    app.full_dispatch_request = full_dispatch_request  # type: ignore[method-assign]
