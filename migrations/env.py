"""Alembic environment, run through Flask-Migrate (`flask --app wsgi db upgrade`).

The database URL and the metadata come from the Flask app, so migrations run
against whatever DATABASE_URL the app was created with.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy.engine import Connection

config = context.config

# Under pytest the test runner owns logging; elsewhere alembic.ini sets it up. Loggers that
# already exist (the app's, the libraries') keep working either way.
if config.config_file_name is not None and not current_app.testing:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def _engine():
    return target_db.engine


config.set_main_option("sqlalchemy.url", _engine().url.render_as_string(hide_password=False).replace("%", "%%"))


def _skip_empty_autogenerate(context, revision, directives) -> None:
    """`flask db migrate` with no model changes writes no empty revision file."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection):
    """Batch migrations rebuild a SQLite table by copying it and dropping the original. With
    foreign keys enforced, that DROP deletes or refuses the rows that point at the table (budget
    lines cascade from projects), so enforcement is off while migrating and the references are
    checked once at the end. The PRAGMA is ignored inside a transaction, so it is sent on the
    raw DBAPI connection (autocommit, see tracker.core.sqlite) before alembic begins one.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"Migration left rows pointing at missing rows (table, rowid, parent, fk): {broken}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _require_utf8mb4(connection: Connection) -> None:
    """MariaDB/MySQL tables take the database's default character set; anything but utf8mb4
    would refuse Chinese text outside the BMP and every emoji at run time, so refuse now."""
    if connection.dialect.name not in ("mysql", "mariadb"):
        return
    charset = connection.exec_driver_sql("SELECT @@character_set_database").scalar()
    # End the implicit transaction the query opened: alembic must begin its own.
    connection.rollback()
    if charset != "utf8mb4":
        raise RuntimeError(
            f"The database's character set is {charset}, not utf8mb4. Recreate it with CREATE DATABASE ... "
            "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci (or ALTER DATABASE) and migrate again."
        )


def run_migrations_offline() -> None:
    """`flask db upgrade --sql`: write the SQL instead of running it."""
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=target_db.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", _skip_empty_autogenerate)
    # Column type changes (String(100) -> String(200), Numeric precision) are part of the schema too.
    conf_args.setdefault("compare_type", True)

    with _engine().connect() as connection, _sqlite_foreign_keys_off(connection):
        _require_utf8mb4(connection)
        context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
