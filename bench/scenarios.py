"""The timed scenarios: what people do with the app, through the Flask test client, signed in as they would be.

Each scenario is one action (a request, or the requests of one import) that checks its own answer; a scenario
whose endpoint is not in the app (a feature not built yet) is reported as missing rather than failing the run.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import openpyxl
import xlsxwriter
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bench.databases import TODAY
from bench.generate import BIG_DEPARTMENT
from tracker.core import clock
from tracker.core.filters import status_label
from tracker.core.statuses import Status
from tracker.db import utcnow
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.choice import default_plan
from tracker.plan.hierarchy import subtree_end
from tracker.plan.models import WorkItem
from tracker.plan.rules import is_overdue
from tracker.reports.content import build_report, report_issuer
from tracker.reports.document import ReportDocument
from tracker.reports.periods import default_period

IMPORT_NOTE = "基准测试：导入更新"


@dataclass
class Scenario:
    name: str
    endpoint: str  # the app must have it, or the scenario is reported missing; "" for a call, not a request
    action: Callable[[], Any]
    kind: str = "page"  # page | api | export | write | report
    runs: int | None = None  # None: the runner's --runs
    prepare: Callable[[], Any] | None = None
    detail: Callable[[], str] | None = None  # a remark for the table, read after the runs


def signed_in(app: Flask, username: str) -> FlaskClient:
    """A test client carrying the session a sign-in gives (as tests/conftest.py client_for does)."""
    from tracker.auth.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        user_id = user.get_id()
        db.session.remove()
    client = app.test_client()
    stamp = utcnow().isoformat()
    with client.session_transaction() as session:
        session.update({"_user_id": user_id, "_fresh": True, "login_at": stamp, "seen_at": stamp})
    return client


def fetch(client: FlaskClient, url: str, status: int = 200) -> bytes:
    response = client.get(url)
    try:
        body = response.get_data()
        assert response.status_code == status, f"GET {url}: {response.status_code}"
        return body
    finally:
        response.close()


def with_token(app: Flask, username: str) -> FlaskClient:
    """A test client that sends a new read-only API token of `username` (made in the bench database) with every
    request, as a program calling the API would."""
    from tracker.auth.models import TokenScope, User
    from tracker.auth.tokens import create_token

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        secret = create_token(user, "bench", TokenScope.READ, None, utcnow()).secret
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


class World:
    """Ids the scenarios need, read once from the generated database."""

    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.department_id = db.session.scalar(select(Department.id).where(Department.code == BIG_DEPARTMENT))
            self.mid_item_id = self._mid_level_item()
            self.open_item_id = db.session.scalar(
                select(WorkItem.id).where(WorkItem.depth == 2, WorkItem.retired.is_(False)).order_by(WorkItem.path)
            )
            db.session.remove()

    @staticmethod
    def _mid_level_item() -> int:
        """A main task (depth 2) with the median subtree size among them."""
        tasks = db.session.execute(select(WorkItem.id, WorkItem.path).where(WorkItem.depth == 2)).all()
        sizes = []
        for item_id, path in tasks[:: max(1, len(tasks) // 40)]:
            below = select(func.count()).where(WorkItem.path >= path, WorkItem.path < subtree_end(path))
            sizes.append((db.session.scalar(below), item_id))
        sizes.sort()
        return sizes[len(sizes) // 2][1]


class UpdatePoster:
    """Posts a status update on the next open item of the big department, one item per run."""

    def __init__(self, app: Flask, client: FlaskClient, department_id: int) -> None:
        self.app, self.client = app, client
        with app.app_context():
            rows = db.session.execute(
                select(WorkItem.id)
                .where(
                    WorkItem.lead_department_id == department_id,
                    WorkItem.status == Status.IN_PROGRESS.value,
                    WorkItem.progress < 99,
                    WorkItem.retired.is_(False),
                )
                .order_by(WorkItem.id)
            ).all()
            db.session.remove()
        self.queue = [row[0] for row in rows]
        self.form: dict[str, str] = {}
        self.item_id = 0

    def prepare(self) -> None:
        self.item_id = self.queue.pop()
        with self.app.app_context():
            item = db.session.get(WorkItem, self.item_id)
            late = is_overdue(item.due_date, item.status, TODAY)
            self.form = {
                "status": item.status,
                "progress": str(item.progress + 1),
                "version": str(item.version),
                "note": "基准测试：本月按计划推进。",
                "delay_reason": "协调周期较长。" if late else "",
                "remedy": "建立周例会制度。" if late else "",
                "expected_completion": (TODAY + timedelta(days=30)).isoformat() if late else "",
            }
            db.session.remove()

    def post(self) -> None:
        response = self.client.post(f"/items/{self.item_id}/update", data=self.form)
        assert response.status_code == 302, f"update refused: {response.status_code}"
        response.close()


def _task_sheet(workbook):
    from tracker.exports.columns import MARKER_SHEET

    marker = {row[0]: row[1] for row in workbook[MARKER_SHEET].iter_rows(values_only=True) if row and row[0]}
    return workbook[marker["task_sheet"]]


def _header(sheet) -> tuple[int, dict[str, int]]:
    from tracker.exports.columns import TASK_COLUMNS, normalise_header

    wanted = {normalise_header(str(column.label)): column.key for column in TASK_COLUMNS}
    for number, row in enumerate(sheet.iter_rows(max_row=30, values_only=True), start=1):
        found = {wanted[normalise_header(v)]: i for i, v in enumerate(row) if normalise_header(v) in wanted}
        if "id" in found and "progress" in found:
            return number, found
    raise AssertionError("no header row in the exported task sheet")


class Importer:
    """Exports the big department's own items as its lead would, changes `rows` of them (progress + 1, a note,
    and for late work the delay fields) untimed; the timed action uploads, previews and confirms the file."""

    def __init__(self, app: Flask, client: FlaskClient, department_id: int, rows: int) -> None:
        self.app, self.client, self.rows = app, client, rows
        self.export_url = f"/export/tasks.xlsx?department={department_id}&lead=1"
        self.upload = b""
        self.changed = 0
        self.plan_code = ""

    def prepare(self) -> None:
        exported = fetch(self.client, self.export_url)
        with self.app.app_context():  # the upload form names the plan its page shows: the default one here
            plan = default_plan()
            assert plan is not None, "no plan loaded"
            self.plan_code = plan.code
        workbook = openpyxl.load_workbook(io.BytesIO(exported))
        with self.app.test_request_context("/"):  # column and status labels in the UI's default language
            sheet = _task_sheet(workbook)
            header, columns = _header(sheet)
            in_progress = status_label(Status.IN_PROGRESS.value)
        changed = 0
        for row in sheet.iter_rows(min_row=header + 1):
            if changed == self.rows:
                break
            cells = {key: row[index] for key, index in columns.items()}
            progress = cells["progress"].value
            if cells["status"].value != in_progress or not isinstance(progress, int | float) or progress >= 99:
                continue
            cells["progress"].value = int(progress) + 1
            cells["note"].value = IMPORT_NOTE
            if (cells["days_overdue"].value or 0) > 0:
                cells["delay_reason"].value = "协调周期较长。"
                cells["remedy"].value = "建立周例会制度。"
                cells["expected_completion"].value = TODAY + timedelta(days=30)
            changed += 1
        stream = io.BytesIO()
        workbook.save(stream)
        self.upload, self.changed = stream.getvalue(), changed

    def run(self) -> None:
        response = self.client.post(
            "/import",
            data={"file": (io.BytesIO(self.upload), "bench.xlsx"), "plan": self.plan_code},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, f"upload refused: {response.status_code}"
        preview = response.headers["Location"]
        response.close()
        fetch(self.client, preview)
        confirmed = self.client.post(preview.rstrip("/") + "/confirm", data={})
        assert confirmed.status_code == 302, f"confirm refused: {confirmed.status_code}"
        confirmed.close()


def report_content(app: Flask) -> Callable[[], ReportDocument]:
    """The implementation report's content for the last finished quarter of the whole plan (tracker.reports.content):
    what the report's download computes before a writer lays it out as Word or PDF."""

    def build_content() -> ReportDocument:
        with app.app_context():
            try:
                plan = default_plan()
                assert plan is not None, "no plan"
                today = clock.today()
                document = build_report(
                    plan,
                    default_period(plan, today),
                    None,
                    today=today,
                    stale_days=app.config["TRACKER_STALE_DAYS"],
                    issuer=report_issuer(app.config["TRACKER_REPORT_ISSUER"]),
                )
                assert document.blocks, "an empty report"
                return document
            finally:
                db.session.remove()

    return build_content


