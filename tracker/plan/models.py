from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
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
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.core.statuses import Status, progress_constraints, sql_in
from tracker.core.subjects import SubjectType, subject_model
from tracker.db import Base, TimestampMixin, link_table, live_scope
from tracker.org.assignment import AssignmentSource, is_default
from tracker.org.models import Department
from tracker.plan.hierarchy import PATH_MAX, subtree_end
from tracker.plan.outline import shown_number


class ItemKind(StrEnum):
    SECTION = "section"  # a chapter or part of the plan (三、 / (一))
    TASK = "task"  # a main task (1. 以工业信息化为重点推动“两化”深度融合)
    SUBTASK = "subtask"  # a paragraph under a main task
    PLATFORM = "platform"  # a key platform of 专栏3
    GOAL = "goal"  # a specific goal (具体目标)


class ContextKind(StrEnum):
    """Parts of the document that nobody executes: shown on the plan page in document order, never tracked."""

    HEADING = "heading"  # a heading over background parts (一、发展趋势与现实基础, (三)基本原则)
    TREND = "trend"  # 发展趋势
    ACHIEVEMENT = "achievement"  # “十一五”成效
    PROBLEM = "problem"  # 存在的主要问题
    GUIDANCE = "guidance"  # 指导思想
    PRINCIPLE = "principle"  # 基本原则 1.–5.
    BOX = "box"  # a 专栏 of background (专栏1)
    BOX_ENTRY = "box_entry"  # a ● entry of such a box
    INDICATOR_TABLE = "indicator_table"  # the 专栏 that tabulates the indicators (专栏2): the register shows its rows


