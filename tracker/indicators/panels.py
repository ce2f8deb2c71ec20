"""The indicators block on a goal's page, offered to the plan feature through tracker.core.hooks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.core.hooks import Panel, panel_provider
from tracker.core.subjects import SubjectType
from tracker.extensions import db
from tracker.indicators.models import Indicator
from tracker.indicators.services import IndicatorRow, assess_indicator
from tracker.plan.models import ItemKind

PANEL_ORDER = 30  # after the projects panel, before the timeline


def goal_indicators(item_id: int) -> list[IndicatorRow]:
    """The indicators linked to one goal, assessed: two statements."""
    indicators = db.session.scalars(
        select(Indicator)
        .where(Indicator.goal_item_id == item_id)
        .options(joinedload(Indicator.responsible_department), selectinload(Indicator.values))
        .order_by(Indicator.sort_order, Indicator.id)
    ).unique()
    return [IndicatorRow(indicator, assess_indicator(indicator)) for indicator in indicators]


@panel_provider
def indicators_panel(subject_type: SubjectType | str, subject: Any) -> Panel | None:
    """Only goals carry indicators; every other page is left alone (and costs no query)."""
    if subject_type != SubjectType.WORK_ITEM or subject.kind != ItemKind.GOAL:
        return None
    return Panel(PANEL_ORDER, "indicators/_goal_panel.html", {"item": subject, "rows": goal_indicators(subject.id)})
