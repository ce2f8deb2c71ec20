"""This installation's identity, created the first time an export or import asks for it."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.exports.models import Installation
from tracker.extensions import db

_ROW = 1


def installation_key() -> str:
    """The random key that tells this installation's exports from another's. Flushes (the request commits).

    Two workers creating it at once insert the same primary key: the loser's savepoint rolls back and it reads the
    winner's."""
    key = db.session.scalar(select(Installation.key).where(Installation.id == _ROW))
    if key is not None:
        return key
    try:
        with db.session.begin_nested():
            db.session.add(Installation(id=_ROW, key=secrets.token_hex(16)))
    except IntegrityError:
        pass
    return db.session.scalars(select(Installation.key).where(Installation.id == _ROW)).one()