def bare_xlsx(rows: list[tuple]) -> Callable[[], None]:
    """XlsxWriter alone writing the same cells, in the export's constant-memory mode, to a temporary file."""

    def write() -> None:
        with tempfile.TemporaryFile() as stream:
            workbook = xlsxwriter.Workbook(stream, {"constant_memory": True, "in_memory": False})
            sheet = workbook.add_worksheet()
            date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
            for number, values in enumerate(rows):
                for column, value in enumerate(values):
                    if value is None:
                        continue
                    if hasattr(value, "year"):
                        sheet.write_datetime(number, column, value, date_format)
                    else:
                        sheet.write(number, column, value)
            workbook.close()

    return write


def exported_cells(xlsx: bytes) -> list[tuple]:
    """Every cell value of the exported task sheet (title block, header and rows)."""
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    try:
        return [tuple(row) for row in _task_sheet(workbook).iter_rows(values_only=True)]
    finally:
        workbook.close()


def build(app: Flask, import_rows: int) -> tuple[list[Scenario], dict[str, Any]]:
    world = World(app)
    office = signed_in(app, "office")
    lead = signed_in(app, f"lead.{BIG_DEPARTMENT}")
    program = with_token(app, "office")
    poster = UpdatePoster(app, lead, world.department_id)
    importer = Importer(app, lead, world.department_id, import_rows)
    dept = world.department_id
    scenarios = [
        Scenario("tree page (default view)", "plan.tree", lambda: fetch(office, "/")),
        Scenario(
            "tree page filtered (dept + overdue)", "plan.tree", lambda: fetch(office, f"/?department={dept}&overdue=1")
        ),
        Scenario("tree page search (q=数据共享)", "plan.tree", lambda: fetch(office, "/?q=数据共享")),
        Scenario(
            "tree row opened (a task's children)",
            "plan.children",
            lambda: fetch(office, f"/items/{world.open_item_id}/children"),
        ),
        Scenario("overdue review queue", "review.queue", lambda: fetch(office, "/review")),
        Scenario("dashboard", "dashboard.index", lambda: fetch(office, "/dashboard")),
        # The Gantt chart: the first 1,000 rows of the plan with their markers, as JSON for ECharts (no aim: it is
        # one drawing of a thousand bars, not a list page).
        Scenario("timeline (first 1,000 rows)", "gantt.timeline", lambda: fetch(office, "/timeline"), "chart"),
        # The big department's lead: their own items, the department's due and overdue ones, requests, drafts.
        Scenario("my work (the big department's lead)", "dashboard.my_work", lambda: fetch(lead, "/my")),
        Scenario("work item page (mid-level)", "plan.item", lambda: fetch(office, f"/items/{world.mid_item_id}")),
        Scenario(
            "export all rows (tasks.xlsx)", "exports.tree_xlsx", lambda: fetch(office, "/export/tasks.xlsx"), "export"
        ),
        # The office's paper: the whole workbook (汇总 first, 进展记录 of every report last) and a department's filing.
        Scenario(
            "export the whole workbook (plan.xlsx)",
            "exports.workbook",
            lambda: fetch(office, "/export/plan.xlsx"),
            "export",
        ),
        Scenario(
            "export a department's filing (tasks.xlsx?department=)",
            "exports.tree_xlsx",
            lambda: fetch(office, f"/export/tasks.xlsx?department={dept}"),
            "export",
        ),
        Scenario(
            f"import {import_rows} changed rows",
            "exports.import_confirm",
            importer.run,
            "write",
            prepare=importer.prepare,
            detail=lambda: f"{importer.changed} rows changed and applied per run",
        ),
        Scenario("post a status update", "updates.item_update", poster.post, "write", prepare=poster.prepare),
        # A program reading the plan through the API: the largest page, with the token gate's own statements.
        Scenario(
            "api items per_page=100", "api.list_items", lambda: fetch(program, "/api/v1/items?per_page=100"), "api"
        ),
        Scenario("inbox (the big department's lead)", "notifications.index", lambda: fetch(lead, "/inbox")),
        Scenario("report content (last quarter, whole plan)", "", report_content(app), "report"),
        # The downloads: the same content, laid out as Word and as PDF (charts drawn, fonts subset).
        Scenario(
            "report.docx (last quarter, whole plan)",
            "reports.download",
            lambda: fetch(office, "/reports/report.docx"),
            "report",
        ),
        Scenario(
            "report.pdf (last quarter, whole plan)",
            "reports.download",
            lambda: fetch(office, "/reports/report.pdf"),
            "report",
        ),
    ]
    return scenarios, {"world": world, "office": office, "importer": importer}
