"""Saving a work item's yearly milestones, the whole table at once (rules: tracker.plan.milestone_rules).

Two people may open the same item's table: the page carries a fingerprint of the milestones as loaded, and a save
made on another fingerprint is refused as a conflict listing what differs, the input kept. The save also touches
the item row (its version), so two saves racing past the fingerprint check meet at the flush instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.auth.models import User
from tracker.core import audit, clock
from tracker.core.errors import ConflictError, PermissionDenied
from tracker.core.merge import table_fingerprint
from tracker.extensions import db
from tracker.plan.milestone_rules import MilestoneInput, check_milestones
from tracker.plan.models import ItemMilestone, WorkItem
from tracker.plan.permissions import can_edit_item

ENTITY = audit.AuditEntity.WORK_ITEM


def stored_milestones(item: WorkItem) -> dict[int, ItemMilestone]:
    """The item's milestones by year: one statement."""
    rows = db.session.scalars(select(ItemMilestone).where(ItemMilestone.work_item_id == item.id))
    return {row.year: row for row in rows}


def fingerprint(milestones: Mapping[int, ItemMilestone]) -> str:
    """The table as the form was loaded (tracker.core.merge.table_fingerprint): any year's target or deliverable
    changed, added or removed changes it."""
    return table_fingerprint(
        {
            year: f"{row.target_progress if row.target_progress is not None else ''}:{row.deliverable}"
            for year, row in milestones.items()
        }
    )


def milestone_text(target: int | None, deliverable: str) -> str:
    """One year's milestone in words, for the audit trail and the conflict list ("" for none)."""
    parts = [f"{target}%"] if target is not None else []
    if deliverable:
        parts.append(deliverable)
    return " · ".join(parts)


def _kept_out_of_form(stored: Mapping[int, ItemMilestone], submitted: Mapping[int, MilestoneInput]) -> dict:
    return {year: row.target_progress for year, row in stored.items() if year not in submitted}


def check_milestone_edit(item: WorkItem, submitted: Mapping[int, MilestoneInput]) -> None:
    """The rules alone (for validate_with_rules): raises a ValidationError, writes nothing."""
    stored = stored_milestones(item)
    check_milestones(item, submitted, _kept_out_of_form(stored, submitted))


def as_inputs(milestones: Mapping[int, ItemMilestone]) -> dict[int, MilestoneInput]:
    """Stored milestones as rows comparable with the form's."""
    return {year: MilestoneInput(row.target_progress, row.deliverable) for year, row in milestones.items()}


def milestones_conflict(
    item: WorkItem, submitted: Mapping[int, MilestoneInput], both_changed: list[int]
) -> ConflictError:
    """The notice after a conflict: the years where the user and the other person both changed the row, the
    user's input beside what is stored now (the other years were taken from what is stored, or kept as typed)."""
    stored = stored_milestones(item)
    changes = []
    for year in both_changed:
        row, now = submitted[year], stored.get(year)
        yours = milestone_text(row.target_progress, row.deliverable_text)
        theirs = milestone_text(now.target_progress, now.deliverable) if now else ""
        changes.append((_("%(year)d 年", year=year), yours or "—", theirs or "—"))
    return ConflictError(_conflict_message(), changes=changes)


def _conflict_message() -> str:
    return _(
        "保存失败：在您打开页面之后，其他人修改了此事项的年度目标。您没有改动的年份已换成当前保存的内容，"
        "您改动的年份保留了您的输入；下面列出双方都改动过的年份（您的输入 → 当前保存的内容）。请核对后重新提交。"
    )


def save_milestones(
    item: WorkItem, submitted: Mapping[int, MilestoneInput], loaded_fingerprint: str | None, actor: User
) -> bool:
    """Store the submitted rows (year -> row; an empty row deletes that year's milestone) made on the table as
    `loaded_fingerprint` saw it. Each changed year is audited on the item as "milestone.<year>". Flushes; answers
    whether anything changed."""
    if not can_edit_item(actor, item):
        raise PermissionDenied(_("只有可以编辑此事项的人才能设置其年度目标。"))
    stored = stored_milestones(item)
    if loaded_fingerprint != fingerprint(stored):
        raise ConflictError(_conflict_message())
    check_milestones(item, submitted, _kept_out_of_form(stored, submitted))
    changed = False
    for year in sorted(submitted):
        row, existing = submitted[year], stored.get(year)
        old = milestone_text(existing.target_progress, existing.deliverable) if existing else ""
        new = "" if row.empty else milestone_text(row.target_progress, row.deliverable_text)
        if old == new:
            continue
        if row.empty:
            db.session.delete(existing)
        elif existing is None:
            db.session.add(
                ItemMilestone(
                    work_item_id=item.id,
                    year=year,
                    target_progress=row.target_progress,
                    deliverable=row.deliverable_text,
                    set_by_id=actor.id,
                )
            )
        else:
            existing.target_progress = row.target_progress
            existing.deliverable = row.deliverable_text
            existing.set_by_id = actor.id
        audit.record(actor.id, ENTITY, item.id, audit.AuditAction.UPDATE, f"milestone.{year}", old or None, new or None)
        changed = True
    if changed:
        # The item row carries the version: touching it makes two racing saves meet at the flush.
        item.updated_at = clock.now()
    db.session.flush()
    return changed
