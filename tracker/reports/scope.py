"""What every section of a report needs to know: the plan, the period, the scope, the day it is written.

A department's scope is the plan tree's department filter (the items it leads or supports), the rule the
dashboard's summary (tracker.dashboard.summary) and a department's tasks.xlsx follow, so the report, the
汇总 sheet and the export count the same items. Reporting compliance and indicators belong to one department each
(the lead, the responsible department) and follow that.

Overdue, stale, status and progress are as they stand on `today` (the tracker keeps no past state of an item);
what happened in the period (reports filed, changes, the latest note by its end) comes from the journal of status
updates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_

from tracker.org.models import Department
from tracker.plan.models import Plan, WorkItem
from tracker.plan.tree_filters import TreeFilters, match_clause
from tracker.reports.periods import ReportPeriod


@dataclass(frozen=True)
class ReportScope:
    plan: Plan
    period: ReportPeriod
    department: Department | None
    today: date
    stale_days: int

    @property
    def department_id(self) -> int | None:
        return self.department.id if self.department is not None else None

    def items(self) -> ColumnElement[bool]:
        """The plan's live items in scope, as SQL over work_items."""
        if self.department is None:
            return WorkItem.live_in(self.plan.id)
        department_filter = TreeFilters(department_id=self.department.id)
        return and_(WorkItem.live_in(self.plan.id), match_clause(department_filter, self.today, self.stale_days))
