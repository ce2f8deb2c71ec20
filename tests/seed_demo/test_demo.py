import itertools
from datetime import date, datetime
from importlib.util import find_spec

import pytest
from sqlalchemy import func, select

from seed.demo import DEMO_PASSWORD, _display_width, generate_demo
from tests.conftest import TODAY
from tests.factories import Factories
from tests.seed_demo import checks
from tests.seed_demo.builders import build_plan
from tracker import create_app
from tracker.auth.models import User
from tracker.auth.passwords import verify_password
from tracker.core.errors import TrackerError, ValidationError
from tracker.extensions import db
from tracker.models import Project, WorkItem
from tracker.review.models import Review

AFTER_PLAN = date(2026, 11, 29)  # long after the plan period, as in production today


@pytest.fixture
def plan(make):
    return build_plan(make)


def test_refuses_without_a_plan(session, make):
    make.department()
    with pytest.raises(TrackerError) as error:
        generate_demo(1, today=TODAY)
    assert "flask seed plan" in error.value.message


def test_accounts_for_every_role_with_the_demo_password(plan):
    result = generate_demo(1, today=TODAY)
    checks.check_accounts()
    names = {login.username for login in result.logins}
    assert {"admin", "office", "viewer", "lead.jxw", "member.jxw", "lead.swj"} <= names
    assert names == set(db.session.scalars(select(User.username)))
    for user in db.session.scalars(select(User)):
        assert verify_password(user.password_hash, DEMO_PASSWORD)
    assert "lead.lw" not in names  # 市旅委 leads one item: not among the four busiest departments


def test_a_given_password_is_used_and_checked(plan):
    generate_demo(1, password="another long password", today=TODAY)
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    assert verify_password(admin.password_hash, "another long password")


def test_a_short_password_is_refused_before_anything_is_written(plan):
    with pytest.raises(ValidationError):
        generate_demo(1, password="short", today=TODAY)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_owners_are_the_leads_of_the_lead_departments(plan):
    generate_demo(2, today=TODAY)
    for item in checks.plan_items(plan):
        if item.lead_department is None:
            assert item.owner is None
        elif item.lead_department.code in ("jxw", "swj", "fgw", "nyj"):
            assert item.owner.username == f"lead.{item.lead_department.code}"
        elif item.lead_department.code == "xxb":
            assert item.owner.username == "office"
        else:
            assert item.owner is None


def test_projects_and_budgets_on_task_level_items(plan):
    result = generate_demo(3, today=TODAY)
    checks.check_projects(plan)
    assert result.projects == db.session.scalar(select(func.count(Project.id)))
    assert result.budget_lines == 5 * result.projects
    inherited = db.session.scalar(select(WorkItem).where(WorkItem.title == "优化电子商务发展环境"))
    assert {p.department.code for p in db.session.scalars(select(Project).where(Project.work_item == inherited))} == {
        "swj"
    }


def test_history_relative_to_a_day_inside_the_plan(plan):
    result = generate_demo(3, today=TODAY)
    overdue, stale, on_time, completed = checks.check_clocks(plan, TODAY)
    assert (result.overdue, result.stale, result.on_time, result.completed) == (overdue, stale, on_time, completed)
    checks.check_journals(TODAY)
    checks.check_rollups(plan, TODAY)
    checks.check_extensions()


def test_history_relative_to_a_day_after_the_plan(plan):
    generate_demo(5, today=AFTER_PLAN)
    checks.check_clocks(plan, AFTER_PLAN)
    checks.check_journals(AFTER_PLAN)
    checks.check_rollups(plan, AFTER_PLAN)
    checks.check_extensions()
    # After 2015 work is on time only because the office granted more time.
    open_leaves = [i for i in checks.project_items(plan) if i.status not in ("completed", "suspended")]
    extended = {r.work_item_id for r in db.session.scalars(select(Review))}
    assert extended and all(i.id in extended for i in open_leaves if i.due_date >= AFTER_PLAN)


def test_dates_the_plan_sets_itself_are_kept(plan):
    generate_demo(3, today=TODAY)
    own = db.session.scalar(select(WorkItem).where(WorkItem.title == "建设杭州市信息安全测评中心"))
    assert own.start_date == date(2011, 3, 1)
    extensions = select(Review).where(Review.work_item == own, Review.outcome == "extension")
    reviews = list(db.session.scalars(extensions))
    assert own.due_date == (reviews[0].new_due_date if reviews else date(2012, 12, 31))
    spread = {i.due_date.year for i in checks.project_items(plan)}
    assert len(spread) >= 3, "demo schedules spread the task-level due dates over the period"


def test_a_second_run_is_refused(plan):
    generate_demo(1, today=TODAY)
    users = db.session.scalar(select(func.count(User.id)))
    with pytest.raises(TrackerError) as error:
        generate_demo(2, today=TODAY)
    assert "admin" in error.value.message
    assert db.session.scalar(select(func.count(User.id))) == users


def test_existing_projects_are_refused(plan, make, session):
    item = checks.project_items(plan)[0]
    make.project(item, item.lead_department)
    with pytest.raises(TrackerError) as error:
        generate_demo(1, today=TODAY)
    assert "项目" in error.value.message


def _fingerprint_in_fresh_database(seed: int) -> str:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", TRACKER_TODAY=TODAY.isoformat())
    with app.app_context():
        try:
            db.create_all()
            build_plan(Factories(db.session, itertools.count(1)))
            generate_demo(seed)
            db.session.commit()
            return checks.fingerprint()
        finally:
            db.session.remove()
            db.engine.dispose()


