"""Per-connection settings that keep one slow or locked request from stalling the others.

Each database is told how long to wait for a row lock and (where it can stop one) how long a statement may run;
past that it raises an error that tracker.core.dberrors turns into a "busy, try again" answer, instead of a
worker waiting for as long as another transaction holds a row. One setting, TRACKER_DB_LOCK_TIMEOUT_SECONDS,
means the same on all three: SQLite's busy timeout, PostgreSQL's lock_timeout, InnoDB's lock wait timeout.

MariaDB gets no statement limit: its exports read through an unbuffered cursor (tracker/exports/task_stream.py),
and max_statement_time would count the time the export spends writing the workbook. PostgreSQL's
statement_timeout counts each FETCH of a server-side cursor on its own, so a long export is not cut short.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tracker.core.sqlite import configure_sqlite


def configure_engine(engine: Engine, app: Flask) -> None:
    config = app.config
    lock_timeout = config["TRACKER_DB_LOCK_TIMEOUT_SECONDS"]
    statement_timeout = config["TRACKER_DB_STATEMENT_TIMEOUT_SECONDS"]
    connect_timeout = config["TRACKER_DB_CONNECT_TIMEOUT_SECONDS"]
    name = engine.dialect.name
    if name == "sqlite":
        configure_sqlite(engine, lock_timeout)
    elif name == "postgresql":
        # libpq's startup options: no extra round trip, and they hold for the connection's whole life.
        options = f"-c lock_timeout={lock_timeout * 1000} -c statement_timeout={statement_timeout * 1000}"
        _add_connect_params(engine, {"connect_timeout": connect_timeout, "options": options})
    elif name in ("mysql", "mariadb"):
        init = f"SET SESSION innodb_lock_wait_timeout = {lock_timeout}"
        _add_connect_params(engine, {"connect_timeout": connect_timeout, "init_command": init})


def _add_connect_params(engine: Engine, params: dict[str, object]) -> None:
    """Added to whatever the URL and SQLALCHEMY_ENGINE_OPTIONS say; explicit connect_args win."""

    @event.listens_for(engine, "do_connect")
    def _on_connect(_dialect: object, _record: object, _cargs: object, cparams: dict[str, object]) -> None:
        for key, value in params.items():
            cparams.setdefault(key, value)
