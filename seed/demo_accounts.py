"""The demo's user accounts: one per role, and a lead and a member for the busiest departments."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from seed import demo_text as text
from tracker.auth.models import Role, User
from tracker.auth.services import NewUser, create_user
from tracker.org.models import Department, DepartmentKind
from tracker.plan.models import ItemKind, WorkItem

LEAD_DEPARTMENTS = 4  # departments that get a lead and a member account
TASK_KINDS = (ItemKind.TASK.value, ItemKind.SUBTASK.value, ItemKind.PLATFORM.value)
ADMIN_DISPLAY_NAME = "系统管理员"
# Demo accounts' mail addresses are in the reserved .example domain: their mail waits in the outbox, reaches nobody.
DEMO_MAIL_DOMAIN = "tracker.example"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    department: str
    display_name: str
    password: str


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    department: Department | None


@dataclass
class Cast:
    """The demo accounts, and who owns and who reports what."""

    office: User
    leads: dict[int, User]  # by department id
    members: dict[int, User]
    logins: list[DemoLogin]

    def owner(self, department_id: int | None) -> User | None:
        """The lead of the department; the office user for the office's own work; else nobody."""
        if department_id is None:
            return None
        if department_id == self.office.department_id:
            return self.office
        return self.leads.get(department_id)

    def reporter(self, rng: random.Random, department_id: int | None, leaf: bool) -> User:
        """Members write most reports on their department's work, leads the rest and the summaries of parent
        items; the office reports for departments without a demo account (it collects those reports)."""
        if department_id is None or department_id not in self.leads:
            return self.office
        if leaf and rng.random() < 0.7:
            return self.members[department_id]
        return self.leads[department_id]


def office_department(departments: Iterable[Department]) -> Department | None:
    """市信息化办公室 (named with or without the city) if present, else the first office-kind department."""
    departments = list(departments)
    for department in departments:
        if department.name.endswith("信息化办公室"):
            return department
    return next((d for d in departments if d.kind == DepartmentKind.OFFICE.value), None)


def account_specs(departments: list[Department], items: Iterable[WorkItem]) -> list[AccountSpec]:
    """Every demo account, decided before anything is written (so that existing ones can be refused)."""
    office = office_department(departments)
    led: dict[int, int] = defaultdict(int)
    for item in items:
        if item.kind in TASK_KINDS and item.lead_department_id is not None:
            led[item.lead_department_id] += 1
    busiest = sorted((d for d in departments if led[d.id]), key=lambda d: (-led[d.id], d.sort_order, d.code))
    specs = [AccountSpec("admin", Role.ADMIN.value, office), AccountSpec("office", Role.OFFICE.value, office)]
    taken = {"admin", "office", "viewer"}
    for index, department in enumerate(busiest[:LEAD_DEPARTMENTS], start=1):
        # Readable ASCII names from the department code ("lead.jxw"); a number where codes collide or are not ASCII.
        slug = re.sub(r"[^a-z0-9]", "", department.code.lower()) or f"dept{index}"
        if f"lead.{slug}" in taken:
            slug = f"{slug}{index}"
        taken.add(f"lead.{slug}")
        specs.append(AccountSpec(f"lead.{slug}", Role.LEAD.value, department))
        specs.append(AccountSpec(f"member.{slug}", Role.MEMBER.value, department))
    specs.append(AccountSpec("viewer", Role.VIEWER.value, None))
    return specs


def create_accounts(rng: random.Random, specs: list[AccountSpec], password: str) -> Cast:
    """Through tracker.auth.services.create_user, so the password rules and the audit log apply."""
    users: dict[str, User] = {}
    logins: list[DemoLogin] = []
    for spec in specs:
        display = ADMIN_DISPLAY_NAME if spec.role == Role.ADMIN.value else text.person_name(rng)
        email = f"{spec.username}@{DEMO_MAIL_DOMAIN}"
        users[spec.username] = create_user(
            NewUser(spec.username, password, spec.role, display_name=display, department=spec.department, email=email)
        )
        department = spec.department.name if spec.department else ""
        logins.append(DemoLogin(spec.username, spec.role, department, display, password))
    by_role = [(u.role, u.department_id, u) for u in users.values() if u.department_id is not None]
    return Cast(
        office=users["office"],
        leads={department: u for role, department, u in by_role if role == Role.LEAD.value},
        members={department: u for role, department, u in by_role if role == Role.MEMBER.value},
        logins=logins,
    )
