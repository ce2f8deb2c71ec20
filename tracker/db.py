"""Declarative base with a constraint naming convention, and shared column helpers.

The naming convention gives every index and constraint a predictable name, so
Alembic can drop and alter them on all three databases (SQLite batch mode needs
names to recreate tables).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import Column, DateTime, ForeignKey, MetaData, Numeric, Table
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every model here maps one Table; saying so lets the type checker see table.insert(), .update() and .c.
    __table__: ClassVar[Table]


def utcnow() -> datetime:
    """The real clock as naive UTC (the three databases store DATETIME without a zone alike). Only security clocks
    read it directly (session timeouts, sign-in throttles, export slots); business records are stamped with
    tracker.core.clock.now, which follows a pinned "today" (TRACKER_TODAY)."""
    return datetime.now(UTC).replace(tzinfo=None)


_business_clock: Callable[[], datetime] = utcnow


def use_business_clock(source: Callable[[], datetime]) -> None:
    """Called once by tracker.core.clock (db sits below core and cannot import it)."""
    global _business_clock
    _business_clock = source


def business_now() -> datetime:
    """TimestampMixin's default: tracker.core.clock.now once core is imported (it always is by create_app)."""
    return _business_clock()


# Money in 万元 (ten thousand yuan) with two decimals; never floats.
Money = Numeric(14, 2, asdecimal=True)
ZERO = Decimal("0.00")


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=business_now, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=business_now, onupdate=business_now, nullable=False)


def live_scope() -> hybrid_property[bool]:
    """`Model.live` for a model with a `retired` column: on a row, whether it is not retired; on the class (or an
    alias of it), the same as SQL. Retired rows are kept with their history but left out of what people read, and
    every query says so with this one name."""
    return hybrid_property(lambda row: not row.retired, expr=lambda cls: cls.retired.is_(False))


def link_table(name: str, owner: tuple[str, str], other: tuple[str, str]) -> Table:
    """A many-to-many table of (column, "table.id") pairs: its rows go with the `owner` row they belong to, and
    the `other` column is indexed for the look-ups from that side."""
    return Table(
        name,
        Base.metadata,
        Column(owner[0], ForeignKey(owner[1], ondelete="CASCADE"), primary_key=True),
        Column(other[0], ForeignKey(other[1]), primary_key=True, index=True),
    )
