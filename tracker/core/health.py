"""Probes for the load balancer, open without signing in.

/healthz: the process answers (nothing else is asked, the database least of all: a database outage must not
make the balancer restart healthy workers). /readyz: the database answers a read of a real table; 503 otherwise,
so traffic goes elsewhere until it is back. Not SELECT 1: that reads no page of a SQLite file, and answers "ok"
while a corrupt file fails every real request.
"""

from __future__ import annotations

from flask import Blueprint, current_app
from flask.typing import ResponseReturnValue
from sqlalchemy import create_engine, exc, select
from sqlalchemy.pool import NullPool

from tracker.core.models import AuditEvent
from tracker.core.outage import new_error_id
from tracker.core.transactions import release_session
from tracker.extensions import db

bp = Blueprint("health", __name__)
NO_STORE = {"Cache-Control": "no-store"}
# Core's own table, at most one row by its primary key: cheap on any size of log.
PROBE = select(AuditEvent.id).limit(1)


def _read_sqlite_file_afresh() -> None:
    """A pooled SQLite connection in WAL mode serves pages it has read before from its cache and would not notice
    the file damaged under it; a connection of its own reads the file's header and the table anew."""
    url = db.session.get_bind().engine.url
    if url.database in (None, "", ":memory:"):
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(PROBE).all()
    finally:
        engine.dispose()


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    return {"status": "ok"}, 200, NO_STORE


@bp.route("/readyz")
def readyz() -> ResponseReturnValue:
    try:
        db.session.execute(PROBE).all()
        if db.session.get_bind().dialect.name == "sqlite":
            _read_sqlite_file_afresh()
    except exc.SQLAlchemyError as error:
        error_id = new_error_id()
        current_app.logger.warning("Not ready (error id %s): the database does not answer: %s", error_id, error)
        release_session()
        return {"status": "unavailable", "error_id": error_id}, 503, {**NO_STORE, "Retry-After": "30"}
    return {"status": "ok", "database": "ok"}, 200, NO_STORE
