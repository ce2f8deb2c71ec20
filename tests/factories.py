"""Small factories for building rows in tests with sensible defaults."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from tracker.auth.passwords import hash_password
from tracker.models import BudgetLine, Department, Plan, Project, User, WorkItem

PASSWORD = "correct horse battery"


class Factories:
    def __init__(self, session, seq) -> None:
        self.session = session
        self.seq = seq

    def _n(self) -> int:
        return next(self.seq)

    def department(self, **kw) -> Department:
        n = self._n()
        dept = Department(
            code=kw.pop("code", f"D{n}"),
            name=kw.pop("name", f"部门{n}"),
            short_name=kw.pop("short_name", f"部门{n}"),
            **kw,
        )
        self.session.add(dept)
        self.session.flush()
        return dept

    def user(self, role: str = "lead", department: Department | None = None, **kw) -> User:
        n = self._n()
        if department is None and role in ("lead", "member"):
            department = self.department()
        user = User(
            username=kw.pop("username", f"user{n}"),
            display_name=kw.pop("display_name", f"用户{n}"),
            password_hash=hash_password(kw.pop("password", PASSWORD)),
            role=role,
            department=department,
            **kw,
        )
        self.session.add(user)
        self.session.flush()
        return user

    def plan(self, **kw) -> Plan:
        n = self._n()
        plan = Plan(
            code=kw.pop("code", f"plan-{n}"),
            title=kw.pop("title", f"规划{n}"),
            start_year=kw.pop("start_year", 2011),
            end_year=kw.pop("end_year", 2015),
            **kw,
        )
        self.session.add(plan)
        self.session.flush()
        return plan

    def item(self, plan: Plan, parent: WorkItem | None = None, **kw) -> WorkItem:
        n = self._n()
        item = WorkItem(
            plan=plan,
            parent=parent,
            kind=kw.pop("kind", "task"),
            title=kw.pop("title", f"任务{n}"),
            outline_no=kw.pop("outline_no", f"{n}."),
            sort_order=kw.pop("sort_order", n),
            created_at=kw.pop("created_at", datetime(2011, 1, 1)),
            **kw,
        )
        self.session.add(item)
        self.session.flush()
        return item

    def project(self, item: WorkItem, department: Department, **kw) -> Project:
        n = self._n()
        project = Project(work_item=item, department=department, name=kw.pop("name", f"项目{n}"), **kw)
        self.session.add(project)
        self.session.flush()
        return project

    def budget(self, project: Project, year: int, approved="0", allocated="0", spent="0") -> BudgetLine:
        line = BudgetLine(
            project=project, year=year, approved=Decimal(approved), allocated=Decimal(allocated), spent=Decimal(spent)
        )
        self.session.add(line)
        self.session.flush()
        return line


__all__ = ["PASSWORD", "Factories", "date"]
