"""A varied plan for the dashboard tests, built with the factories, and the figures it should show worked out in
plain Python from the same specifications (never read back from the database or through the app's code)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tests.conftest import TODAY
from tracker.indicators.models import Indicator, IndicatorValue
from tracker.updates.models import StatusUpdate

STALE_DAYS = 30
CUTOFF = datetime.combine(TODAY - timedelta(days=STALE_DAYS), datetime.min.time())
CLOSED = ("completed", "suspended")
STATUSES = ("not_started", "in_progress", "at_risk", "delayed", "completed", "suspended")
TENTH = Decimal("0.1")


def half_up(value: Decimal) -> Decimal:
    return value.quantize(TENTH, ROUND_HALF_UP)


@dataclass
class ItemSpec:
    id: int
    parent: int | None
    kind: str
    outline_no: str
    lead: int | None
    status: str
    progress: int
    weight: Decimal
    due: date | None
    start: date | None
    last_update: datetime | None
    retired: bool
    item: object = None  # the WorkItem built from this specification
    children: list[int] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.status not in CLOSED

    @property
    def overdue(self) -> bool:
        return self.open and self.due is not None and self.due < TODAY

    @property
    def stale(self) -> bool:
        if not self.open or (self.start is not None and self.start > TODAY):
            return False
        return (self.last_update or datetime(2011, 1, 1)) < CUTOFF


@dataclass
class ProjectSpec:
    department: int
    item: int  # the primary work item's id
    retired: bool
    lines: list[tuple[int, str, str, str]]  # (year, approved, allocated, spent)


@dataclass
class DashboardWorld:
    plan: object
    departments: list  # active ones, in display order
    inactive: object
    items: dict[int, ItemSpec]
    projects: list[tuple[int, bool, list[tuple[str, str, str]]]]  # (department id, retired, budget lines)
    updates: list[tuple[int, datetime]]  # (status update id, created_at)
    indicator_tracks: dict[int, str]
    office: object
    project_specs: list[ProjectSpec] = field(default_factory=list)

    # -- expected figures, computed from the specifications above --------------------------------------------

    def live(self) -> list[ItemSpec]:
        return [spec for spec in self.items.values() if not spec.retired]

    def department(self, department_id: int) -> dict[str, object]:
        led = [spec for spec in self.live() if spec.lead == department_id]
        open_items = [spec for spec in led if spec.open]
        overdue = sum(spec.overdue for spec in led)
        lines = [
            line for dept, retired, budget in self.projects if dept == department_id and not retired for line in budget
        ]
        approved, allocated, spent = (sum((Decimal(line[i]) for line in lines), Decimal(0)) for i in range(3))
        return {
            "items": len(led),
            "on-time": half_up(Decimal(len(open_items) - overdue) * 100 / len(open_items)) if open_items else None,
            "overdue": overdue,
            "stale": sum(spec.stale for spec in led),
            "projects": sum(1 for dept, retired, _ in self.projects if dept == department_id and not retired),
            "approved": approved,
            "allocated": allocated,
            "spent": spent,
            "execution": half_up(spent * 100 / allocated) if allocated else None,
        }

    def progress(self, item_id: int) -> Decimal:
        spec = self.items[item_id]
        children = [self.items[c] for c in spec.children if not self.items[c].retired]
        if not children:
            return Decimal(spec.progress)
        return self._mean([(child.weight, self.progress(child.id)) for child in children])

    @staticmethod
    def _mean(pairs: list[tuple[Decimal, Decimal]]) -> Decimal:
        total = sum(weight for weight, _ in pairs)
        if total:
            return half_up(sum(weight * value for weight, value in pairs) / total)
        return half_up(sum(value for _, value in pairs) / len(pairs))

    def plan_progress(self) -> Decimal:
        roots = [spec for spec in self.live() if spec.parent is None]
        return self._mean([(spec.weight, self.progress(spec.id)) for spec in roots])

    def main_items(self) -> list[int]:
        return [spec.id for spec in self.live() if spec.kind in ("task", "goal")]

    def newest_updates(self) -> list[int]:
        newest_first = sorted(self.updates, key=lambda update: (update[1], update[0]), reverse=True)
        return [update_id for update_id, _ in newest_first[:10]]


class Builder:
    """Builds the world, and grows the same plan further (for the statement-count test)."""

    def __init__(self, make, session, seed: int = 7) -> None:
        self.make, self.session, self.rng = make, session, random.Random(seed)
        departments = [make.department(sort_order=n, short_name=f"部门{chr(65 + n)}") for n in range(3)]
        inactive = make.department(active=False, short_name="已停用部门")
        self.leads = [d.id for d in departments] + [inactive.id, None]
        self.authors = [make.user("member", department=d) for d in departments]
        self.world = DashboardWorld(
            plan=make.plan(),
            departments=departments,
            inactive=inactive,
            items={},
            projects=[],
            updates=[],
            indicator_tracks={},
            office=make.user("office"),
        )
        self.sections = 0

    def add_item(self, parent, kind: str, retired: bool) -> ItemSpec:
        rng, items = self.rng, self.world.items
        values = {
            "kind": kind,
            "outline_no": f"{len(items) + 1}.",
            "lead_department_id": rng.choice(self.leads),
            "status": rng.choice(STATUSES),
            "progress": rng.randrange(0, 101, 5),
            "weight": Decimal(rng.choice(["1.00", "2.00", "0.50", "0.00"])),
            "due_date": rng.choice([None, date(2012, 12, 31), TODAY, date(2013, 6, 14), date(2015, 12, 31)]),
            "start_date": rng.choice([None, date(2011, 1, 1), date(2013, 7, 1)]),
            "last_update_at": rng.choice(
                [None, datetime(2013, 6, 10, 9), datetime(2013, 5, 15, 23, 59), datetime(2013, 5, 16)]
            ),
            "retired": retired,
        }
        if values["due_date"] and values["start_date"] and values["start_date"] > values["due_date"]:
            values["start_date"] = None  # the database refuses a due date before the start
        item = self.make.item(self.world.plan, parent=parent, **values)
        if rng.random() < 0.3:
            item.supporting_departments.append(rng.choice(self.world.departments))
        spec = ItemSpec(
            id=item.id,
            parent=parent.id if parent is not None else None,
            kind=kind,
            outline_no=item.outline_no,
            lead=values["lead_department_id"],
            status=values["status"],
            progress=values["progress"],
            weight=values["weight"],
            due=values["due_date"],
            start=values["start_date"],
            last_update=values["last_update_at"],
            retired=retired,
            item=item,
        )
        items[item.id] = spec
        if parent is not None:
            items[parent.id].children.append(item.id)
        return spec

    def grow(self, size: int) -> DashboardWorld:
        """`size` more sections (three tasks with subtasks, and a goal each), `size` × 3 projects with budget
        lines, `size` × 12 status updates, `size` × 3 indicators."""
        rng, make, session, world = self.rng, self.make, self.session, self.world
        for _ in range(size):
            section = self.add_item(None, "section", retired=False)
            for task_no in range(3):
                retired = self.sections == 0 and task_no == 2  # a retired task, retired with its subtasks
                task = self.add_item(section.item, "task", retired=retired)
                for _ in range(rng.randint(0, 3)):
                    self.add_item(task.item, "subtask", retired=retired)
            self.add_item(section.item, "goal", retired=False)
            self.sections += 1

        live_items = [spec.item for spec in world.items.values() if not spec.retired]
        new_projects = []
        for n in range(size * 3):
            department = [*world.departments, world.inactive][n % 4]
            retired = n % 5 == 4
            project = make.project(rng.choice(live_items), department, retired=retired)
            lines = []
            spec = ProjectSpec(department.id, project.work_item_id, retired, [])
            for year in rng.sample(range(2011, 2016), rng.randint(0, 3)):
                line = (str(rng.randint(0, 500)), str(rng.randint(0, 300)), f"{rng.randint(0, 20000) / 100:.2f}")
                make.budget(project, year, *line)
                lines.append(line)
                spec.lines.append((year, *line))
            world.projects.append((department.id, retired, lines))
            world.project_specs.append(spec)
            new_projects.append(project)

        for n in range(size * 12):
            on_project = n % 4 == 3
            moment = datetime(2013, 1, 1) + timedelta(hours=rng.randint(0, 4000), minutes=len(world.updates))
            update = StatusUpdate(
                work_item=None if on_project else rng.choice(live_items),
                project=rng.choice(new_projects) if on_project else None,
                author=rng.choice(self.authors),
                created_at=moment,
                status_before="in_progress",
                status_after="at_risk",
                progress_before=10,
                progress_after=20,
                note=f"进展{n}",
            )
            session.add(update)
            session.flush()
            world.updates.append((update.id, moment))

        goal = next(spec.item for spec in world.items.values() if spec.kind == "goal")
        for _ in range(size):
            for track, value in (("on_track", "180"), ("off_track", "110"), ("no_data", None)):
                indicator = Indicator(
                    plan=world.plan,
                    code=f"ind-{len(world.indicator_tracks)}",
                    name=f"指标{len(world.indicator_tracks)}",
                    baseline_year=2010,
                    baseline_value=Decimal("100"),
                    target_year=2015,
                    target_value=Decimal("200"),
                    responsible_department=world.departments[0],
                    goal_item=goal,
                )
                session.add(indicator)
                if value is not None:  # 2012 expects 140
                    session.add(IndicatorValue(indicator=indicator, year=2012, value=Decimal(value), source="年鉴"))
                session.flush()
                world.indicator_tracks[indicator.id] = track
        return world


def build(make, session, size: int, seed: int = 7) -> DashboardWorld:
    return Builder(make, session, seed).grow(size)
