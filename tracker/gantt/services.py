"""The timeline page's one service: the filters read from the URL, the departments to choose from and the chart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.extensions import db
from tracker.gantt.data import Timeline, build_timeline
from tracker.gantt.filters import TimelineFilters, parse_filters
from tracker.org.models import Department
from tracker.plan.models import Plan


@dataclass
class TimelinePage:
    filters: TimelineFilters
    departments: list[Department]
    chart: Timeline
    payload: Mapping[str, Any]


def timeline_page(plan: Plan, args: MultiDict[str, str], today: date) -> TimelinePage:
    departments = list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.id)))
    filters = parse_filters(args, {department.id for department in departments})
    names = {department.id: department.short_name or department.name for department in departments}
    chart = build_timeline(plan, filters, today, names)
    return TimelinePage(filters, departments, chart, chart.chart_payload(plan, today))
