"""Items' full outlines ("三、(一)1.〔1〕"), as the item page's breadcrumb chains them, for many items at once.

An item's own number ("〔1〕", "5.") names nothing without its parents' in a list that leaves the tree behind (a
sheet, a mail). The materialized path (tracker.plan.hierarchy) lists every ancestor's id, so the numbers of all
the items' ancestors are read in one statement, however many items and however deep.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from tracker.core.subjects import Subject
from tracker.extensions import db
from tracker.plan.hierarchy import ids_on_path
from tracker.plan.models import WorkItem
from tracker.plan.outline import numbered, shown_chain

# Past this many ids, the whole plan's numbers are read instead: a list of ids that long costs more to send than
# the plan's narrow rows, and would come near the databases' limits on bound parameters.
_LISTED_IDS_MAX = 1000


def full_outlines(plan_id: int, paths: Mapping[int, str]) -> dict[int, str]:
    """Each item's shown outline from the root down, keyed by id, from `paths` (item id -> its path; items of
    the plan `plan_id`): one statement, none when `paths` is empty. An ancestor that is gone (bad data) is left
    out of the chain."""
    lines = {item_id: ids_on_path(path) for item_id, path in paths.items() if path}
    wanted = {i for line in lines.values() for i in line}
    if not wanted:
        return {}
    query = select(WorkItem.id, WorkItem.outline_no, WorkItem.outline_added)
    if len(wanted) <= _LISTED_IDS_MAX:
        query = query.where(WorkItem.id.in_(wanted))
    else:
        query = query.where(WorkItem.plan_id == plan_id)
    numbers = {item_id: (outline_no, added) for item_id, outline_no, added in db.session.execute(query)}
    return {item_id: shown_chain(numbers[i] for i in line if i in numbers) for item_id, line in lines.items()}


def subject_heading(subject: Subject) -> str:
    """A work item or project named as a list outside the tree names it (a notification, a mail): an item by its
    full outline and title ("三、(一)1. 建设…", one statement), a project by its title."""
    if isinstance(subject, WorkItem):
        outline = full_outlines(subject.plan_id, {subject.id: subject.path}).get(subject.id, "")
        return numbered(outline, subject.display_title)
    return str(subject.display_title)
