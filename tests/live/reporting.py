"""What the live reporting tests share: the plan many people report on at once, and the checks that nothing was
lost (every accepted report journaled and audited, each item's journal one unbroken chain, rollups right), whether
the reports came through the pages or the API."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

from sqlalchemy import select

from tests.factories import Factories
from tracker.core.models import AuditEvent
from tracker.extensions import db
from tracker.plan.hierarchy import Link, place_all
from tracker.plan.models import WorkItem
from tracker.updates.models import StatusUpdate

ON_THE_SAME_ITEM = 3  # clients reporting on the first item together; one more client on every other leaf


def build_reporting_plan() -> list[tuple[str, str, int]]:
    """A section with two tasks, three and two subtasks; a member per client, with a read-write API token.
    Committed for the server to read. Returns (username, token secret, item id) per client."""
    make = Factories(db.session, itertools.count(1))
    dept = make.department(name="市经信委")
    plan = make.plan()
    common = {"lead_department": dept, "due_date": date(2015, 12, 31), "status": "in_progress", "progress": 20}
    section = make.item(plan, kind="section", **common)
    tasks = [make.item(plan, section, **common) for _ in range(2)]
    leaves = [make.item(plan, tasks[0], kind="subtask", **common) for _ in range(3)]
    leaves += [make.item(plan, tasks[1], kind="subtask", weight=2, **common) for _ in range(2)]
    targets = [leaves[0].id] * ON_THE_SAME_ITEM + [leaf.id for leaf in leaves[1:]]
    users = [make.user("member", dept, username=f"member{n}") for n in range(len(targets))]
    secrets = [make.api_token(user).secret for user in users]  # type: ignore[attr-defined]
    clients = [(user.username, secret, target) for user, secret, target in zip(users, secrets, targets, strict=True)]
    db.session.commit()
    db.session.remove()
    return clients


def check_journals(accepted: list[tuple[int, str]]) -> None:
    updates = db.session.scalars(select(StatusUpdate).order_by(StatusUpdate.id)).all()
    assert sorted((u.work_item_id, u.note) for u in updates) == sorted(accepted)  # each accepted, nothing else
    audited = Counter(
        (event.entity_id, event.actor_id, event.action, event.field, event.old_value, event.new_value)
        for event in db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "work_item"))
    )
    assert audited == Counter(row for update in updates for row in _audit_rows_of(update))
    for item in db.session.scalars(select(WorkItem).where(WorkItem.parent_id.is_not(None))):
        chain = [u for u in updates if u.work_item_id == item.id]
        for before, after in itertools.pairwise(chain):
            assert after.progress_before == before.progress_after, f"a report on item {item.id} was lost"
        if chain:
            assert chain[0].progress_before == 20
            assert (item.progress, item.status) == (chain[-1].progress_after, chain[-1].status_after)


def _audit_rows_of(update: StatusUpdate) -> list[tuple]:
    """The audit rows one accepted report leaves (nothing else writes work items' audit rows here): one per changed
    field, or one "report" row naming it when nothing but its note changed."""
    who = (update.work_item_id, update.author_id)
    rows = [
        (*who, "update", field, str(before), str(after))
        for field, before, after in (
            ("status", update.status_before, update.status_after),
            ("progress", update.progress_before, update.progress_after),
        )
        if before != after
    ]
    return rows or [(*who, "report", "", None, str(update.id))]


def check_rollups() -> None:
    items = db.session.scalars(select(WorkItem)).all()
    links = [Link(i.id, i.parent_id, i.sort_order, i.progress, i.weight, i.retired) for i in items]
    expected = place_all(links)
    assert {i.id: i.rollup_progress for i in items} == {i: placed.rollup_progress for i, placed in expected.items()}
