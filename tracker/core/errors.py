"""Errors raised by services, carrying a message fit to show a user."""

from __future__ import annotations


class TrackerError(Exception):
    """A rule was broken; `message` is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(TrackerError):
    """Input that the rules refuse (bad status change, dates out of order, ...)."""


class ConflictError(TrackerError):
    """Someone else saved the same object after this user loaded it."""

    def __init__(self, message: str, *, changes: list[tuple[str, object, object]] | None = None) -> None:
        super().__init__(message)
        # (field, value the user saw, value now stored) for each field changed meanwhile.
        self.changes = changes or []


class PermissionDenied(TrackerError):
    """The user may not do this to this object."""


class SeedError(TrackerError):
    """A seed file is malformed; the message names the file, the entry and the problem."""
