"""SQLite connection settings: WAL, enforced foreign keys, a busy timeout, real transactions.

pysqlite on Python 3.11 opens transactions lazily and ignores SAVEPOINT
semantics; taking over BEGIN (as SQLAlchemy's documentation recommends) gives
SQLite the same transaction behaviour as the server databases, which the
rollback-per-test fixtures and nested transactions rely on.

A request that may write begins with BEGIN IMMEDIATE. Every request reads first (the signed-in user), and a
deferred transaction that has read cannot always take the write lock later: when another connection wrote
meanwhile, SQLite answers "database is locked" at once (SQLITE_BUSY_SNAPSHOT) instead of waiting out the busy
timeout. Taking the write lock at BEGIN makes writers queue for up to the busy timeout, in arrival order.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection

from tracker.core.transactions import request_may_write


def configure_sqlite(engine: Engine, busy_timeout_seconds: int) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: object) -> None:  # pragma: no cover - every connection
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_seconds * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if request_may_write() else "BEGIN")
