"""Data for the dashboard's three ECharts charts, with the link behind every bar.

The page hands this to static/js/dashboard_charts.js as JSON (a <script type="application/json"> block), so
titles and department names never become JavaScript source.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _

from tracker.dashboard import links
from tracker.dashboard.figures import PlanFigures
from tracker.dashboard.services import DepartmentSummary

LABEL_MAX = 18


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def chart_data(
    plan: PlanFigures, shown: list[DepartmentSummary], department_links: dict[int, links.DepartmentLinks]
) -> dict[str, Any]:
    """`shown`: the departments the dashboard lists (those involved in the plan), with their links."""
    names = [summary.department.short_name or summary.department.name for summary in shown]
    return {
        "tasks": {
            "labels": [_short(f"{item.outline} {item.title}") for item in plan.main_items],
            "titles": [f"{item.outline} {item.title}" for item in plan.main_items],
            "values": [float(item.progress) for item in plan.main_items],
            "overdue": [item.overdue for item in plan.main_items],
            "urls": [url_for("plan.item", item_id=item.id) for item in plan.main_items],
        },
        "departments": {
            "names": names,
            "onTime": [summary.open_items - summary.overdue for summary in shown],
            "overdue": [summary.overdue for summary in shown],
            "onTimeUrls": [department_links[summary.department.id].on_time for summary in shown],
            "overdueUrls": [department_links[summary.department.id].overdue for summary in shown],
        },
        "budget": {
            "names": names,
            "approved": [float(summary.budget.approved) for summary in shown],
            "allocated": [float(summary.budget.allocated) for summary in shown],
            "spent": [float(summary.budget.spent) for summary in shown],
            "urls": [department_links[summary.department.id].projects for summary in shown],
        },
        "text": {
            "progress": _("进度（%）"),
            "onTime": _("在办未逾期"),
            "overdue": _("逾期"),
            "approved": _("批复"),
            "allocated": _("已下达"),
            "spent": _("已支出"),
            "wan": _("万元"),
            "items": _("项"),
        },
    }
