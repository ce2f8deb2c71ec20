from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core import clock
from tracker.core.statuses import sql_in
from tracker.db import Base, TimestampMixin


class DepartmentKind(StrEnum):
    BUREAU = "bureau"  # 市直部门 (municipal bureau)
    DISTRICT = "district"  # 区、县（市）
    OFFICE = "office"  # 办公室 / 领导小组办公室


class Department(TimestampMixin, Base):
    __tablename__ = "departments"
    __table_args__ = (CheckConstraint(f"kind IN ({sql_in(tuple(DepartmentKind))})", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16), default=DepartmentKind.BUREAU.value)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Members' reports are drafts until the department's lead signs them off (tracker.updates.sign_off).
    reports_need_sign_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # Names it had before (曾用名), newest first: a plan issued in 2011 names the body as it was called then.
    former_names: Mapped[list[DepartmentFormerName]] = relationship(
        back_populates="department", order_by="(DepartmentFormerName.until.desc(), DepartmentFormerName.id.desc())"
    )

    def __repr__(self) -> str:
        return f"<Department {self.code}>"


class DepartmentFormerName(Base):
    """A name a department carried until an admin renamed it; written in the rename's transaction, never edited."""

    __tablename__ = "department_former_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40))
    until: Mapped[datetime] = mapped_column(DateTime, default=clock.now)  # UTC: when the new name took over
    # Who renamed it: the account (a string FK keeps org free of imports from auth) and the name it showed then.
    renamed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    renamed_by: Mapped[str] = mapped_column(String(100), default="")

    department: Mapped[Department] = relationship(back_populates="former_names")
