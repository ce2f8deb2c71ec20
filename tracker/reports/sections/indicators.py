"""四、指标完成情况: each indicator of the plan (a department's: those it is responsible for) against its target,
assessed on the values recorded up to the period's year, as the indicator register assesses them."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from tracker.indicators.labels import comparator_sign, indicator_status_label
from tracker.indicators.progress import Assessment, Track
from tracker.indicators.services import REACHED, assess_indicator, format_number, indicator_rows
from tracker.reports import text
from tracker.reports.blocks import Captions, note, notice
from tracker.reports.document import Block, Column, Heading, Row, Table
from tracker.reports.scope import ReportScope


def indicators(scope: ReportScope, captions: Captions) -> list[Block]:
    blocks: list[Block] = [Heading(_("四、指标完成情况"), 1)]
    rows = indicator_rows(scope.plan.id)
    if scope.department is not None:
        rows = [row for row in rows if row.indicator.responsible_department_id == scope.department.id]
    if not rows:
        blocks.append(notice(_("没有需要报告的规划指标。")))
        return blocks
    year = scope.period.end.year
    assessed = [(row.indicator, assess_indicator(row.indicator, year)) for row in rows]
    on_track = sum(1 for _indicator, assessment in assessed if assessment.track == Track.ON_TRACK)
    reached = sum(1 for _indicator, assessment in assessed if assessment.reached)
    blocks.append(
        note(
            _(
                "共 %(count)d 项指标，按%(year)d年及以前录入的数值评估：符合进度 %(on_track)d 项（其中已达标 "
                "%(reached)d 项）。",
                count=len(assessed),
                year=year,
                on_track=on_track,
                reached=reached,
            )
        )
    )
    table_rows = []
    for indicator, assessment in assessed:
        baseline = assessment.baseline
        table_rows.append(
            Row(
                (
                    text.line(indicator.name),
                    text.line(indicator.unit, 20),
                    _value(baseline.value, baseline.year) if baseline is not None else "",
                    comparator_sign(indicator.comparator) + " " + _value(indicator.target_value, indicator.target_year),
                    format_number(assessment.latest.value) if assessment.latest is not None else "",
                    str(assessment.latest.year) if assessment.latest is not None else "",
                    _track(assessment),
                )
            )
        )
    blocks.append(Table(_header(), tuple(table_rows), captions.table(_("规划指标完成情况"))))
    return blocks


def _header() -> tuple[Column, ...]:
    return (
        Column(_("指标"), 0.3),
        Column(_("单位"), 0.08),
        Column(_("基期值"), 0.13, "right"),
        Column(_("目标值"), 0.14, "right"),
        Column(_("最新值"), 0.11, "right"),
        Column(_("年份"), 0.08, "center"),
        Column(_("完成情况"), 0.12, "center"),
    )


def _value(value: Decimal, year: int | None) -> str:
    shown = format_number(value)
    return _("%(value)s（%(year)d年）", value=shown, year=year) if year is not None else shown


def _track(assessment: Assessment) -> str:
    return indicator_status_label(REACHED if assessment.reached else assessment.track.value)