def test_same_seed_same_data_in_two_databases():
    first, second = _fingerprint_in_fresh_database(7), _fingerprint_in_fresh_database(7)
    assert first == second
    assert _fingerprint_in_fresh_database(8) != first


def test_cli_prints_the_logins(app, plan, session):
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--seed", "3"])
    assert result.exit_code == 0, result.output
    for text in ("admin", "office", "lead.jxw", "member.jxw", "viewer", DEMO_PASSWORD, "杭州市经济和信息化委员会"):
        assert text in result.output
    assert session.scalar(select(func.count(Project.id))) > 0


def test_cli_explains_a_missing_plan(app, session):
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--seed", "3"])
    assert result.exit_code != 0
    assert "flask seed plan" in result.output


def test_summary_lines_up_chinese_columns(plan):
    lines = generate_demo(1, today=TODAY).summary().splitlines()
    header = next(i for i, line in enumerate(lines) if "用户名" in line)
    column = _display_width(lines[header][: lines[header].index("密码")])
    rows = lines[header + 1 :]
    assert len(rows) == 11
    assert all(_display_width(row[: row.index(DEMO_PASSWORD)]) == column for row in rows)


needs_seed = pytest.mark.skipif(
    find_spec("tracker.seeding.loader") is None, reason="tracker.seeding.loader (the real plan seed) is not written yet"
)


@needs_seed
def test_real_seed_on_every_database(any_session):
    from tracker.plan.services import current_plan
    from tracker.seeding.cli import DEFAULT_SEED_DIR
    from tracker.seeding.loader import load_seed_dir

    load_seed_dir(DEFAULT_SEED_DIR)
    result = generate_demo(1, today=AFTER_PLAN)
    plan = current_plan()
    assert result.projects >= 2 * len(checks.project_items(plan))
    checks.check_accounts()
    checks.check_projects(plan)
    checks.check_clocks(plan, AFTER_PLAN)
    checks.check_journals(AFTER_PLAN)
    checks.check_rollups(plan, AFTER_PLAN)
    checks.check_extensions()


@needs_seed
def test_real_seed_relative_to_the_test_day(session):
    from tracker.plan.services import current_plan
    from tracker.seeding.cli import DEFAULT_SEED_DIR
    from tracker.seeding.loader import load_seed_dir

    load_seed_dir(DEFAULT_SEED_DIR)
    generate_demo(3, today=TODAY)
    plan = current_plan()
    checks.check_clocks(plan, TODAY)
    checks.check_journals(TODAY)
    checks.check_rollups(plan, TODAY)


@needs_seed
def test_without_a_pinned_date_the_demo_is_a_plan_in_progress(app, session, monkeypatch):
    """Seeded on the real clock (2026) a 2011-2015 plan was a decade overdue with due dates in 2028. The demo's
    today is mid-plan instead, and everything it dates lies inside the period (or, for an extension, just after)."""
    from tracker.core.models import AuditEvent
    from tracker.plan.services import current_plan
    from tracker.review.compliance import compliance_table, period_containing
    from tracker.seeding.cli import DEFAULT_SEED_DIR
    from tracker.seeding.loader import load_seed_dir

    monkeypatch.setitem(app.config, "TRACKER_TODAY", None)
    load_seed_dir(DEFAULT_SEED_DIR)
    result = generate_demo(1)
    plan = current_plan()
    assert result.today == date(2013, 6, 15) and "2013-06-15" in result.summary()
    start, end = date(plan.start_year, 1, 1), date(plan.end_year, 12, 31)
    dues = [i.due_date for i in checks.plan_items(plan) if i.due_date] + list(
        session.scalars(select(Project.due_date).where(Project.due_date.is_not(None)))
    )
    assert start <= min(dues) and max(dues) <= end
    assert max((result.today - d).days for d in dues) < 3 * 365  # overdue by months, not by a decade
    checks.check_clocks(plan, result.today)
    # Dated as loaded when the plan began: never after the demo's today, and due to report in every period.
    assert {i.created_at for i in checks.plan_items(plan)} == {datetime(2011, 1, 1, 1, 0)}
    audit_times = set(session.scalars(select(AuditEvent.created_at).where(AuditEvent.entity_type == "user")))
    assert audit_times == {datetime(2011, 1, 1, 1, 0)}
    for kind in ("monthly", "quarterly"):
        period = period_containing(result.today, kind)
        rows = compliance_table(plan.id, period, period.previous())
        assert rows and all(row.previous_due for row in rows), kind
        assert any(row.previous_reported_at for row in rows), kind


def test_a_pinned_date_is_the_demos_today(app, plan, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_TODAY", "2012-09-30")
    assert generate_demo(1).today == date(2012, 9, 30)


def test_make_run_seeds_and_serves_with_the_demo_date_pinned():
    import subprocess

    from config import BASE_DIR

    dry_run = subprocess.run(["make", "-n", "run"], cwd=BASE_DIR, capture_output=True, text=True, check=True).stdout
    serve = next(line for line in dry_run.splitlines() if " run --host " in line)
    seed = next(line for line in dry_run.splitlines() if " seed demo " in line)
    assert serve.startswith("TRACKER_TODAY=2013-06-15 ") and "TRACKER_TODAY=2013-06-15 " in seed
