"""Throw-away databases for tests on SQLite, PostgreSQL and MariaDB.

Each test run creates its own databases (named with the process id) and drops
them at the end. A server that does not answer is skipped locally and is a
failure under CI=true.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgresql", "mariadb")
PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
MARIADB_HOST = os.environ.get("TEST_MARIADB_HOST", "127.0.0.1")
MARIADB_URL = os.environ.get("TEST_MARIADB_URL", "mysql+pymysql://root:@127.0.0.1:3306/{name}?charset=utf8mb4")


def _unreachable(backend: str, error: Exception):
    message = f"{backend} server not reachable: {error}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: an unreachable database is a failure)", pytrace=False)
    pytest.skip(message)


class Databases:
    """Creates databases on demand and drops them all at the end."""

    def __init__(self) -> None:
        self._created: list[tuple[str, str]] = []
        self._tmpdir = Path(tempfile.mkdtemp(prefix="tracker-tests-"))
        self._counter = 0

    def create(self, backend: str) -> str:
        self._counter += 1
        name = f"tracker_test_{os.getpid()}_{self._counter}"
        if backend == "sqlite":
            return f"sqlite:///{self._tmpdir / (name + '.db')}"
        if backend == "postgresql":
            return self._create_pg(name)
        if backend == "mariadb":
            return self._create_mariadb(name)
        raise ValueError(backend)

    def _create_pg(self, name: str) -> str:
        import psycopg

        try:
            with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        except psycopg.OperationalError as error:
            _unreachable("postgresql", error)
        self._created.append(("postgresql", name))
        return PG_URL.format(name=name)

    def _create_mariadb(self, name: str) -> str:
        import pymysql

        try:
            conn = pymysql.connect(host=MARIADB_HOST, user="root", password="", connect_timeout=3)
        except pymysql.err.OperationalError as error:
            _unreachable("mariadb", error)
        with conn, conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        self._created.append(("mariadb", name))
        return MARIADB_URL.format(name=name)

    def drop_all(self) -> None:
        for backend, name in self._created:
            try:
                if backend == "postgresql":
                    import psycopg

                    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                else:
                    import pymysql

                    with pymysql.connect(host=MARIADB_HOST, user="root", password="") as conn, conn.cursor() as c:
                        c.execute(f"DROP DATABASE IF EXISTS `{name}`")
            except Exception as error:  # cleanup must not hide the test result
                print(f"could not drop test database {name}: {error}")
