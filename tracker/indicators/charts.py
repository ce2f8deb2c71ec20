"""Chart data for an indicator's history: recorded values against the straight-line trajectory, the yearly targets
the office set and the target.

The result is plain JSON-ready data; the page hands it to static/js/indicator_chart.js (ECharts) through a
<script type="application/json"> block, so no user text is ever written into JavaScript.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from tracker.indicators.models import Indicator
from tracker.indicators.progress import Point, effective_baseline, trajectory_value
from tracker.indicators.services import points
from tracker.indicators.targets import chart_targets


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def history_chart(indicator: Indicator) -> dict[str, Any]:
    recorded = points(indicator)
    by_year = {point.year: point.value for point in recorded}
    baseline, assumed = effective_baseline(indicator.baseline_year, indicator.baseline_value, recorded)
    target = Point(indicator.target_year, indicator.target_value)
    years_seen = [target.year, *by_year, *([baseline.year] if baseline else []), *(t.year for t in indicator.targets)]
    years = list(range(min(years_seen), max(years_seen) + 1))
    trajectory: list[float | None] = []
    for year in years:
        if baseline is not None and baseline.year <= year <= target.year:
            trajectory.append(float(trajectory_value(baseline, target, year)))
        else:
            trajectory.append(None)
    return {
        "years": [str(year) for year in years],
        "values": [_number(by_year.get(year)) for year in years],
        "trajectory": trajectory,
        "yearTargets": chart_targets(indicator, years),
        "target": _number(target.value),
        "targetYear": str(target.year),
        "unit": indicator.unit,
        "labels": {
            "values": _("实际值"),
            "trajectory": _("目标路径（基准值至目标值的直线）")
            if not assumed
            else _("目标路径（首个年度值至目标值的直线）"),
            "target": _("目标值"),
            "yearTargets": _("年度目标"),
        },
    }
