from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

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

    def __repr__(self) -> str:
        return f"<Department {self.code}>"
