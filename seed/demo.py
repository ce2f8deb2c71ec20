"""`flask seed demo --seed N`: demo users, projects, budgets and a history of status updates for the loaded plan.

Choices a reader should know:

- Deterministic: one random.Random(seed) draws everything, and rows are visited in plan order (sort order, seed
  key), so the same seed on the same plan gives the same data on any database. Nothing depends on the clock.
- "Today" is inside the plan: the pinned date (TRACKER_TODAY) if there is one, else demo_today(plan), mid-June of
  the plan's middle year (2013-06-15 for 2011-2015). Generated around the real date, a 2011-2015 plan would be
  a decade overdue with extensions into the 2020s; around its middle, it reads as a plan in progress (half of
  its time gone, a few items done, some on time, some late) and every date stays inside the period or the year
  after. `make run` seeds and serves with TRACKER_TODAY=2013-06-15, and every page says the date is fixed.
- The plan's items are dated as loaded at the start of the period (PLAN_LOADED_AT), and so are the demo
  accounts' audit rows: rows stamped with the real clock would lie years after the pinned today, and an item
  that did not exist yet is not due to report (tracker.review.compliance).
- Runs once per database: if a demo username is taken, or the plan already has projects or status updates, it
  refuses with a TrackerError instead of adding a second copy (or mixing invented reports into real ones).
- Task-level work: items of kind task, subtask or platform that have no children get 2-4 projects each. A task
  split into subtasks gets its projects on the subtasks, so no work is counted twice in the budget rollups.
- Dates: the plan seed gives every item the whole plan period as a default. Task-level leaves with that default
  (or none) get a demo schedule inside the period, so that due dates spread over 2011-2015 and, relative to
  `today`, some work is done, some on time, some overdue. Dates the seed narrows are kept.
- Status updates are written as rows rather than through tracker.updates.services.post_status_update: that
  service stamps the current time, checks the report against today and writes an audit event per field, while
  a history needs reports dated in the past. seed.demo_history keeps the service's rules for every report on
  the day it was written (see its docstring); parents' reports follow their children's.
- Work whose department has no demo account is reported by the office user (the office collects those
  reports); extensions are recorded as Review rows (outcome "extension") by the office user.
- The supervision loop (seed.demo_supervision): five requests from the office in each state of a thread, through
  the services (so the inbox and the outbox hold what the app writes), and one department whose members' reports
  need the lead's sign-off, with a draft waiting. Demo accounts have addresses in the reserved .example domain.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from seed import demo_history as history
from seed import demo_text as text
from seed.demo_accounts import TASK_KINDS, Cast, DemoLogin, account_specs, create_accounts, office_department
from seed.demo_supervision import SupervisionCounts, write_supervision
from tracker.auth.models import User
from tracker.auth.passwords import check_password_rules
from tracker.core import clock
from tracker.core.errors import TrackerError
from tracker.core.models import AuditEvent
from tracker.core.statuses import CLOSED_STATUSES, Status
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import ItemMilestone, Plan, WorkItem
from tracker.plan.rules import is_overdue, is_stale
from tracker.plan.services import current_plan
from tracker.projects.models import BudgetLine, Project
from tracker.review.models import Outcome, Review
from tracker.updates.models import StatusUpdate

__all__ = ["DEMO_PASSWORD", "TASK_KINDS", "DemoResult", "generate_demo"]

# Printed by the CLI and the README; every demo account uses it unless --password is given.
DEMO_PASSWORD = "demo-password-2011"  # noqa: S105 - a published demo password, not a secret
PROJECTS_PER_ITEM = (2, 4)
BUDGET_RANGE = (10.0, 2000.0)  # 万元 per project and year
CENT = Decimal("0.01")


@dataclass
class DemoResult:
    seed: int
    today: date
    stale_days: int
    logins: list[DemoLogin] = field(default_factory=list)
    owned_items: int = 0
    projects: int = 0
    budget_lines: int = 0
    status_updates: int = 0
    reviews: int = 0
    completed: int = 0
    on_time: int = 0
    overdue: int = 0
    stale: int = 0
    supervision: SupervisionCounts = field(default_factory=SupervisionCounts)

    def summary(self) -> str:
        lines = [
            _("演示数据已生成（随机种子 %(seed)d，基准日期 %(day)s）。", seed=self.seed, day=self.today.isoformat()),
            _(
                "这些数据以 %(day)s 为“今天”：请以 TRACKER_TODAY=%(day)s 启动（make run 已这样设置），"
                "页面顶部会注明日期已固定。",
                day=self.today.isoformat(),
            ),
            _(
                "用户 %(users)d，项目 %(projects)d，年度预算 %(budgets)d 行，进度报告 %(updates)d 条，"
                "延期审批 %(reviews)d 条，指定负责人的工作项 %(owned)d 个。",
                users=len(self.logins),
                projects=self.projects,
                budgets=self.budget_lines,
                updates=self.status_updates,
                reviews=self.reviews,
                owned=self.owned_items,
            ),
            _(
                "工作项：已完成 %(completed)d，按期推进 %(on_time)d，逾期 %(overdue)d，"
                "超过 %(days)d 天未报告 %(stale)d。",
                completed=self.completed,
                on_time=self.on_time,
                overdue=self.overdue,
                days=self.stale_days,
                stale=self.stale,
            ),
            _(
                "督办：办公室要求跟进或提请督办 %(requests)d 件，部门答复 %(answers)d 次，"
                "待负责人审核的进展 %(drafts)d 份。",
                requests=self.supervision.requests,
                answers=self.supervision.answers,
                drafts=self.supervision.drafts,
            ),
            "",
            _("演示账号："),
        ]
        header = (_("用户名"), _("角色"), _("部门"), _("姓名"), _("密码"))
        rows = [(x.username, x.role, x.department or "-", x.display_name, x.password) for x in self.logins]
        lines.extend(_table([header, *rows]))
        return "\n".join(lines)


def _display_width(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    """Columns padded by display width, so Chinese text (two columns per character) lines up in a terminal."""
    widths = [max(_display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        ("  " + "  ".join(c + " " * (w - _display_width(c)) for c, w in zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]


@dataclass
class PlanItems:
    """The plan's visible items in plan order (depth first) with their children."""

    plan: Plan
    order: list[WorkItem]
    children: dict[int, list[WorkItem]]
    by_id: dict[int, WorkItem]

    @classmethod
    def load(cls, plan: Plan) -> PlanItems:
        query = select(WorkItem).where(WorkItem.plan_id == plan.id, WorkItem.retired.is_(False))
        # Sorted here, not in SQL: databases disagree on where NULLs go and on how strings collate.
        items = sorted(db.session.scalars(query), key=lambda i: (i.sort_order, i.seed_key or "", i.id))
        by_id = {item.id: item for item in items}
        children: dict[int | None, list[WorkItem]] = defaultdict(list)
        for item in items:
            children[item.parent_id].append(item)
        order: list[WorkItem] = []
        stack = list(reversed(children[None]))
        while stack:  # children of retired items are not visited, as in the plan tree
            item = stack.pop()
            order.append(item)
            stack.extend(reversed(children[item.id]))
        return cls(plan, order, {k: v for k, v in children.items() if k is not None}, by_id)

    def is_leaf(self, item: WorkItem) -> bool:
        return not self.children.get(item.id)

    def is_project_item(self, item: WorkItem) -> bool:
        return item.kind in TASK_KINDS and self.is_leaf(item)

    def department_id(self, item: WorkItem) -> int | None:
        """The lead department, inherited from the nearest ancestor that has one."""
        node: WorkItem | None = item
        while node is not None:
            if node.lead_department_id is not None:
                return node.lead_department_id
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        return None

    def window(self, item: WorkItem) -> tuple[date, date]:
        """The plan period narrowed by the ancestors' own dates."""
        start, end = date(self.plan.start_year, 1, 1), date(self.plan.end_year, 12, 31)
        node = self.by_id.get(item.parent_id) if item.parent_id is not None else None
        while node is not None:
            start = max(start, node.start_date or start)
            end = min(end, node.due_date or end)
            node = self.by_id.get(node.parent_id) if node.parent_id is not None else None
        if start >= end:
            return date(self.plan.start_year, 1, 1), date(self.plan.end_year, 12, 31)
        return start, end


