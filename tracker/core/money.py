"""Budget amounts (万元) and the execution rate, the same everywhere they are shown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from tracker.db import ZERO

TENTH = Decimal("0.1")
CENT = Decimal("0.01")
# Up to 12 digits before the point and 2 after, in half-width digits (re.ASCII: no full-width or Arabic digits).
_PLAIN_AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$", re.ASCII)
# Thousands separators only where they belong, as Excel writes them: "1,234", "12,345,678" (not "1,5" or "12,34").
_GROUPED_WHOLE = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$", re.ASCII)
# Chinese input methods type the full-width comma; it is read as the same separator.
FULL_WIDTH_COMMA = "\uff0c"


def parse_amount(text: str) -> Decimal:
    """An amount in 万元 as typed (0 ≤ x < 10^12, at most two decimals), or ValueError with a message for the user.

    Commas are accepted only as thousands separators ("1,234.5"); anything that a stripped comma would turn into
    another number ("1,5" into 15, "," into 0) is refused. Blank is for the caller to decide.
    """
    raw = text.strip().replace(FULL_WIDTH_COMMA, ",")
    whole, point, fraction = raw.partition(".")
    if "," in whole:
        if not _GROUPED_WHOLE.match(whole):
            raise ValueError(_l("逗号只能用作千位分隔符（如 1,234.5）。请检查金额。"))
        raw = whole.replace(",", "") + point + fraction
    if not _PLAIN_AMOUNT.match(raw):
        raise ValueError(_l("请输入不小于 0 的金额（万元），最多两位小数，使用半角数字。"))
    return Decimal(raw).quantize(CENT)


@dataclass(frozen=True)
class BudgetTotals:
    approved: Decimal = ZERO
    allocated: Decimal = ZERO
    spent: Decimal = ZERO

    @classmethod
    def of(
        cls, approved: Decimal | int | None, allocated: Decimal | int | None, spent: Decimal | int | None
    ) -> BudgetTotals:
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
