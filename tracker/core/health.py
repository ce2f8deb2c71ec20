"""Probes for the load balancer, open without signing in.

/healthz: the process answers (nothing else is asked, the database least of all: a database outage must not
make the balancer restart healthy workers). /readyz: the database answers SELECT 1; 503 otherwise, so traffic
goes elsewhere until it is back.
"""

from __future__ import annotations

from flask import Blueprint, current_app
from flask.typing import ResponseReturnValue
from sqlalchemy import exc, text

from tracker.core.outage import new_error_id
from tracker.core.transactions import release_session
from tracker.extensions import db

bp = Blueprint("health", __name__)
NO_STORE = {"Cache-Control": "no-store"}


@bp.route("/healthz")
def healthz() -> ResponseReturnValue:
    return {"status": "ok"}, 200, NO_STORE


@bp.route("/readyz")
def readyz() -> ResponseReturnValue:
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except exc.SQLAlchemyError as error:
        error_id = new_error_id()
        current_app.logger.warning("Not ready (error id %s): the database does not answer: %s", error_id, error)
        release_session()
        return {"status": "unavailable", "error_id": error_id}, 503, {**NO_STORE, "Retry-After": "30"}
    return {"status": "ok", "database": "ok"}, 200, NO_STORE
