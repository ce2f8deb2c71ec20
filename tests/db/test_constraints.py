"""The database itself refuses bad rows, whatever code path wrote them, on SQLite, PostgreSQL and MariaDB.

Each bad insert runs in a SAVEPOINT (session.begin_nested) so the test can go on afterwards, and the
error must name the constraint that fired, so a row refused for some other reason does not pass.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import CheckConstraint, ForeignKeyConstraint, UniqueConstraint, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from tracker.db import Base
from tracker.models import BudgetLine, Department, Review, StatusUpdate, User, WorkItem

# MariaDB reports a failed CHECK as error 4025 (MySQL 8: 3819), which PyMySQL files under OperationalError.
MYSQL_CHECK_FAILED = {4025, 3819}


def _constraint(name: str):
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if constraint.name == name:
                return constraint
    raise AssertionError(f"no constraint named {name} in the models")


def _expected_wording(name: str, dialect: str) -> str:
    """PostgreSQL and MariaDB name every constraint; SQLite names CHECKs only, reports UNIQUE by
    its columns and a foreign key without saying which."""
    constraint = _constraint(name)
    if dialect != "sqlite" or isinstance(constraint, CheckConstraint):
        return name
    if isinstance(constraint, UniqueConstraint):
        return "UNIQUE constraint failed: " + ", ".join(f"{constraint.table.name}.{c.name}" for c in constraint.columns)
    assert isinstance(constraint, ForeignKeyConstraint)
    return "FOREIGN KEY constraint failed"


def _is_constraint_violation(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    return isinstance(error, OperationalError) and error.orig.args[0] in MYSQL_CHECK_FAILED


@contextmanager
def rejected(session, constraint: str):
    """The rows the block adds are refused by the database, by the constraint named `constraint`."""
    with pytest.raises(DBAPIError) as caught, session.begin_nested():
        yield
        session.flush()
    error = caught.value
    assert _is_constraint_violation(error), error
    assert _expected_wording(constraint, session.get_bind().dialect.name) in str(error.orig)


def _missing_id(session, model) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1000


@pytest.mark.parametrize("progress", [-1, 101])
def test_work_item_progress_stays_within_0_to_100(any_session, any_make, progress):
    plan = any_make.plan()
    any_make.item(plan, progress=0)
    any_make.item(plan, progress=100)
    with rejected(any_session, "ck_work_items_progress_range"):
        any_make.item(plan, progress=progress)


@pytest.mark.parametrize("progress", [-1, 101])
def test_project_progress_stays_within_0_to_100(any_session, any_make, progress):
    item = any_make.item(any_make.plan())
    dept = any_make.department()
    any_make.project(item, dept, progress=0)
    any_make.project(item, dept, progress=100)
    with rejected(any_session, "ck_projects_progress_range"):
        any_make.project(item, dept, progress=progress)


@pytest.mark.parametrize("column", ["approved", "allocated", "spent"])
def test_budget_amounts_are_not_negative(any_session, any_make, column):
    project = any_make.project(any_make.item(any_make.plan()), any_make.department())
    any_make.budget(project, 2011, approved="0", allocated="0", spent="0")
    with rejected(any_session, "ck_budget_lines_amounts_nonnegative"):
        any_make.budget(project, 2012, **{column: "-0.01"})


def _update(author, **subject) -> StatusUpdate:
    return StatusUpdate(
        author=author,
        status_before="not_started",
        status_after="in_progress",
        progress_before=0,
        progress_after=10,
        **subject,
    )


def test_status_update_is_about_exactly_one_subject(any_session, any_make):
    author = any_make.user()
    item = any_make.item(any_make.plan())
    project = any_make.project(item, author.department)
    any_session.add_all([_update(author, work_item=item), _update(author, project=project)])
    any_session.flush()

    with rejected(any_session, "ck_status_updates_one_subject"):
        any_session.add(_update(author, work_item=item, project=project))
    with rejected(any_session, "ck_status_updates_one_subject"):
        any_session.add(_update(author))


def test_work_item_due_date_not_before_start(any_session, any_make):
    plan = any_make.plan()
    any_make.item(plan, start_date=date(2012, 1, 1), due_date=date(2012, 1, 1))
    with rejected(any_session, "ck_work_items_dates_ordered"):
        any_make.item(plan, start_date=date(2012, 1, 2), due_date=date(2012, 1, 1))


def test_project_due_date_not_before_start(any_session, any_make):
    item = any_make.item(any_make.plan())
    dept = any_make.department()
    any_make.project(item, dept, start_date=date(2012, 1, 1), due_date=date(2012, 1, 1))
    with rejected(any_session, "ck_projects_dates_ordered"):
        any_make.project(item, dept, start_date=date(2012, 1, 2), due_date=date(2012, 1, 1))


def test_department_code_is_unique(any_session, any_make):
    any_make.department(code="JXW")
    with rejected(any_session, "uq_departments_code"):
        any_make.department(code="JXW")


def test_username_is_unique(any_session, any_make):
    any_make.user(username="zhangsan")
    with rejected(any_session, "uq_users_username"):
        any_make.user(username="zhangsan")


def test_seed_key_is_unique_within_a_plan(any_session, any_make):
    plan, other_plan = any_make.plan(), any_make.plan()
    any_make.item(plan, seed_key="3.1")
    any_make.item(other_plan, seed_key="3.1")  # the same key in another plan is fine
    any_make.item(plan, seed_key=None)
    any_make.item(plan, seed_key=None)  # items added by hand have no key, and NULLs never collide
    with rejected(any_session, "uq_work_items_plan_id_seed_key"):
        any_make.item(plan, seed_key="3.1")


def test_one_budget_line_per_project_and_year(any_session, any_make):
    project = any_make.project(any_make.item(any_make.plan()), any_make.department())
    any_make.budget(project, 2011)
    any_make.budget(project, 2012)
    with rejected(any_session, "uq_budget_lines_project_id_year"):
        any_make.budget(project, 2011)


def test_status_must_be_a_known_value(any_session, any_make):
    plan = any_make.plan()
    dept = any_make.department()
    item = any_make.item(plan, status="in_progress")
    with rejected(any_session, "ck_work_items_status"):
        any_make.item(plan, status="done")
    with rejected(any_session, "ck_projects_status"):
        any_make.project(item, dept, status="进行中")  # the label, not the value


def test_extension_review_carries_the_new_due_date(any_session, any_make):
    reviewer = any_make.user(role="office")
    item = any_make.item(any_make.plan())
    any_session.add(Review(reviewer=reviewer, work_item=item, outcome="extension", new_due_date=date(2013, 12, 31)))
    any_session.add(Review(reviewer=reviewer, work_item=item, outcome="acknowledged"))
    any_session.flush()
    with rejected(any_session, "ck_reviews_extension_has_date"):
        any_session.add(Review(reviewer=reviewer, work_item=item, outcome="extension"))


def test_foreign_key_to_a_missing_department_is_refused(any_session, any_make):
    plan = any_make.plan()
    any_make.item(plan, lead_department_id=any_make.department().id)
    with rejected(any_session, "fk_work_items_lead_department_id_departments"):
        any_make.item(plan, lead_department_id=_missing_id(any_session, Department))


# Supplementary-plane characters (CJK Extension B as in rare names, emoji) need utf8mb4 on MariaDB.
CHINESE = "杭州市经济和信息化委员会"
MIXED = "推进“智慧杭州”建设：IoT 物联网 🚀✅ — Ünïcödé, Ελληνικά, العربية, 𠮷野家, 𡘙"
MULTILINE = "一、总体要求\n（一）指导思想\r\n\t以信息化带动工业化 😀"


def test_text_round_trips_exactly(any_session, any_make):
    dept = any_make.department(name=CHINESE, short_name="经信委")
    user = any_make.user(display_name="张三𠮷", department=dept)
    item = any_make.item(any_make.plan(), title=MIXED, mandate=MULTILINE, lead_department=dept, owner=user)
    any_session.expire_all()

    names = select(Department.name, Department.short_name).where(Department.id == dept.id)
    assert any_session.execute(names).one() == (CHINESE, "经信委")
    assert any_session.scalar(select(User.display_name).where(User.id == user.id)) == "张三𠮷"
    texts = select(WorkItem.title, WorkItem.mandate).where(WorkItem.id == item.id)
    assert any_session.execute(texts).one() == (MIXED, MULTILINE)


def test_money_round_trips_exactly(any_session, any_make):
    project = any_make.project(any_make.item(any_make.plan()), any_make.department())
    line = any_make.budget(project, 2013, approved="123456789012.34", allocated="0.01", spent="999999999999.99")
    any_session.expire_all()

    row = any_session.execute(
        select(BudgetLine.approved, BudgetLine.allocated, BudgetLine.spent).where(BudgetLine.id == line.id)
    ).one()
    assert [str(v) for v in row] == ["123456789012.34", "0.01", "999999999999.99"]
    assert all(isinstance(v, Decimal) for v in row)
