from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.statuses import sql_in
from tracker.db import Base, TimestampMixin
from tracker.org.assignment import AssignmentSource, is_default
from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem

IndicatorNumber = Numeric(18, 4, asdecimal=True)


class Comparator(StrEnum):
    GE = "ge"  # 超过 / 以上 / 达到: at least the target
    LE = "le"  # at most the target
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
