"""Fixtures for database-level tests: brand-new databases whose schema comes from the migrations."""

from __future__ import annotations

import itertools

import pytest
from alembic import command
from alembic.config import Config

from tests.databases import BACKENDS
from tests.factories import Factories
from tracker import create_app
from tracker.extensions import db


@pytest.fixture(params=BACKENDS)
def fresh_app(request, databases):
    """An app on a new, empty database of each backend, inside an app context. Unlike `any_app`
    (whose schema comes from create_all), nothing is created: the test runs the migrations."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=databases.create(request.param))
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def alembic_config(fresh_app) -> Config:
    """The same alembic configuration `flask db ...` uses (migrations/alembic.ini, env.py)."""
    return fresh_app.extensions["migrate"].migrate.get_config()


@pytest.fixture
def migrated_app(fresh_app, alembic_config):
    """A fresh database upgraded to the head revision; its rows really commit."""
    command.upgrade(alembic_config, "head")
    return fresh_app


@pytest.fixture
def any_make(any_session) -> Factories:
    """`make`'s factories on `any_session` (SQLite, PostgreSQL and MariaDB in turn), rolled back per test."""
    return Factories(any_session, itertools.count(1))
