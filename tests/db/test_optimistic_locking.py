"""Two people save the same work item or project: the version column makes the second save fail
instead of silently overwriting the first, on every backend. Runs on a real, committed database."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tracker.extensions import db
from tracker.models import Department, Plan, Project, WorkItem


def _committed_rows() -> dict[type, int]:
    with Session(db.engine) as setup:
        plan = Plan(code="p", title="杭州市“十二五”信息化发展规划", start_year=2011, end_year=2015)
        item = WorkItem(plan=plan, kind="task", title="推进“两化”深度融合", outline_no="1.")
        project = Project(
            work_item=item, department=Department(code="JXW", name="市经信委", short_name="经信委"), name="项目"
        )
        setup.add_all([item, project])
        setup.commit()
        return {WorkItem: item.id, Project: project.id}


@pytest.mark.parametrize("model", [WorkItem, Project], ids=["work_item", "project"])
def test_second_save_of_a_stale_row_is_refused(migrated_app, model):
    row_id = _committed_rows()[model]
    # Each person loads the row and their read transaction ends, as between showing a form and saving it.
    # (Holding both transactions open would make SQLite refuse the second writer outright, for another reason.)
    with Session(db.engine, expire_on_commit=False) as first, Session(db.engine, expire_on_commit=False) as second:
        mine, theirs = first.get(model, row_id), second.get(model, row_id)
        first.commit()
        second.commit()
        assert mine.version == theirs.version == 1

        mine.progress = 30
        theirs.progress = 60
        first.commit()

        with pytest.raises(StaleDataError):
            second.flush()
        second.rollback()

    with Session(db.engine) as check:
        assert check.execute(select(model.progress, model.version).where(model.id == row_id)).one() == (30, 2)


@pytest.mark.parametrize("fresh_app", ["postgresql", "mariadb"], indirect=True)
def test_server_databases_refuse_the_stale_save_of_an_open_transaction(migrated_app):
    """Both transactions stay open throughout: the second UPDATE waits for nothing (the first has
    committed) and matches no row, because it still asks for version 1."""
    row_id = _committed_rows()[WorkItem]
    with Session(db.engine) as first, Session(db.engine) as second:
        mine, theirs = first.get(WorkItem, row_id), second.get(WorkItem, row_id)
        mine.progress, theirs.progress = 30, 60
        first.commit()
        with pytest.raises(StaleDataError):
            second.flush()
