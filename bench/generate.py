"""A benchmark plan of N work items: `python -m bench.generate --items 20000 --db sqlite|postgresql`.

What it builds (deterministic for a given --seed):

- 36 departments (the seed's 24 and 12 districts); per department a lead and two members; admin, office and
  viewer accounts. The economy and informatization commission (jxw) leads about a tenth of the items, as it does
  in the real plan, so that one lead has enough rows for the 1,000-row import scenario.
- one plan whose N items sit on 5 levels (sections, sub-sections, tasks, subtasks, work packages) with an uneven,
  realistic fan-out: about 6 / 30 / 240 / 2,200 / 17,500 at N = 20,000. Dates, statuses and progress are drawn
  against a pinned today (2013-06-15), so some work is done, some on time, some overdue, some silent.
- about one project per four leaf items, each with budget lines for 2011-2015 (approved, allocated, spent);
- about 10 status updates per item on average (none before an item starts), 2-4 per project, the item's and
  project's current status and progress being those of its last report;
- reviews on a sixth of the overdue items, 30 indicators with yearly values, a few audited edits.

Rows are written with Core `insert()` executemany in chunks into a database migrated with Alembic; ids are
assigned here so that parents are known without reading back, and PostgreSQL's sequences are moved past them.
The derived work-item columns (path, depth, rollup) and search texts are computed with tracker.plan.hierarchy, the
same rules the app's flush listener applies.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from flask import Flask
from sqlalchemy import Table, text

from bench import text as words
from bench.databases import BACKENDS, TODAY, bench_app, create_database, database_name, migrate
from tracker.auth.passwords import hash_password
from tracker.core.statuses import CLOSED_STATUSES, Status
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    BudgetLine,
    Department,
    Indicator,
    IndicatorValue,
    Notification,
    Plan,
    Project,
    Review,
    StatusUpdate,
    User,
    WorkItem,
)
from tracker.plan.hierarchy import Link, place_all, search_names, search_text
from tracker.plan.models import WorkItemSearchText, work_item_supporting_departments
from tracker.plan.rules import is_overdue

DEFAULT_ITEMS = 20_000
PASSWORD = "bench-password-2011"  # noqa: S105 - a throw-away benchmark database
CHUNK = 10_000
UPDATES_PER_ITEM = 10
# Items per level at 19,716 items; other sizes scale it (every level keeps at least one item).
LEVEL_SHAPE = (6, 30, 240, 2160, 17280)
KINDS = ("section", "section", "task", "subtask", "subtask")
PLAN_START, PLAN_END = date(2011, 1, 1), date(2015, 12, 31)
CREATED = datetime(2011, 1, 1, 8, 0)
DISTRICTS = ("上城", "下城", "江干", "拱墅", "西湖", "萧山", "余杭", "富阳", "临安", "桐庐", "淳安", "建德")
BIG_DEPARTMENT = "jxw"
SEED_DEPARTMENTS = Path(__file__).resolve().parent.parent / "seed" / "departments.yaml"


@dataclass
class Summary:
    items: int = 0
    levels: list[int] = field(default_factory=list)
    departments: int = 0
    users: int = 0
    projects: int = 0
    budget_lines: int = 0
    status_updates: int = 0
    reviews: int = 0
    indicators: int = 0
    overdue: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"{self.items} work items (levels {' / '.join(map(str, self.levels))}), {self.overdue} overdue; "
            f"{self.departments} departments, {self.users} users, {self.projects} projects, "
            f"{self.budget_lines} budget lines, {self.status_updates} status updates, {self.reviews} reviews, "
            f"{self.indicators} indicators; {self.seconds:.1f} s"
        )


def level_sizes(items: int) -> list[int]:
    scale = items / sum(LEVEL_SHAPE)
    upper = [max(1, round(size * scale)) for size in LEVEL_SHAPE[:-1]]
    return [*upper, max(1, items - sum(upper))]


def _insert(table: Table, rows: list[dict] | Iterator[dict]) -> int:
    """executemany in chunks; returns the row count."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            db.session.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        db.session.execute(table.insert(), batch)
        count += len(batch)
    return count


