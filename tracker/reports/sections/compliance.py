"""六、各部门报送情况: per lead department, the items due to report in the period, how many reported and how many
did not (the review feature's compliance rule, tracker.review.compliance, over the whole period: a half year or a
year counts an item as reported when it reported at least once in it)."""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.reports import formats, text
from tracker.reports.blocks import Captions, note, notice
from tracker.reports.document import Block, Column, Heading, Row, Table
from tracker.reports.scope import ReportScope
from tracker.review.compliance import Period, compliance_table


def compliance(scope: ReportScope, captions: Captions) -> list[Block]:
    blocks: list[Block] = [Heading(_("六、各部门报送情况"), 1)]
    span = Period(scope.period.kind, scope.period.start, scope.period.end)
    # compliance_table also counts a previous period (the compliance page's comparison); the report has none to
    # compare with, so it passes the same span and reads the current counts only.
    rows = compliance_table(scope.plan.id, span, span, department_id=scope.department_id)
    if not rows:
        blocks.append(notice(_("报告期内没有应报送进展的事项。")))
        return blocks
    blocks.append(
        note(
            _(
                "应报送：报告期内在实施的牵头事项；已报送：报告期内至少有一次经审核生效的进展报送。"
                "按未报送事项由多到少排列。"
            )
        )
    )
    table_rows = [
        Row(
            (
                text.line(row.department.short_name or row.department.name),
                str(row.due),
                str(row.due - row.missing),
                str(row.missing),
                formats.share(row.due - row.missing, row.due),
            )
        )
        for row in rows
    ]
    due = sum(row.due for row in rows)
    missing = sum(row.missing for row in rows)
    table_rows.append(
        Row((_("合计"), str(due), str(due - missing), str(missing), formats.share(due - missing, due)), emphasis=True)
    )
    columns = (
        Column(_("部门"), 0.36),
        Column(_("应报送"), 0.16, "right"),
        Column(_("已报送"), 0.16, "right"),
        Column(_("未报送"), 0.16, "right"),
        Column(_("报送率"), 0.16, "right"),
    )
    blocks.append(Table(columns, tuple(table_rows), captions.table(_("各部门进展报送情况"))))
    return blocks
