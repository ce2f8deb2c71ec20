"""The revision that adds the import batch state 'nothing' moves pending batches with no accepted row to it, and its
downgrade returns them to 'pending' (probe after issue 8, defect 8)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.exports.models import ImportBatch, ImportRow
from tracker.extensions import db
from tracker.models import Plan, User

BEFORE = "427136db3eb0"


def _batches() -> dict[str, str]:
    with Session(db.engine) as session:
        return {name: state for name, state in session.execute(select(ImportBatch.filename, ImportBatch.state))}


def test_pending_batches_without_an_accepted_row_become_nothing(migrated_app, alembic_config):
    with Session(db.engine) as setup:
        user = User(username="lead", display_name="李处长", role="lead", password_hash="x")
        plan = Plan(code="p", title="杭州市“十二五”信息化发展规划", start_year=2011, end_year=2015)
        setup.add_all([user, plan])
        setup.flush()

        def batch(name: str, state: str, *verdicts: str) -> None:
            added = ImportBatch(user_id=user.id, plan_id=plan.id, filename=name, state=state, created_at=utcnow())
            setup.add(added)
            setup.flush()
            for number, verdict in enumerate(verdicts, start=2):
                setup.add(ImportRow(batch_id=added.id, row_number=number, verdict=verdict))

        batch("refused.xlsx", "pending", "refused")
        batch("untouched.xlsx", "pending")
        batch("to-confirm.xlsx", "pending", "refused", "apply")
        batch("applied.xlsx", "applied", "apply")
        batch("nothing.xlsx", "nothing")
        setup.commit()
    db.engine.dispose()

    command.downgrade(alembic_config, BEFORE)
    assert _batches() == {
        "refused.xlsx": "pending",
        "untouched.xlsx": "pending",
        "to-confirm.xlsx": "pending",
        "applied.xlsx": "applied",
        "nothing.xlsx": "pending",
    }
    db.engine.dispose()

    command.upgrade(alembic_config, "head")
    assert _batches() == {
        "refused.xlsx": "nothing",
        "untouched.xlsx": "nothing",
        "to-confirm.xlsx": "pending",
        "applied.xlsx": "applied",
        "nothing.xlsx": "nothing",
    }
