"""One notion of subject: what a status update, review, request or audit row belongs to.

A subject is a work item or a project. Core names the kinds (`SubjectType`, whose values are the strings the
database already stores in audit rows and URLs) and says what every subject answers (`Subject`); the plan and
projects features register their models here when they are imported, so core loads a subject by type and id
without importing them (imports run one way, DESIGN.md).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, Protocol, TypeVar

from flask import abort
from flask_babel import pgettext
from sqlalchemy import select
from sqlalchemy.orm.interfaces import ORMOption

from tracker.core.permissions import get_or_404
from tracker.db import Base
from tracker.extensions import db


class SubjectType(StrEnum):
    WORK_ITEM = "work_item"
    PROJECT = "project"

    @classmethod
    def parse(cls, value: object) -> SubjectType | None:
        """The type a string names, None for anything else (a URL's or a caller's unknown kind)."""
        if not isinstance(value, str):
            return None
        try:
            return cls(value)
        except ValueError:
            return None

    @property
    def key(self) -> str:
        """The foreign-key column by which a row belongs to a subject of this type (status updates, reviews)."""
        return f"{self.value}_id"

    @property
    def label(self) -> str:
        """One subject's kind as a person reads it (singular, unlike the navigation's "Projects")."""
        labels = {SubjectType.WORK_ITEM: pgettext("kind", "任务"), SubjectType.PROJECT: pgettext("kind", "项目")}
        return str(labels[self])


class Subject(Protocol):
    """What WorkItem and Project both answer, so that the features above them need not tell them apart."""

    subject_type: ClassVar[SubjectType]
    id: Any
    version: Any
    retired: Any
    status: Any
    progress: Any
    start_date: Any
    due_date: Any
    last_update_at: Any

    @property
    def outline_no(self) -> str:
        """The plan's outline number; "" for a project."""

    @property
    def responsible_department_id(self) -> int | None:
        """The department answerable for it: an item's lead department, a project's owning department."""

    @property
    def responsible_department(self) -> Any:
        """That department (a tracker.org Department), None for an item without a lead department."""

    @property
    def display_title(self) -> str: ...

    @classmethod
    def page_url(cls, subject_id: int) -> str:
        """The subject's own page, from its id alone (lists built from SQL rows have no object)."""

    @property
    def url(self) -> str: ...

    @classmethod
    def in_plan(cls, plan_id: int) -> Any:
        """SQL condition: the subject belongs to that plan (a project through its primary work item)."""


S = TypeVar("S", bound=type[Subject])
_models: dict[SubjectType, type[Subject]] = {}


def subject_model(cls: S) -> S:
    """Class decorator: register a model as the one that implements its `subject_type`."""
    _models[cls.subject_type] = cls
    return cls


def model_for(subject_type: SubjectType | str) -> type[Subject]:
    """The registered model of a type; KeyError for a type nobody registered."""
    return _models[SubjectType(subject_type)]


def load_subject(subject_type: SubjectType | str, subject_id: int) -> Subject:
    """The subject of that type and id; 404 when the type is unknown or no such row exists."""
    kind = SubjectType.parse(subject_type)
    if kind is None or kind not in _models:
        abort(404)
    return get_or_404(_models[kind], subject_id)


def subject_url(subject_type: SubjectType | str, subject_id: int) -> str:
    return model_for(subject_type).page_url(subject_id)


def owner_of(subject: Subject) -> dict[str, Subject]:
    """Keyword arguments that attach a new row (status update, review) to `subject`: its relationship by type."""
    return {subject.subject_type.value: subject}


# A model of rows about one subject (status updates, reviews): an id, a created_at, one foreign key per subject type.
C = TypeVar("C", bound=Base)


def newest_about(
    model: type[C], subject_type: SubjectType | str, subject_id: int, *options: ORMOption, limit: int | None = None
) -> list[C]:
    """The subject's rows of `model`, newest first, with `options` (the author loaded in the same statement, say);
    none for an unknown type."""
    known = SubjectType.parse(subject_type)
    if known is None:
        return []
    query = (
        select(model)
        .options(*options)
        .where(model.__table__.c[known.key] == subject_id)
        .order_by(model.__table__.c.created_at.desc(), model.__table__.c.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))
