"""Errors raised by services, carrying a message fit to show a user."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


class TrackerError(Exception):
    """A rule was broken; `message` is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(TrackerError):
    """Input that the rules refuse (bad status change, dates out of order, ...), every refusal at once.

    `errors` maps a field name to its messages and `form_errors` holds those that belong to no field, so a page
    (or a 422 JSON body, see `as_dict`) shows them all in one response. `message` and `field` are the first of
    them, for callers that show one line (the Excel import's row reason, a flash).
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        field: str | None = None,
        errors: Mapping[str, list[str]] | None = None,
        form_errors: list[str] | None = None,
    ) -> None:
        by_field = {name: list(messages) for name, messages in (errors or {}).items() if messages}
        general = list(form_errors or [])
        if message is not None:
            (by_field.setdefault(field, []) if field else general).insert(0, message)
        if message is None and by_field:
            field = next(iter(by_field))
            message = by_field[field][0]
        elif message is None:
            message = general[0]
        super().__init__(message, field=field)
        self.errors = by_field
        self.form_errors = general

    def as_dict(self) -> dict[str, object]:
        """{"errors": {field: [message, ...]}, "form_errors": [message, ...]}, the messages as text."""
        return {
            "errors": {name: [str(m) for m in messages] for name, messages in self.errors.items()},
            "form_errors": [str(m) for m in self.form_errors],
        }


class Problems:
    """Collects every rule a submission breaks, so the service raises them together instead of the first one.

    problems = Problems()
    title = problems.check(_clean_title, values["title"])   # None when it raised; the message is kept
    if not name:
        problems.add(_("此项必填。"), "name")
    problems.raise_if_any()
    """

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self.form_errors: list[str] = []

    def add(self, message: str, field: str | None = None) -> None:
        if field:
            self.errors.setdefault(field, []).append(message)
        else:
            self.form_errors.append(message)

    def has(self, field: str) -> bool:
        return field in self.errors

    def check(self, rule: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """Run a rule that raises ValidationError; keep its messages and answer None instead of raising."""
        try:
            return rule(*args, **kwargs)
        except ValidationError as error:
            for name, messages in error.errors.items():
                for message in messages:
                    self.add(message, name)
            self.form_errors.extend(error.form_errors)
            return None

    def __bool__(self) -> bool:
        return bool(self.errors or self.form_errors)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(errors=self.errors, form_errors=self.form_errors)


class ConflictError(TrackerError):
    """Someone else saved the same object after this user loaded it."""

    def __init__(self, message: str, *, changes: Sequence[tuple[str, object, object]] | None = None) -> None:
        super().__init__(message)
        # (field, value the user saw, value now stored) for each field changed meanwhile.
        self.changes = list(changes or [])


class PermissionDenied(TrackerError):
    """The user may not do this to this object."""


class SeedError(TrackerError):
    """A seed file is malformed; the message names the file, the entry and the problem."""
