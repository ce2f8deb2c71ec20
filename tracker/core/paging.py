"""Page-by-page listing in two statements (a count and one page of rows), whatever the table's size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from tracker.extensions import db


@dataclass
class Page:
    rows: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(query: Select[*tuple[Any, ...]], number: int, per_page: int, *, scalars: bool = False) -> Page:
    """`query` must already be ordered; a page number past the end shows the last page."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    number = min(max(1, number), max(1, -(-total // per_page)))
    sliced = query.limit(per_page).offset((number - 1) * per_page)
    result = db.session.execute(sliced)
    rows = list(result.scalars().unique()) if scalars else list(result.all())
    return Page(rows=rows, number=number, per_page=per_page, total=total)