def demo_today(plan: Plan) -> date:
    """Mid-June of the plan's middle year: 2013-06-15 for 2011-2015 (the day the tests and the benchmark pin too)."""
    return date((plan.start_year + plan.end_year) // 2, 6, 15)


def plan_loaded_at(plan: Plan) -> datetime:
    """When the demo says the plan was loaded: 09:00 Beijing time (01:00 UTC) on the period's first day."""
    return datetime(plan.start_year, 1, 1, 1, 0)


def generate_demo(seed: int, password: str | None = None, today: date | None = None) -> DemoResult:
    """Fill the loaded plan with demo data around `today` (default: the pinned date, else demo_today(plan)).
    Flushes; the caller commits."""
    password = password or DEMO_PASSWORD
    check_password_rules(password)
    plan = current_plan()
    active = db.session.scalars(select(Department).where(Department.active.is_(True)))
    departments = sorted(active, key=lambda d: (d.sort_order, d.code))
    if plan is None or not departments:
        raise TrackerError(_("尚未加载规划和部门，请先运行：flask seed plan"))
    today = today or clock.pinned_today() or demo_today(plan)
    items = PlanItems.load(plan)
    specs = account_specs(departments, items.order)
    _refuse_if_present(plan, [spec.username for spec in specs])

    rng = random.Random(seed)
    result = DemoResult(seed=seed, today=today, stale_days=current_app.config["TRACKER_STALE_DAYS"])
    cast = create_accounts(rng, specs, password)
    result.logins = cast.logins
    writer = _Writer(rng, items, cast, result, office_department(departments) or departments[0])
    writer.write_items()
    writer.write_projects()
    _write_milestones(items)
    _date_as_loaded_at_the_start(plan, cast, plan_loaded_at(plan))
    db.session.flush()
    leaves = [item for item in items.order if items.is_project_item(item)]
    with current_app.test_request_context():  # the notifications' links are app paths
        result.supervision = write_supervision(leaves, cast, today)
    db.session.flush()
    _count_outcomes(items, result)
    return result


def _write_milestones(items: PlanItems) -> None:
    """Yearly milestones (年度目标) for the leaf tasks that span two years or more of the plan: a straight line from
    the first year to 100 in the due year, as an office phases a task. No random draw, so the rest of the demo
    comes out as before; some of these items are behind their line, which the queue and the dashboard then show."""
    plan = items.plan
    for item in items.order:
        if item.kind not in TASK_KINDS or not items.is_leaf(item) or item.start_date is None or item.due_date is None:
            continue
        first, last = max(item.start_date.year, plan.start_year), min(item.due_date.year, plan.end_year)
        if last - first < 1 or last != item.due_date.year:
            continue
        span = last - first + 1
        for offset in range(span):
            target = 100 * (offset + 1) // span
            db.session.add(ItemMilestone(work_item=item, year=first + offset, target_progress=target))


def _date_as_loaded_at_the_start(plan: Plan, cast: Cast, moment: datetime) -> None:
    """The plan's items (retired ones too) and the demo accounts' audit rows as if made at `moment`."""
    for item in db.session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id)):
        item.created_at = moment
        # Set explicitly, or the flush would stamp the real clock on every item the demo changed.
        item.updated_at = item.last_update_at or moment
    db.session.flush()
    account_ids = select(User.id).where(User.username.in_([login.username for login in cast.logins]))
    db.session.execute(
        update(AuditEvent)
        .where(AuditEvent.entity_type == "user", AuditEvent.entity_id.in_(account_ids))
        .values(created_at=moment)
        .execution_options(synchronize_session=False)
    )


