"""/reports: choose a period and a scope, and download the implementation report as Word or PDF.

The page and the downloads read the same form from the query string. A download whose values are wrong (an edited
or stale link) answers 400 with the page itself, its messages at the fields and corrected links, rather than a
file about something else. The report is built in memory: it is a few hundred kilobytes even for the bench plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.core.clock import today
from tracker.core.downloads import content_disposition
from tracker.core.permissions import authorize
from tracker.org.models import Department
from tracker.org.services import departments
from tracker.plan.models import Plan
from tracker.plan.services import current_plan
from tracker.reports.content import build_report, report_issuer
from tracker.reports.docx_writer import docx_bytes
from tracker.reports.forms import ReportForm
from tracker.reports.pdf_writer import pdf_bytes
from tracker.reports.permissions import can_read_reports

bp = Blueprint("reports", __name__, template_folder="templates", url_prefix="/reports")

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_bytes),
    "pdf": ("application/pdf", pdf_bytes),
}


def _plan() -> Plan:
    authorize(can_read_reports(current_user))
    plan = current_plan()
    if plan is None:
        abort(404)
    return plan


def _form(plan: Plan, all_departments: list[Department], *, follow_kind: bool) -> tuple[ReportForm, bool]:
    form = ReportForm(request.args)
    form.prepare(plan, today(), all_departments, follow_kind=follow_kind)
    return form, form.validate()


@dataclass(frozen=True)
class Chosen:
    """What the page's download links are for."""

    period: str
    scope: str
    links: dict[str, str]


def _page(plan: Plan, form: ReportForm, valid: bool, all_departments: list[Department], status: int = 200):
    chosen = None
    if valid:
        department = _department(form, all_departments)
        args = {"plan": plan.code, "kind": form.kind.data, "period": form.period.data}
        if department is not None:
            args["department"] = str(department.id)
        chosen = Chosen(
            form.chosen_period().label,
            department.name if department is not None else _("全部规划"),
            {file_type: url_for("reports.download", file_type=file_type, **args) for file_type in FORMATS},
        )
    return render_template("reports/index.html", plan=plan, form=form, valid=valid, chosen=chosen), status


def _department(form: ReportForm, all_departments: list[Department]) -> Department | None:
    wanted = form.department_id()
    return next((found for found in all_departments if found.id == wanted), None)


@bp.route("")
@login_required
def index():
    plan = _plan()
    all_departments = departments()
    form, valid = _form(plan, all_departments, follow_kind=True)
    return _page(plan, form, valid, all_departments)


@bp.route("/report.<file_type>")
@login_required
def download(file_type: str):
    if file_type not in FORMATS:
        abort(404)
    plan = _plan()
    all_departments = departments()
    form, valid = _form(plan, all_departments, follow_kind=False)
    if not valid:
        return _page(plan, form, valid, all_departments, 400)
    department = _department(form, all_departments)
    period = form.chosen_period()
    day, config = today(), current_app.config
    report = build_report(
        plan,
        period,
        department,
        today=day,
        stale_days=config["TRACKER_STALE_DAYS"],
        issuer=report_issuer(config["TRACKER_REPORT_ISSUER"]),
    )
    mimetype, write = FORMATS[file_type]
    body = write(report)
    # The plan's code, the period's key and the department's code: two reports never share a name.
    scope = f"-{department.code}" if department is not None else ""
    ascii_name = f"plan-report-{plan.code}-{period.key}{scope}.{file_type}"
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(ascii_name, f"{report.file_stem}.{file_type}")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
