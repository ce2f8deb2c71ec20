from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.statuses import sql_in
from tracker.db import Base, TimestampMixin
from tracker.org.assignment import AssignmentSource, is_default
from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem

IndicatorNumber = Numeric(18, 4, asdecimal=True)
# What every IndicatorNumber holds on every database: 4 places and 11 digits before the point (15 significant
# digits, which SQLite's doubles keep exactly; the value form allows the same, tracker.indicators.forms).
NUMBER_INTEGER_DIGITS = 11
NUMBER_PLACES = 4


def fits_indicator_number(value: Decimal) -> bool:
    """Whether `value` is stored as it is (PostgreSQL and MariaDB refuse a larger one; more places are lost)."""
    if not value.is_finite():
        return False
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return places <= NUMBER_PLACES and abs(value) < Decimal(10) ** NUMBER_INTEGER_DIGITS


class Comparator(StrEnum):
    """How a value is held against the target. The document's words decide: 以上 / 达到 / 不低于 include the
    target itself (ge); 超过 means strictly more (gt), 低于 strictly less (lt)."""

    GE = "ge"  # 以上 / 达到 / 突破 / 不低于: the target or more
    GT = "gt"  # 超过: strictly more than the target
    LE = "le"  # 以下 / 不超过: the target or less
    LT = "lt"  # 低于: strictly less than the target
    EQ = "eq"


class Indicator(TimestampMixin, Base):
    __tablename__ = "indicators"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        CheckConstraint(f"comparator IN ({sql_in(tuple(Comparator))})", name="comparator"),
        CheckConstraint("baseline_year IS NULL OR target_year >= baseline_year", name="years_ordered"),
        CheckConstraint(f"assignment_source IN ({sql_in(tuple(AssignmentSource))})", name="assignment_source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(32), default="")
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[Decimal | None] = mapped_column(IndicatorNumber)
    target_year: Mapped[int] = mapped_column(Integer)
    target_value: Mapped[Decimal] = mapped_column(IndicatorNumber)
    comparator: Mapped[str] = mapped_column(String(4), default=Comparator.GE.value)
    source_text: Mapped[str] = mapped_column(Text, default="")
    # The document names some targets twice, differently: the 专栏2 table's row and the sentence of the text
    # (信息产业销售收入 there, 电子信息产业主营业务收入超过4500亿元 here). Both wordings are kept as the document
    # prints them, and `wordings_differ` says that they disagree (表文表述不一致), rather than choosing one silently.
    table_wording: Mapped[str] = mapped_column(String(200), default="", server_default="")
    text_wording: Mapped[str] = mapped_column(String(500), default="", server_default="")
    wordings_differ: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    responsible_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    # Where the responsible department comes from (tracker.org.assignment): the seed's is the office's default.
    assignment_source: Mapped[str] = mapped_column(
        String(16), default=AssignmentSource.OFFICE.value, server_default=AssignmentSource.OFFICE.value
    )
    goal_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"), index=True)

    plan: Mapped[Plan] = relationship()
    responsible_department: Mapped[Department | None] = relationship()
    goal_item: Mapped[WorkItem | None] = relationship()
    values: Mapped[list[IndicatorValue]] = relationship(back_populates="indicator", order_by="IndicatorValue.year")
    targets: Mapped[list[IndicatorTarget]] = relationship(back_populates="indicator", order_by="IndicatorTarget.year")

    @property
    def assignment_is_default(self) -> bool:
        """Whether the responsible department is the office's unconfirmed default (默认分工，待确认)."""
        return is_default(self.assignment_source)


class IndicatorValue(Base):
    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(IndicatorNumber)
    source: Mapped[str] = mapped_column(String(300), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(DateTime, default=clock.now)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
    entered_by: Mapped[User | None] = relationship()


class IndicatorTarget(TimestampMixin, Base):
    """An indicator's target for one year on the way from its baseline to its final target (年度目标值): entered
    by the office, or proposed on a straight line and then edited (tracker.indicators.trajectory)."""

    __tablename__ = "indicator_targets"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(IndicatorNumber)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    indicator: Mapped[Indicator] = relationship(back_populates="targets")
    set_by: Mapped[User | None] = relationship()
