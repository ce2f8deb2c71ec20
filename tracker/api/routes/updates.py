"""Status updates on work items and projects: the subject's reports, newest first, and posting a new one.

Reading shows what the subject's page shows on its timeline: every report, a member's draft waiting for its lead
(sign_off pending) and a returned one included, each marked. Posting calls the update page's own service
(tracker.updates.services.post_status_update) under the page's permission (can_post_update): the same rules,
the same messages, the same notices and audit rows; a stale `version` is a 409, as on the page.
"""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.api.bodies import Body, Field
from tracker.api.present import USER_REF, day, moment, page_answer, user_ref
from tracker.api.query import PAGING
from tracker.api.registry import operation
from tracker.api.routes.projects import STATUS
from tracker.api.schemas import DATE, DATETIME, INTEGER, PERCENT, STRING, component, enum, nullable, obj, one, page_of
from tracker.core import clock
from tracker.core.paging import paginate
from tracker.core.permissions import authorize, get_or_404
from tracker.core.statuses import STATUS_VALUES
from tracker.core.subjects import Subject, SubjectType
from tracker.core.transactions import stale_as_conflict
from tracker.plan.models import WorkItem
from tracker.projects.models import Project
from tracker.updates.models import SignOff, StatusUpdate
from tracker.updates.permissions import can_post_update
from tracker.updates.services import UpdateData, post_status_update

_UPDATE_FIELDS: dict[str, Any] = {
    "id": INTEGER,
    "subject": obj({"type": enum(tuple(SubjectType)), "id": INTEGER}, description="What the report is about"),
    "author": USER_REF,
    "created_at": DATETIME,
    "status_before": STATUS,
    "status_after": STATUS,
    "progress_before": PERCENT,
    "progress_after": PERCENT,
    "note": STRING,
    "delay_reason": STRING,
    "remedy": STRING,
    "expected_completion": nullable(DATE),
    "sign_off": enum(
        tuple(SignOff),
        "approved: the report took effect; pending: a member's draft waiting for the lead; returned: sent back",
    ),
    "signed_off_by": nullable(USER_REF),
    "sign_off_comment": {"type": "string", "description": "The lead's comment on a returned report"},
}
STATUS_UPDATE = component("StatusUpdate", obj(_UPDATE_FIELDS))
POSTED_UPDATE = component(
    "PostedStatusUpdate",
    obj(
        {
            **_UPDATE_FIELDS,
            "subject_version": {
                "type": "integer",
                "description": "The subject's version now: send it with the next report (a draft leaves it unchanged)",
            },
        }
    ),
)

_STATUSES = ", ".join(STATUS_VALUES)
NEW_UPDATE = Body(
    "NewStatusUpdate",
    (
        # Status, progress and the texts are checked by the update page's own rules, so a program hears the same
        # messages at the same fields as a person using the form (only their JSON types are checked before).
        Field("status", "string", f"One of {_STATUSES}", required=True),
        Field("progress", "integer", "0 to 100; 100 when completed, 0 when not started", required=True),
        Field(
            "version", "integer", "The subject's version the report was made on: a stale one is a 409", required=True
        ),
        Field("note", "text", "What happened; required when progress goes down (at most 4000 characters)"),
        Field("delay_reason", "text", "Why it is late: required for late, at-risk or overdue work"),
        Field("remedy", "text", "What is being done about it: required with a delay reason"),
        Field(
            "expected_completion",
            "date",
            "When late work will be finished: required with a delay reason",
            nullable=True,
        ),
    ),
    description="A progress report, as the update page's form takes it.",
)


def update_json(update: StatusUpdate) -> dict[str, Any]:
    if update.work_item_id is not None:
        subject = {"type": SubjectType.WORK_ITEM.value, "id": update.work_item_id}
    else:
        subject = {"type": SubjectType.PROJECT.value, "id": update.project_id}
    return {
        "id": update.id,
        "subject": subject,
        "author": user_ref(update.author),
        "created_at": moment(update.created_at),
        "status_before": update.status_before,
        "status_after": update.status_after,
        "progress_before": update.progress_before,
        "progress_after": update.progress_after,
        "note": update.note,
        "delay_reason": update.delay_reason,
        "remedy": update.remedy,
        "expected_completion": day(update.expected_completion),
        "sign_off": update.sign_off,
        "signed_off_by": user_ref(update.signed_off_by),
        "sign_off_comment": update.sign_off_comment,
    }