def _stamp(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randint(8, 18), minutes=rng.randint(0, 59))


@dataclass
class Node:
    id: int
    parent: Node | None
    depth: int
    sort_order: int
    children: list[Node] = field(default_factory=list)
    row: dict = field(default_factory=dict)


class Generator:
    def __init__(self, items: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.items = items
        self.summary = Summary(items=items, levels=level_sizes(items))
        self.users_by_department: dict[int, list[int]] = defaultdict(list)

    # --- organisation ------------------------------------------------------------------------------------
    def departments(self) -> None:
        seeded = yaml.safe_load(SEED_DEPARTMENTS.read_text(encoding="utf-8"))["departments"]
        rows = [
            {"code": d["code"], "name": d["name"], "short_name": d["short_name"], "kind": d["kind"]} for d in seeded
        ]
        rows += [
            {"code": f"d{n}", "name": f"杭州市{name}区人民政府", "short_name": f"{name}区", "kind": "district"}
            for n, name in enumerate(DISTRICTS, start=1)
        ]
        for number, row in enumerate(rows, start=1):
            row.update(id=number, sort_order=number * 10, active=True, created_at=CREATED, updated_at=CREATED)
        self.department_ids = [row["id"] for row in rows]
        self.office_department = next(row["id"] for row in rows if row["kind"] == "office")
        big = next(row["id"] for row in rows if row["code"] == BIG_DEPARTMENT)
        # Leading departments: the big one about 10%, every other bureau or district alike.
        self.leading = [d for d in self.department_ids if d != self.office_department]
        self.lead_weights = [len(self.leading) / 9 if d == big else 1 for d in self.leading]
        self.codes = {row["id"]: row["code"] for row in rows}
        self.summary.departments = _insert(Department.__table__, rows)

    def users(self) -> None:
        password_hash = hash_password(PASSWORD)
        rows = []

        def add(username: str, role: str, department_id: int | None) -> int:
            user_id = len(rows) + 1
            rows.append(
                {
                    "id": user_id,
                    "username": username,
                    "display_name": words.person(self.rng),
                    "email": None,
                    "password_hash": password_hash,
                    "role": role,
                    "department_id": department_id,
                    "active": True,
                    "locale": "zh_Hans_CN",
                    "session_generation": 1,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            )
            if department_id is not None:
                self.users_by_department[department_id].append(user_id)
            return user_id

        add("admin", "admin", self.office_department)
        self.office_user = add("office", "office", self.office_department)
        add("viewer", "viewer", None)
        for department_id in self.leading:
            code = self.codes[department_id]
            add(f"lead.{code}", "lead", department_id)
            add(f"member.{code}", "member", department_id)
            add(f"member2.{code}", "member", department_id)
        self.summary.users = _insert(User.__table__, rows)

    def reporter(self, department_id: int | None) -> int:
        return self.rng.choice(self.users_by_department.get(department_id) or [self.office_user])

    # --- the plan ----------------------------------------------------------------------------------------
    def tree(self) -> list[Node]:
        """The items in plan order (depth first), with ids assigned in that order as a loaded plan has them."""
        levels: list[list[Node]] = []
        for depth, size in enumerate(self.summary.levels):
            nodes = [Node(0, None, depth, 0) for _ in range(size)]
            if depth:
                parents = levels[-1]
                # Every parent gets one child while there are enough, the rest go unevenly (some tasks are big).
                shares = [self.rng.paretovariate(2.5) for _ in parents]
                for index, node in enumerate(nodes):
                    if index < len(parents):
                        node.parent = parents[index]
                    else:
                        node.parent = self.rng.choices(parents, weights=shares)[0]
                    node.parent.children.append(node)
            levels.append(nodes)
        ordered: list[Node] = []

        def visit(node: Node) -> None:
            node.id = len(ordered) + 1
            ordered.append(node)
            for number, child in enumerate(node.children, start=1):
                child.sort_order = number
                visit(child)

        for number, root in enumerate(levels[0], start=1):
            root.sort_order = number
            visit(root)
        return ordered

    def _dates(self, node: Node) -> tuple[date, date]:
        if node.depth < 2:
            return PLAN_START, PLAN_END
        parent_start, parent_due = node.parent.row["start_date"], node.parent.row["due_date"]
        span = (parent_due - parent_start).days
        start = parent_start + timedelta(days=self.rng.randint(0, max(0, span * 2 // 3)))
        due = min(parent_due, start + timedelta(days=self.rng.randint(180, 900)))
        return start, max(due, start)

    def _state(self, start: date, due: date) -> tuple[str, int]:
        rng = self.rng
        if start > TODAY:
            return Status.NOT_STARTED.value, 0
        if due < TODAY:
            roll = rng.random()
            if roll < 0.65:
                return Status.COMPLETED.value, 100
            if roll < 0.85:
                return Status.DELAYED.value, rng.randint(40, 90)
            if roll < 0.95:
                return Status.IN_PROGRESS.value, rng.randint(50, 95)
            return Status.SUSPENDED.value, rng.randint(10, 60)
        elapsed = (TODAY - start).days / max(1, (due - start).days)
        progress = max(1, min(95, round(elapsed * 100 + rng.randint(-20, 15))))
        roll = rng.random()
        if roll < 0.08:
            return Status.AT_RISK.value, progress
        if roll < 0.13:
            return Status.DELAYED.value, progress
        if roll < 0.17:
            return Status.COMPLETED.value, 100
        return Status.IN_PROGRESS.value, progress

    def work_items(self, plan_id: int) -> list[Node]:
        rng = self.rng
        nodes = self.tree()
        for node in nodes:
            start, due = self._dates(node)
            status, progress = self._state(start, due) if node.depth >= 2 else (Status.IN_PROGRESS.value, 0)
            lead = rng.choices(self.leading, weights=self.lead_weights)[0] if node.depth >= 2 else None
            owner = None
            if node.depth >= 3 and rng.random() < 0.6:
                owner = self.users_by_department[lead][0 if rng.random() < 0.3 else rng.randint(1, 2)]
            title = words.title(rng)
            mandate = words.mandate(rng) if node.depth >= 2 else ""
            node.row = {
                "id": node.id,
                "plan_id": plan_id,
                "parent_id": node.parent.id if node.parent else None,
                "kind": "goal" if node.depth == 2 and rng.random() < 0.1 else KINDS[node.depth],
                "outline_no": words.outline_number(node.depth, node.sort_order),
                "seed_key": None,
                "title": title,
                "mandate": mandate,
                "sort_order": node.sort_order,
                "lead_department_id": lead if node.depth >= 2 else self.office_department,
                "owner_id": owner,
                "start_date": start,
                "due_date": due,
                "status": status,
                "progress": progress,
                "weight": rng.choices((Decimal("1.00"), Decimal("2.00"), Decimal("0.50")), weights=(80, 15, 5))[0],
                "retired": node.depth == 4 and rng.random() < 0.005,
                "last_update_at": None,
                "version": 1,
                "created_at": CREATED,
                "updated_at": CREATED,
            }
        placements = place_all(
            Link(n.id, n.row["parent_id"], n.sort_order, n.row["progress"], n.row["weight"], n.row["retired"])
            for n in nodes
        )
        for node in nodes:
            placement = placements[node.id]
            node.row.update(path=placement.path, depth=placement.depth, rollup_progress=placement.rollup_progress)
        return nodes

    def supporting(self, nodes: list[Node]) -> Iterator[dict]:
        for node in nodes:
            if node.depth < 2:
                continue
            count = self.rng.choices((0, 1, 2), weights=(50, 35, 15))[0]
            others = [d for d in self.leading if d != node.row["lead_department_id"]]
            for department_id in self.rng.sample(others, count):
                yield {"work_item_id": node.id, "department_id": department_id}

    # --- reports -----------------------------------------------------------------------------------------
    def _history(self, subject: dict, count: int) -> list[dict]:
        """`count` reports from the start to the last report day, ending at the subject's current state."""
        rng = self.rng
        status, progress = subject["status"], subject["progress"]
        start = subject["start_date"] or PLAN_START
        if status == Status.COMPLETED.value:
            last = min(TODAY, (subject["due_date"] or TODAY) - timedelta(days=rng.randint(0, 60)))
        else:
            # A quarter of the open work has been silent for more than the 30 stale days.
            last = TODAY - timedelta(days=rng.randint(31, 200) if rng.random() < 0.25 else rng.randint(0, 25))
        last = max(start, last)
        days = sorted(start + timedelta(days=rng.randint(0, (last - start).days)) for _ in range(count - 1))
        days.append(last)
        reports, before_status, before_progress = [], Status.NOT_STARTED.value, 0
        for number, day in enumerate(days, start=1):
            final = number == count
            after_progress = progress if final else round(progress * number / count)
            after_status = status if final else Status.IN_PROGRESS.value
            if after_status == Status.IN_PROGRESS.value and after_progress == 0:
                after_progress = 1
            late = after_status in (Status.DELAYED.value, Status.AT_RISK.value) or (
                after_status not in CLOSED_STATUSES and is_overdue(subject["due_date"], after_status, day)
            )
            reports.append(
                {
                    "created_at": _stamp(day, rng),
                    "author_id": self.reporter(subject["department"]),
                    "status_before": before_status,
                    "status_after": after_status,
                    "progress_before": before_progress,
                    "progress_after": after_progress,
                    "note": rng.choice(words.NOTES),
                    "delay_reason": rng.choice(words.DELAY_REASONS) if late else "",
                    "remedy": rng.choice(words.REMEDIES) if late else "",
                    "expected_completion": day + timedelta(days=rng.randint(30, 240)) if late else None,
                }
            )
            before_status, before_progress = after_status, after_progress
        return reports

    def item_updates(self, nodes: list[Node]) -> Iterator[dict]:
        """UPDATES_PER_ITEM on average over all items, carried by those that have started."""
        started = [n for n in nodes if n.depth >= 2 and n.row["start_date"] <= TODAY]
        mean = UPDATES_PER_ITEM * len(nodes) / max(1, len(started))
        for node in started:
            row = node.row
            subject = {**row, "department": row["lead_department_id"]}
            reports = self._history(subject, self.rng.randint(1, max(1, round(2 * mean - 1))))
            row["last_update_at"] = reports[-1]["created_at"]
            for report in reports:
                yield {"work_item_id": node.id, "project_id": None, **report}

    def projects(self, nodes: list[Node]) -> list[dict]:
        rng = self.rng
        leaves = [n for n in nodes if not n.children and n.depth >= 2 and not n.row["retired"]]
        rows = []
        for number, node in enumerate(rng.sample(leaves, max(1, len(leaves) // 4)), start=1):
            item = node.row
            start, due = item["start_date"], item["due_date"]
            status, progress = self._state(start, due)
            rows.append(
                {
                    "id": number,
                    "department_id": item["lead_department_id"],
                    "owner_id": self.users_by_department[item["lead_department_id"]][0],
                    "work_item_id": node.id,
                    "name": words.title(rng) + "项目",
                    "description": words.mandate(rng),
                    "fund_source": rng.choice(("市级财政", "部门自筹", "省级专项", "社会资本")),
                    "start_date": start,
                    "due_date": due,
                    "status": status,
                    "progress": progress,
                    "retired": False,
                    "last_update_at": None,
                    "version": 1,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            )
        return rows

    def budget_lines(self, projects: list[dict]) -> Iterator[dict]:
        for project in projects:
            for year in range(2011, 2016):
                approved = Decimal(self.rng.randint(1000, 50000)) / 100
                allocated = approved * Decimal(self.rng.randint(50, 100)) / 100 if year <= TODAY.year else Decimal(0)
                spent = allocated * Decimal(self.rng.randint(20, 100)) / 100 if year <= TODAY.year else Decimal(0)
                yield {
                    "project_id": project["id"],
                    "year": year,
                    "approved": approved.quantize(Decimal("0.01")),
                    "allocated": allocated.quantize(Decimal("0.01")),
                    "spent": spent.quantize(Decimal("0.01")),
                }

    def project_updates(self, projects: list[dict]) -> Iterator[dict]:
        for project in projects:
            if project["start_date"] > TODAY:
                continue
            reports = self._history({**project, "department": project["department_id"]}, self.rng.randint(2, 4))
            project["last_update_at"] = reports[-1]["created_at"]
            for report in reports:
                yield {"work_item_id": None, "project_id": project["id"], **report}

    def reviews(self, nodes: list[Node]) -> Iterator[dict]:
        rng = self.rng
        for node in nodes:
            item = node.row
            if not is_overdue(item["due_date"], item["status"], TODAY) or rng.random() > 1 / 6:
                continue
            outcome = rng.choice(("acknowledged", "follow_up", "extension", "escalated"))
            day = item["due_date"] + timedelta(days=rng.randint(1, max(1, (TODAY - item["due_date"]).days)))
            yield {
                "work_item_id": node.id,
                "project_id": None,
                "reviewer_id": self.office_user,
                "created_at": _stamp(min(day, TODAY), rng),
                "outcome": outcome,
                "comment": rng.choice(words.REMEDIES),
                "follow_up_date": TODAY + timedelta(days=rng.randint(-20, 30)) if outcome == "follow_up" else None,
                "new_due_date": TODAY + timedelta(days=rng.randint(60, 300)) if outcome == "extension" else None,
            }

    def indicators(self, plan_id: int, nodes: list[Node]) -> tuple[list[dict], list[dict]]:
        goals = [n for n in nodes if n.row["kind"] == "goal"] or nodes
        indicators, values = [], []
        for number in range(1, 31):
            department = self.rng.choice(self.leading)
            baseline = Decimal(self.rng.randint(10, 500))
            target = baseline * Decimal(self.rng.choice(("1.5", "2", "3")))
            indicators.append(
                {
                    "id": number,
                    "plan_id": plan_id,
                    "code": f"I{number:02d}",
                    "name": f"{self.rng.choice(words.DOMAINS)}指标{number}",
                    "unit": self.rng.choice(("%", "万户", "亿元", "个")),
                    "baseline_year": 2010,
                    "baseline_value": baseline,
                    "target_year": 2015,
                    "target_value": target,
                    "comparator": "ge",
                    "source_text": "",
                    "sort_order": number,
                    "responsible_department_id": department,
                    "goal_item_id": self.rng.choice(goals).id,
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            )
            for year in (2011, 2012):
                share = Decimal(year - 2010) / 5 * Decimal(self.rng.randint(70, 120)) / 100
                values.append(
                    {
                        "indicator_id": number,
                        "year": year,
                        "value": (baseline + (target - baseline) * share).quantize(Decimal("0.01")),
                        "source": "统计年鉴",
                        "entered_by_id": self.reporter(department),
                        "entered_at": datetime(year + 1, 2, 1, 9, 0),
                    }
                )
        return indicators, values

    def audit_events(self, nodes: list[Node]) -> Iterator[dict]:
        for node in nodes:
            if node.depth >= 2 and self.rng.random() < 0.1:
                item = node.row
                yield {
                    "created_at": datetime(2012, 3, 1, 10, 0),
                    "actor_id": self.office_user,
                    "entity_type": "work_item",
                    "entity_id": node.id,
                    "action": "update",
                    "field": "due_date",
                    "old_value": (item["due_date"] - timedelta(days=90)).isoformat(),
                    "new_value": item["due_date"].isoformat(),
                    "remote_addr": "127.0.0.1",
                }

    def notifications(self, nodes: list[Node]) -> Iterator[dict]:
        """Inboxes that grow with the plan: about half the items told their department's lead, half of it read."""
        rng = self.rng
        for node in nodes:
            item = node.row
            department = item["lead_department_id"]
            if node.depth < 2 or department not in self.users_by_department or rng.random() > 0.5:
                continue
            created = _stamp(min(item["due_date"], TODAY), rng)
            yield {
                "user_id": self.users_by_department[department][0],
                "kind": rng.choice(("follow_up", "due_soon", "overdue", "owner_assigned")),
                "title": item["title"][:300],
                "body": rng.choice(words.REMEDIES),
                "link": f"/items/{node.id}",
                "work_item_id": node.id,
                "project_id": None,
                "dedupe_key": None,
                "created_at": created,
                "read_at": created if rng.random() < 0.5 else None,
                "digest_pending": False,
            }

    # --- all of it ---------------------------------------------------------------------------------------
    def run(self) -> Summary:
        started = time.perf_counter()
        self.departments()
        self.users()
        _insert(
            Plan.__table__,
            [
                {
                    "id": 1,
                    "code": "bench",
                    "title": "杭州市“十二五”信息化发展规划（基准测试）",
                    "start_year": 2011,
                    "end_year": 2015,
                    "source": "bench.generate",
                    "preamble": "",
                    "created_at": CREATED,
                    "updated_at": CREATED,
                }
            ],
        )
        nodes = self.work_items(plan_id=1)
        # Reports set last_update_at, so they are drawn before the items are written.
        updates = list(self.item_updates(nodes))
        _insert(WorkItem.__table__, (node.row for node in nodes))
        _insert(
            WorkItemSearchText.__table__,
            (
                {
                    "work_item_id": n.id,
                    "text": search_text(n.row["title"], n.row["mandate"]),
                    "names": search_names(n.row["title"]),
                }
                for n in nodes
            ),
        )
        _insert(work_item_supporting_departments, self.supporting(nodes))
        self.summary.overdue = sum(
            1 for n in nodes if not n.row["retired"] and is_overdue(n.row["due_date"], n.row["status"], TODAY)
        )
        projects = self.projects(nodes)
        project_updates = list(self.project_updates(projects))
        self.summary.projects = _insert(Project.__table__, projects)
        self.summary.budget_lines = _insert(BudgetLine.__table__, self.budget_lines(projects))
        self.summary.status_updates = _insert(StatusUpdate.__table__, iter(updates + project_updates))
        self.summary.reviews = _insert(Review.__table__, self.reviews(nodes))
        indicators, values = self.indicators(1, nodes)
        self.summary.indicators = _insert(Indicator.__table__, indicators)
        _insert(IndicatorValue.__table__, values)
        _insert(AuditEvent.__table__, self.audit_events(nodes))
        _insert(Notification.__table__, self.notifications(nodes))
        self.summary.seconds = time.perf_counter() - started
        return self.summary


def _move_sequences_past_ids() -> None:
    """Rows were written with explicit ids: PostgreSQL's sequences must continue after them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def generate(app: Flask, items: int = DEFAULT_ITEMS, seed: int = 1) -> Summary:
    """Fill the (migrated, empty) database of `app`; commits once."""
    with app.app_context():
        summary = Generator(items, seed).run()
        _move_sequences_past_ids()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return summary


def build(backend: str, items: int = DEFAULT_ITEMS, seed: int = 1) -> tuple[str, Summary]:
    """Create, migrate and fill a benchmark database; returns its URL and what it holds."""
    url = create_database(backend, database_name(items, DEFAULT_ITEMS))
    app = bench_app(url)
    migrate(app)
    with app.app_context():
        db.engine.dispose()
    return url, generate(app, items, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=DEFAULT_ITEMS)
    parser.add_argument("--db", choices=BACKENDS, default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    url, summary = build(args.db, args.items, args.seed)
    print(f"{url}: {summary}")


if __name__ == "__main__":
    main()
