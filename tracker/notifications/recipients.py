"""Who hears of an event, by role: the features above ask here instead of each writing its own user query."""

from __future__ import annotations

from sqlalchemy import select

from tracker.auth.models import Role, User
from tracker.extensions import db


def leads_of(department_id: int | None) -> list[User]:
    """The active leads of a department (none for no department)."""
    if department_id is None:
        return []
    query = select(User).where(User.department_id == department_id, User.role == Role.LEAD.value, User.active)
    return list(db.session.scalars(query.order_by(User.id)))


def active_user(user_id: int | None) -> list[User]:
    """The user with that id as a recipient list: empty when there is none or they are no longer active."""
    if user_id is None:
        return []
    user = db.session.get(User, user_id)
    return [user] if user is not None and user.active else []