def _refuse_if_present(plan: Plan, usernames: list[str]) -> None:
    taken = sorted(db.session.scalars(select(User.username).where(User.username.in_(usernames))))
    if taken:
        raise TrackerError(
            _(
                "演示数据已存在（用户 %(names)s 已存在），未做任何修改。请在新的数据库上运行 flask seed demo。",
                names="、".join(taken),
            )
        )
    plan_items = select(WorkItem.id).where(WorkItem.plan_id == plan.id)
    has_projects = db.session.scalar(select(Project.id).where(Project.work_item_id.in_(plan_items)).limit(1))
    has_updates = db.session.scalar(select(StatusUpdate.id).where(StatusUpdate.work_item_id.in_(plan_items)).limit(1))
    if has_projects is not None or has_updates is not None:
        raise TrackerError(_("规划中已有项目或进度报告：演示数据只能生成在新加载的规划上，未做任何修改。"))


class _Writer:
    """Turns invented histories into rows, in plan order, drawing from one random.Random."""

    def __init__(
        self, rng: random.Random, items: PlanItems, cast: Cast, result: DemoResult, fallback: Department
    ) -> None:
        self.rng, self.items, self.cast, self.result = rng, items, cast, result
        self.today, self.stale_days = result.today, result.stale_days
        self.fallback = fallback  # the department of projects under items that have none
        self.courses: dict[int, history.Course] = {}

    def write_items(self) -> None:
        for item in self.items.order:
            item.owner = self.cast.owner(item.lead_department_id)
        self.result.owned_items = sum(1 for item in self.items.order if item.owner is not None)
        tracks = self._item_tracks()
        for item in self.items.order:
            self._write_item(item, tracks[item.id])
            course = self.courses.get(item.id)
            if course and course.extended_on:
                self._write_extension_review(item, course, tracks[item.id])

    def _item_tracks(self) -> dict[int, history.Track]:
        """Courses for the leaves (dates, outcome), then every item's track: leaves' own, parents' rolled up."""
        plan = self.items.plan
        whole = (date(plan.start_year, 1, 1), date(plan.end_year, 12, 31))
        leaves = [item for item in self.items.order if self.items.is_leaf(item)]
        schedules = []
        for item in leaves:
            window = self.items.window(item)
            start, due = item.start_date, item.due_date
            if item.kind in TASK_KINDS and (start is None or due is None or (start <= whole[0] and due >= whole[1])):
                schedules.append(history.demo_schedule(self.rng, *window))
            else:
                schedules.append((start or window[0], due or window[1]))
        courses = history.assign_courses(self.rng, schedules, self.today, self.stale_days)
        self.courses = {item.id: course for item, course in zip(leaves, courses, strict=True)}
        tracks: dict[int, history.Track] = {}
        for item in leaves:
            tracks[item.id] = history.course_track(self.rng, self.courses[item.id])
            item.start_date = self.courses[item.id].start
        for item in reversed(self.items.order):  # children before their parents
            if not self.items.is_leaf(item):
                children = [history.Child(c.title, c.weight, tracks[c.id]) for c in self.items.children[item.id]]
                tracks[item.id] = history.rollup_track(children, item.due_date)
        return tracks

    def _write_item(self, item: WorkItem, track: history.Track) -> None:
        department_id = self.items.department_id(item)
        leaf = self.items.is_leaf(item)
        rows = _journal(track, item.status, item.progress, lambda: self.cast.reporter(self.rng, department_id, leaf))
        for row in rows:
            row.work_item = item
        db.session.add_all(rows)
        self.result.status_updates += len(rows)
        if track.final_due is not None:
            item.due_date = track.final_due
        if rows:
            item.status, item.progress = rows[-1].status_after, rows[-1].progress_after
            item.last_update_at = rows[-1].created_at

    def _write_extension_review(self, item: WorkItem, course: history.Course, track: history.Track) -> None:
        """The office's decision that moved the due date, just before the report that announces it."""
        announced = next(r for r in track.reports if r.at.date() == course.extended_on)
        earlier = [r for r in track.reports if r.at < announced.at and r.delay_reason]
        review = Review(
            work_item=item,
            reviewer=self.cast.office,
            created_at=announced.at - timedelta(minutes=30),
            outcome=Outcome.EXTENSION.value,
            comment=text.extension_comment(earlier[-1].delay_reason if earlier else ""),
            new_due_date=course.new_due,
        )
        db.session.add(review)
        self.result.reviews += 1

    def write_projects(self) -> None:
        used_names: set[str] = set()
        for item in self.items.order:
            if self.items.is_project_item(item):
                department_id = self.items.department_id(item)
                department = db.session.get(Department, department_id) if department_id else self.fallback
                count = self.rng.randint(*PROJECTS_PER_ITEM)
                for name in text.project_names(self.rng, item.title, count, used_names):
                    self._write_project(item, department or self.fallback, name)

    def _write_project(self, item: WorkItem, department: Department, name: str) -> None:
        item_course = self.courses[item.id]
        start, due = history.project_schedule(self.rng, item_course)
        course = history.project_course(self.rng, item_course, start, due, self.today, self.stale_days)
        track = history.course_track(self.rng, course)
        created = datetime.combine(start - timedelta(days=self.rng.randint(15, 60)), time(2, 0))
        rows = _journal(
            track, Status.NOT_STARTED.value, 0, lambda: self.cast.reporter(self.rng, department.id, leaf=True)
        )
        latest = rows[-1] if rows else None
        project = Project(
            department=department,
            owner=self.cast.owner(department.id),
            work_item=item,
            name=name,
            description=text.project_description(item.title, department.short_name),
            fund_source=text.fund_source(self.rng),
            start_date=start,
            due_date=course.final_due,
            status=latest.status_after if latest else Status.NOT_STARTED.value,
            progress=latest.progress_after if latest else 0,
            last_update_at=latest.created_at if latest else None,
            created_at=created,
            updated_at=latest.created_at if latest else created,
        )
        project.budget_lines = self._budget_lines(course)
        for row in rows:
            row.project = project
        db.session.add(project)
        db.session.add_all(rows)
        self.result.projects += 1
        self.result.budget_lines += len(project.budget_lines)
        self.result.status_updates += len(rows)

    def _budget_lines(self, course: history.Course) -> list[BudgetLine]:
        """One line per plan year: money in the years the project runs, allocated and spent only up to today.

        Approved >= allocated >= spent, except for the odd project that overspends its allocation a little.
        """
        rng, plan = self.rng, self.items.plan
        end = course.closed_on or course.final_due
        scale = math.exp(rng.uniform(math.log(BUDGET_RANGE[0]), math.log(BUDGET_RANGE[1])))
        lines = []
        for year in range(plan.start_year, plan.end_year + 1):
            approved = allocated = spent = 0.0
            if course.start.year <= year <= end.year:
                approved = min(BUDGET_RANGE[1], max(BUDGET_RANGE[0], scale * rng.uniform(0.6, 1.4)))
                if year <= self.today.year:
                    allocated = approved * rng.uniform(0.8, 1.0)
                    if year == self.today.year:
                        spent = allocated * rng.uniform(0.2, 0.7)
                    elif rng.random() < 0.05:
                        spent = allocated * rng.uniform(1.0, 1.06)
                    else:
                        spent = allocated * rng.uniform(0.6, 1.0)
            lines.append(
                BudgetLine(year=year, approved=_money(approved), allocated=_money(allocated), spent=_money(spent))
            )
        return lines


def _journal(track: history.Track, status: str, progress: int, author: Callable[[], User]) -> list[StatusUpdate]:
    """StatusUpdate rows for a track, each starting from where the previous one left the subject."""
    rows = []
    for report in track.reports:
        rows.append(
            StatusUpdate(
                author=author(),
                created_at=report.at,
                status_before=status,
                status_after=report.status,
                progress_before=progress,
                progress_after=report.progress,
                note=report.note,
                delay_reason=report.delay_reason,
                remedy=report.remedy,
                expected_completion=report.expected_completion,
            )
        )
        status, progress = report.status, report.progress
    return rows


def _money(value: float) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def _count_outcomes(items: PlanItems, result: DemoResult) -> None:
    for item in items.order:
        if item.status == Status.COMPLETED.value:
            result.completed += 1
        elif is_overdue(item.due_date, item.status, result.today):
            result.overdue += 1
        elif item.status not in CLOSED_STATUSES:
            result.on_time += 1
        args = (item.last_update_at, item.created_at, item.start_date, item.status, result.today, result.stale_days)
        if is_stale(*args):
            result.stale += 1
