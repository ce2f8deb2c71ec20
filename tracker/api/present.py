"""Models as JSON values, the pieces every resource shares: times, dates, money, a department, a person, a page.

Times are stored as naive UTC and answered in the configured zone with its offset (2013-06-15T10:30:00+08:00):
the same moment every page shows, unambiguous for a program.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from flask import request

from tracker.api.schemas import INTEGER, MONEY, STRING, component, nullable, obj
from tracker.auth.models import User
from tracker.core.localtime import in_zone, zone
from tracker.core.money import BudgetTotals
from tracker.core.paging import Page
from tracker.org.models import Department

DEPARTMENT_REF = component(
    "DepartmentRef",
    obj({"id": INTEGER, "name": STRING, "short_name": nullable(STRING)}, description="A department, named"),
)
USER_REF = component("UserRef", obj({"id": INTEGER, "display_name": STRING}, description="A person, named"))
BUDGET_TOTALS = component(
    "BudgetTotals",
    obj(
        {"approved": MONEY, "allocated": MONEY, "spent": MONEY},
        description="Approved, allocated and spent amounts (ten thousand yuan, as strings), summed over the years",
    ),
)


def moment(value: datetime | None) -> str | None:
    return in_zone(value, zone()).isoformat(timespec="seconds") if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def budget_totals(totals: BudgetTotals | None) -> dict[str, Any]:
    """Zeroes when there is no budget at all."""
    totals = totals or BudgetTotals()
    return {"approved": money(totals.approved), "allocated": money(totals.allocated), "spent": money(totals.spent)}


def department_ref(department: Department | None) -> dict[str, Any] | None:
    if department is None:
        return None
    return {"id": department.id, "name": department.name, "short_name": department.short_name or None}


def user_ref(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "display_name": user.display_name or user.username}


def page_answer(page: Page, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The list envelope: the rows, where the page is, and links to its neighbours with the same query."""
    return {
        "data": rows,
        "meta": {"page": page.number, "per_page": page.per_page, "total": page.total, "pages": page.pages},
        "links": {
            "self": _page_link(page.number),
            "next": _page_link(page.number + 1) if page.has_next else None,
            "prev": _page_link(page.number - 1) if page.has_prev else None,
        },
    }


def _page_link(number: int) -> str:
    args = [(name, value) for name, value in request.args.items(multi=True) if name != "page"]
    return f"{request.path}?{urlencode([*args, ('page', str(number))])}"
