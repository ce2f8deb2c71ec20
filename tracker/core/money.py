"""Budget amounts (万元) and the execution rate, the same everywhere they are shown."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tracker.db import ZERO

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class BudgetTotals:
    approved: Decimal = ZERO
    allocated: Decimal = ZERO
    spent: Decimal = ZERO

    @classmethod
    def of(cls, approved, allocated, spent) -> BudgetTotals:
        """From SQL sums, which are NULL where there are no budget lines."""
        return cls(Decimal(approved or 0), Decimal(allocated or 0), Decimal(spent or 0))

    def __add__(self, other: BudgetTotals) -> BudgetTotals:
        return BudgetTotals(self.approved + other.approved, self.allocated + other.allocated, self.spent + other.spent)

    @property
    def execution_rate(self) -> Decimal | None:
        """Spent as a percentage of allocated, rounded half up as finance staff do; None when nothing is allocated."""
        if not self.allocated:
            return None
        return (self.spent * 100 / self.allocated).quantize(TENTH, ROUND_HALF_UP)
