"""Committing a request's work, turning a lost optimistic-lock race into a ConflictError."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from tracker.core.errors import ConflictError
from tracker.extensions import db


def commit() -> None:
    """Commit once per request. Two saves racing past the version check meet here."""
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError(_("保存失败：其他人刚刚修改了同一条记录。请刷新后核对再提交。")) from error
