"""Where a thing's departments come from, and the office confirming them: one set of rules for work items (lead
and supporting departments) and indicators (the responsible department).

The seeded plan names no department; every department the seed gives is the office's assumption, stored as
"default" and shown as 默认分工，待确认 until the office confirms it or sets another. Only "document" (the plan
document names them) and "office" (set or confirmed in the app) are facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from flask_babel import lazy_gettext as _l

from tracker.core import audit
from tracker.core.labels import label_reader
from tracker.core.subjects import SubjectType

FIELD = "assignment_source"  # the audited field: a confirmation is a change of it, old → new


class AssignmentSource(StrEnum):
    """Where an item's (or indicator's) departments come from: only "document" and "office" are facts."""

    DOCUMENT = "document"  # the plan document names them
    DEFAULT = "default"  # the office's default (默认分工，待确认): the document names none, nobody has confirmed it
    OFFICE = "office"  # set or confirmed by the office in the app


SOURCE_LABELS = {
    AssignmentSource.DOCUMENT.value: _l("规划文件明确"),
    AssignmentSource.DEFAULT.value: _l("默认分工，待确认"),
    AssignmentSource.OFFICE.value: _l("信息办已确认"),
}
source_label = label_reader(SOURCE_LABELS)
FIELD_LABEL = _l("分工来源")


class Assigned(Protocol):
    """A work item or an indicator: anything whose departments have a source."""

    id: int
    assignment_source: str


def is_default(source: str | None) -> bool:
    """Whether departments of this source are the office's unconfirmed default (and so shown as such)."""
    return source == AssignmentSource.DEFAULT


def _set_office(thing: Assigned, actor_id: int | None, entity: audit.AuditEntity | SubjectType) -> bool:
    if thing.assignment_source == AssignmentSource.OFFICE:
        return False
    audit.record(
        actor_id, entity, thing.id, audit.AuditAction.UPDATE, FIELD, thing.assignment_source, AssignmentSource.OFFICE
    )
    thing.assignment_source = AssignmentSource.OFFICE.value
    return True


def confirm_default(things: Iterable[Assigned], actor_id: int | None, entity: audit.AuditEntity | SubjectType) -> int:
    """The office confirms the default departments of `things` as they stand; each confirmation is audited.
    Departments the document names stay the document's. Returns how many were confirmed. Flushes nothing: the
    caller (a feature's service, which checks the actor's right) flushes."""
    return sum(_set_office(thing, actor_id, entity) for thing in things if is_default(thing.assignment_source))


def departments_set_by_office(thing: Assigned, actor_id: int | None, entity: audit.AuditEntity | SubjectType) -> bool:
    """Departments changed in the app (a form, an import) are the office's choice from now on, whatever their
    source was: audited like a confirmation. Returns whether the source changed."""
    return _set_office(thing, actor_id, entity)
