from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from flask import url_for
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import Label

from tracker.auth.models import User
from tracker.core.statuses import Status, progress_constraints
from tracker.core.subjects import SubjectType, subject_model
from tracker.db import ZERO, Base, Money, TimestampMixin, link_table, live_scope
from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem

# Further work items a project serves besides its primary one.
project_work_items = link_table("project_work_items", ("project_id", "projects.id"), ("work_item_id", "work_items.id"))


@subject_model
class Project(TimestampMixin, Base):
    __tablename__ = "projects"
    __table_args__ = (
        *progress_constraints(),
        Index("ix_projects_overdue", "due_date", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    fund_source: Mapped[str] = mapped_column(String(100), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED.value)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    live = live_scope()
    last_update_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    department: Mapped[Department] = relationship()
    owner: Mapped[User | None] = relationship()
    work_item: Mapped[WorkItem] = relationship()
    linked_items: Mapped[list[WorkItem]] = relationship(secondary=project_work_items)
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="project", order_by="BudgetLine.year", cascade="all, delete-orphan"
    )

    # A subject (tracker.core.subjects): what status updates, reviews and audit rows belong to.
    subject_type: ClassVar[SubjectType] = SubjectType.PROJECT

    @hybrid_property
    def responsible_department_id(self) -> int | None:
        return self.department_id

    @hybrid_property
    def responsible_department(self) -> Department:
        return self.department

    @hybrid_property
    def display_title(self) -> str:
        return self.name

    @hybrid_property
    def outline_no(self) -> str:
        """A project has no number in the plan's outline; it answers like an item without one."""
        return ""

    @outline_no.inplace.expression
    @classmethod
    def _outline_no_expression(cls) -> ColumnElement[str]:
        return literal_column("''")

    @classmethod
    def page_url(cls, subject_id: int) -> str:
        return url_for("projects.detail", project_id=subject_id)

    @classmethod
    def in_plan(cls, plan_id: int) -> ColumnElement[bool]:
        # A lookup by primary key per project: cheaper than listing every item id of the plan.
        return select(WorkItem.plan_id).where(WorkItem.id == cls.work_item_id).scalar_subquery() == plan_id

    @property
    def url(self) -> str:
        return self.page_url(self.id)

    @property
    def plan(self) -> Plan:
        """The plan the project serves: its primary work item's."""
        return self.work_item.plan


class BudgetLine(Base):
    """One year of a project's money, in 万元."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("project_id", "year"),
        CheckConstraint("approved >= 0 AND allocated >= 0 AND spent >= 0", name="amounts_nonnegative"),
        CheckConstraint("year >= 2000 AND year <= 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    approved: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    allocated: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    spent: Mapped[Decimal] = mapped_column(Money, default=ZERO)

    project: Mapped[Project] = relationship(back_populates="budget_lines")

    @classmethod
    def sums(cls) -> tuple[Label[Decimal], Label[Decimal], Label[Decimal]]:
        """approved, allocated and spent summed over the lines a query groups (NULL over none: read the row with
        core.money.BudgetTotals.of, which counts that as zero)."""
        return (
            func.sum(cls.approved).label("approved"),
            func.sum(cls.allocated).label("allocated"),
            func.sum(cls.spent).label("spent"),
        )