def _updates_page(subject: Subject, query: dict[str, Any]) -> ResponseReturnValue:
    """One page of the subject's reports, newest first, authors and signing leads in the same statement."""
    rows = (
        select(StatusUpdate)
        .where(StatusUpdate.__table__.c[subject.subject_type.key] == subject.id)
        .options(joinedload(StatusUpdate.author), joinedload(StatusUpdate.signed_off_by))
        .order_by(StatusUpdate.created_at.desc(), StatusUpdate.id.desc())
    )
    page = paginate(rows, query["page"], query["per_page"], scalars=True)
    return page_answer(page, [update_json(update) for update in page.rows])


def _post(subject: Subject, body: dict[str, Any]) -> ResponseReturnValue:
    """The update page's post, without its files: same permission, same service (which also tells the leads
    about a draft and audits an applied report); the request lifecycle commits."""
    authorize(can_post_update(current_user, subject))
    data = UpdateData(
        status=body["status"],
        progress=body["progress"],
        version=body["version"],
        note=body.get("note") or "",
        delay_reason=body.get("delay_reason") or "",
        remedy=body.get("remedy") or "",
        expected_completion=body.get("expected_completion"),
    )
    # Two reports that both passed the version check race at the flush: the loser hears a 409, as on the page
    # (save_form does the same there), not a 500.
    with stale_as_conflict():
        update = post_status_update(subject, data, current_user._get_current_object(), clock.today())
    return {"data": {**update_json(update), "subject_version": subject.version}}, 201


@operation(
    "/items/<int:item_id>/updates",
    summary="A work item's status updates",
    tag="updates",
    query=PAGING,
    response=page_of(STATUS_UPDATE),
    errors=(404,),
)
def list_item_updates(item_id: int, query: dict[str, Any]) -> ResponseReturnValue:
    """Newest first: every report on the item's timeline, drafts and returned reports included (marked by
    `sign_off`), as the item's page shows them to everyone signed in."""
    return _updates_page(get_or_404(WorkItem, item_id), query)


@operation(
    "/projects/<int:project_id>/updates",
    summary="A project's status updates",
    tag="updates",
    query=PAGING,
    response=page_of(STATUS_UPDATE),
    errors=(404,),
)
def list_project_updates(project_id: int, query: dict[str, Any]) -> ResponseReturnValue:
    """Newest first, drafts and returned reports included (marked by `sign_off`), as the project's page shows them."""
    return _updates_page(get_or_404(Project, project_id), query)


@operation(
    "/items/<int:item_id>/updates",
    "POST",
    summary="Report on a work item",
    tag="updates",
    body=NEW_UPDATE,
    status=201,
    response=one(POSTED_UPDATE),
    errors=(403, 404, 409, 422),
)
def post_item_update(item_id: int, body: dict[str, Any]) -> ResponseReturnValue:
    """Admins anywhere; leads, members and the office where their department leads the item. A member's report
    in a department whose reports need sign-off is kept as a draft (`sign_off: pending`) and changes nothing yet."""
    return _post(get_or_404(WorkItem, item_id), body)


@operation(
    "/projects/<int:project_id>/updates",
    "POST",
    summary="Report on a project",
    tag="updates",
    body=NEW_UPDATE,
    status=201,
    response=one(POSTED_UPDATE),
    errors=(403, 404, 409, 422),
)
def post_project_update(project_id: int, body: dict[str, Any]) -> ResponseReturnValue:
    """Admins anywhere; leads, members and the office where their department owns the project. A member's report
    in a department whose reports need sign-off is kept as a draft (`sign_off: pending`) and changes nothing yet."""
    return _post(get_or_404(Project, project_id), body)
