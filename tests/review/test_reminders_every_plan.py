"""`flask reminders` with several plans: without --plan it covers every plan, each plan's part headed by its title,
and with --send notifies each department once per plan (the notification names the plan); --plan CODE covers that
plan only.

The plans are those of tests/plan/test_several_plans.py: ALPHA (the default, loaded first) and BETA, each with an
overdue item led by department A and an unreported item led by department B."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.plan.test_several_plans import ALPHA, BETA, plans  # noqa: F401 (fixture)
from tests.review.test_reminders import run
from tracker.notifications.models import Notification

ALPHA_HEADING = "规划：甲规划（十二五）（alpha-2011）"
BETA_HEADING = "规划：乙规划（十三五）（beta-2016）"


def _parts(output: str) -> tuple[str, str]:
    """The output's part for ALPHA and the one for BETA, in the order the plans were loaded."""
    assert output.count(ALPHA_HEADING) == 1 and output.count(BETA_HEADING) == 1, output
    alpha, beta = output.split(BETA_HEADING)
    return alpha.split(ALPHA_HEADING)[1], beta


def test_without_plan_every_plan_is_covered_under_its_title(app, plans):  # noqa: F811
    result = run(app, "--today", "2013-06-15")
    assert result.exit_code == 0, result.output
    alpha, beta = _parts(result.output)
    assert "ALPHA逾期任务" in alpha and "ALPHA正常任务" in alpha and "BETA" not in alpha
    assert "BETA逾期任务" in beta and "BETA正常任务" in beta and "ALPHA" not in beta
    for part in (alpha, beta):
        assert "【杭州市经济和信息化委员会】" in part and "【杭州市发展和改革委员会】" in part


def test_a_quiet_plan_says_so_under_its_own_title(app, plans, make):  # noqa: F811
    quiet = make.plan(code="gamma-2021", title="丙规划（十四五）", start_year=2021, end_year=2025)
    make.item(quiet, title="GAMMA任务", due_date=date(2025, 12, 31))  # no department to remind
    result = run(app, "--today", "2013-06-15")
    assert result.exit_code == 0, result.output
    alpha, beta = _parts(result.output.split("规划：丙规划（十四五）（gamma-2021）")[0])
    assert "ALPHA逾期任务" in alpha and "BETA逾期任务" in beta
    gamma = result.output.split("规划：丙规划（十四五）（gamma-2021）")[1]
    assert gamma.strip().splitlines()[0] == "2013-06-15：各部门均已按期报送，没有逾期事项。"


def test_a_chosen_plan_is_the_only_one_covered(app, plans):  # noqa: F811
    result = run(app, "--today", "2013-06-15", "--plan", BETA)
    assert result.exit_code == 0, result.output
    assert BETA_HEADING in result.output and ALPHA_HEADING not in result.output
    assert "BETA逾期任务" in result.output and "ALPHA" not in result.output


def test_the_help_says_what_a_run_without_plan_covers(app):
    output = run(app, "--help").output
    assert "every plan" in output and "--plan" in output


def test_each_plans_departments_are_notified_naming_the_plan(app, plans, session):  # noqa: F811
    """The period before 2013-06-15 (May) closed with reports missing in both plans: each plan's departments hear of
    it once per plan, under that plan's title."""
    result = run(app, "--today", "2013-06-15", "--send")
    assert result.exit_code == 0, result.output
    assert "已通知（甲规划（十二五））" in result.output and "已通知（乙规划（十三五））" in result.output
    titles = set(
        session.scalars(
            select(Notification.title).where(
                Notification.kind == "reports_missing", Notification.user_id.in_([plans.lead_a.id, plans.lead_b.id])
            )
        )
    )
    assert any(t.startswith("甲规划（十二五） 2013年5月") for t in titles)
    assert any(t.startswith("乙规划（十三五） 2013年5月") for t in titles)