class Plan(TimestampMixin, Base):
    __tablename__ = "plans"
    __table_args__ = (CheckConstraint("end_year >= start_year", name="period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    preamble: Mapped[str] = mapped_column(Text, default="")


work_item_supporting_departments = link_table(
    "work_item_supporting_departments", ("work_item_id", "work_items.id"), ("department_id", "departments.id")
)


@subject_model
class WorkItem(TimestampMixin, Base):
    __tablename__ = "work_items"
    __table_args__ = (
        UniqueConstraint("plan_id", "seed_key"),
        *progress_constraints(),
        CheckConstraint("weight >= 0", name="weight_nonnegative"),
        CheckConstraint(f"kind IN ({sql_in(tuple(ItemKind))})", name="kind"),
        CheckConstraint(f"assignment_source IN ({sql_in(tuple(AssignmentSource))})", name="assignment_source"),
        # The overdue query: due before today and not closed, per plan.
        Index("ix_work_items_overdue", "plan_id", "due_date", "status"),
        Index("ix_work_items_parent_order", "parent_id", "sort_order"),
        # A subtree is a range of paths; plan order is path order; the tree page reads its top levels by depth.
        Index("ix_work_items_plan_path", "plan_id", "path"),
        Index("ix_work_items_plan_depth", "plan_id", "depth", "path"),
        # Covers the overdue and stale counts over a whole plan, per department too (the dashboard's department
        # rows, the review queue's narrow rows), so they need not read the wide rows.
        Index(
            "ix_work_items_clocks",
            "plan_id",
            "retired",
            "lead_department_id",
            "status",
            "due_date",
            "start_date",
            "last_update_at",
            "created_at",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"))
    kind: Mapped[str] = mapped_column(String(16))
    outline_no: Mapped[str] = mapped_column(String(16), default="")
    # True when the outline number is the tracker's, not the document's (the document numbers none of the
    # paragraphs under a task): pages and exports mark such numbers so nobody cites them as the plan's.
    outline_added: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    seed_key: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    # The name people use for the item (两化融合, 数字兴农): shown beside the title, found by search.
    short_name: Mapped[str] = mapped_column(String(40), default="", server_default="")
    mandate: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    lead_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    assignment_source: Mapped[str] = mapped_column(
        String(16), default=AssignmentSource.OFFICE.value, server_default=AssignmentSource.OFFICE.value
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED.value)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("1.00"))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    live = live_scope()
    # Maintained by the updates feature when a status update is posted (see DESIGN: no upward import).
    last_update_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Derived columns, kept up to date at every flush by tracker.plan.hierarchy_sync (never set them by hand):
    # the materialized path and depth (tracker.plan.hierarchy) and the progress rolled up from the live children
    # (the item's own progress for a leaf). With them the tree and item pages read a subtree with one indexed
    # range instead of loading the whole plan.
    path: Mapped[str] = mapped_column(String(PATH_MAX), default="")
    depth: Mapped[int] = mapped_column(Integer, default=0)
    rollup_progress: Mapped[Decimal] = mapped_column(Numeric(4, 1), default=Decimal("0.0"))

    __mapper_args__ = {"version_id_col": version}

    plan: Mapped[Plan] = relationship()
    parent: Mapped[WorkItem | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[WorkItem]] = relationship(back_populates="parent", order_by="WorkItem.sort_order")
    lead_department: Mapped[Department | None] = relationship()
    owner: Mapped[User | None] = relationship()
    supporting_departments: Mapped[list[Department]] = relationship(
        secondary=work_item_supporting_departments, order_by=Department.sort_order
    )

    # A subject (tracker.core.subjects): what status updates, reviews and audit rows belong to.
    subject_type: ClassVar[SubjectType] = SubjectType.WORK_ITEM

    @hybrid_property
    def responsible_department_id(self) -> int | None:
        return self.lead_department_id

    @hybrid_property
    def responsible_department(self) -> Department | None:
        return self.lead_department

    @hybrid_property
    def display_title(self) -> str:
        return self.title

    @property
    def shown_outline_no(self) -> str:
        """The item's own number as pages and exports show it (an added one in 〔 〕: tracker.plan.outline)."""
        return shown_number(self.outline_no, self.outline_added)

    @classmethod
    def page_url(cls, subject_id: int) -> str:
        return url_for("plan.item", item_id=subject_id)

    @classmethod
    def in_plan(cls, plan_id: int) -> ColumnElement[bool]:
        return cls.plan_id == plan_id

    @property
    def url(self) -> str:
        return self.page_url(self.id)

    @property
    def assignment_is_default(self) -> bool:
        """Whether the item's departments are the office's unconfirmed default (默认分工，待确认)."""
        return is_default(self.assignment_source)

    @classmethod
    def live_in(cls, plan_id: int) -> ColumnElement[bool]:
        """The plan's live items: what the tree, the dashboard, the queue and the exports read by default."""
        return and_(cls.plan_id == plan_id, cls.live)

    @classmethod
    def in_subtree_of(cls, item: WorkItem) -> ColumnElement[bool]:
        """The item and everything below it: one indexed range of materialized paths (tracker.plan.hierarchy)."""
        return and_(cls.plan_id == item.plan_id, cls.path >= item.path, cls.path < subtree_end(item.path))

    def is_below(self, item: WorkItem) -> bool:
        """Whether this item sits in `item`'s subtree (the item itself included), by the stored paths."""
        return self.plan_id == item.plan_id and self.path.startswith(item.path)

    def __repr__(self) -> str:
        return f"<WorkItem {self.id} {self.seed_key or ''}>"


class ItemMilestone(TimestampMixin, Base):
    """A work item's yearly milestone (年度目标): the progress it should reach by the end of `year`, a short
    deliverable, or both. The rules (a year in the plan's period and the item's span, targets that never fall)
    are tracker.plan.milestone_rules'; "behind this year's milestone" is tracker.plan.milestones'."""

    __tablename__ = "work_item_milestones"
    __table_args__ = (
        UniqueConstraint("work_item_id", "year"),
        CheckConstraint("target_progress IS NULL OR (target_progress >= 0 AND target_progress <= 100)", name="pct"),
        CheckConstraint("target_progress IS NOT NULL OR deliverable <> ''", name="says_something"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    target_progress: Mapped[int | None] = mapped_column(Integer)
    deliverable: Mapped[str] = mapped_column(String(200), default="", server_default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    work_item: Mapped[WorkItem] = relationship()
    set_by: Mapped[User | None] = relationship()


class WorkItemSearchText(Base):
    """An item's short name, title and mandate folded for search (tracker.plan.hierarchy.search_text), kept by
    tracker.plan.hierarchy_sync. A table of its own, so that a search scans these short texts and not the items'
    wide rows. `names` (short name and title only) ranks a match of the names people use above a match that
    only the mandate holds."""

    __tablename__ = "work_item_search_texts"

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    # Text, not a String(n): NFKC spells some single characters out (㎡ → m2, ㍿ → 株式会社, ﷺ → 15 letters), so a
    # folded title and short name can be many times as long as the 340 characters typed.
    names: Mapped[str] = mapped_column(Text, default="")


class PlanContext(TimestampMixin, Base):
    """A part of the document nobody executes: background (trends, past results, problems), the guiding thought,
    the principles, the boxes that are not work.

    It sits where the document has it: under another context (`parent`), under a section item (`work_item`), or
    at the top of the plan (neither). `sort_order` is its place among that parent's children, work items and
    contexts counted together, so the plan page reads every part in document order.
    """

    __tablename__ = "plan_contexts"
    __table_args__ = (
        UniqueConstraint("plan_id", "seed_key"),
        CheckConstraint(f"kind IN ({sql_in(tuple(ContextKind))})", name="kind"),
        CheckConstraint("parent_id IS NULL OR work_item_id IS NULL", name="one_parent"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    kind: Mapped[str] = mapped_column(String(16))
    seed_key: Mapped[str] = mapped_column(String(120))
    outline_no: Mapped[str] = mapped_column(String(16), default="")
    # As WorkItem.outline_added: the number is the tracker's (the document prints 一、's heading without it).
    outline_added: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plan_contexts.id"), index=True)
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"), index=True)

    parent: Mapped[PlanContext | None] = relationship(remote_side=[id])
    work_item: Mapped[WorkItem | None] = relationship()
