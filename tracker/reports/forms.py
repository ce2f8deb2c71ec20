"""The report's choices, read from the query string: the kind of period, the period, the scope.

A GET form that changes nothing, so without a CSRF token, like the other filter forms. The period's choices are
the periods of the chosen kind the plan has had up to today (tracker.reports.periods); every bad field gets its
own message at once.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError as FieldError

from tracker.auth.admin_forms import choice_field, choices, department_choices
from tracker.org.models import Department
from tracker.plan.models import Plan
from tracker.reports.periods import ALL, HALF, MONTH, QUARTER, YEAR, ReportPeriod, default_period, parse_report_period
from tracker.reports.periods import report_periods as periods_of_kind

KIND_CHOICES = [
    (MONTH, _l("月")),
    (QUARTER, _l("季度")),
    (HALF, _l("半年")),
    (YEAR, _l("年度")),
    (ALL, _l("规划实施以来")),
]
NO_SUCH_PERIOD = _l("没有这个报告期：请选择规划期内、已经开始的一个报告期。")
OTHER_KIND = _l("这个报告期不是所选的报告类型：请重新选择报告期。")


class ReportForm(FlaskForm):
    class Meta:
        csrf = False

    kind = choice_field(_l("报告类型"), KIND_CHOICES, default=QUARTER)
    # Checked by validate_period, with a message that says what is wrong with it.
    period = choice_field(_l("报告期"), validate_choice=False)
    department = choice_field(_l("报告范围"))

    def prepare(self, plan: Plan, today: date, departments: list[Department], *, follow_kind: bool) -> None:
        """Choices for `plan` as of `today`. With `follow_kind` (the page), a period of another kind than the one
        chosen gives way to that kind's latest period: that is how the page changes kind. A download's link names
        both, so there they must agree."""
        self._plan, self._today = plan, today
        self.department.choices = department_choices(departments, _l("全部规划"))
        kind = self.kind.data if self.kind.data in dict(KIND_CHOICES) else QUARTER
        periods = periods_of_kind(plan, today, kind)
        self.period.choices = choices([(period.key, period.label) for period in periods])
        chosen = parse_report_period(self.period.data or "", plan, today)
        if not self.period.data or (follow_kind and chosen is not None and chosen.kind != kind):
            self.period.data = _latest(plan, today, kind, periods).key

    def validate_period(self, field) -> None:
        chosen = parse_report_period(field.data or "", self._plan, self._today)
        if chosen is None:
            raise FieldError(NO_SUCH_PERIOD)
        if chosen.kind != self.kind.data and not self.kind.errors:
            raise FieldError(OTHER_KIND)

    def chosen_period(self) -> ReportPeriod:
        period = parse_report_period(self.period.data, self._plan, self._today)
        assert period is not None  # validated
        return period

    def department_id(self) -> int | None:
        return int(self.department.data) if self.department.data else None


def _latest(plan: Plan, today: date, kind: str, periods: list[ReportPeriod]) -> ReportPeriod:
    """A quarter defaults to the last finished one (what an office reports on); other kinds to the newest."""
    if kind == QUARTER:
        return default_period(plan, today)
    return periods[0] if periods else default_period(plan, today)
