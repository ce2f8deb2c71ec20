"""Test helpers: a valid submission, row counts, and reading the form back out of a response."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from sqlalchemy import func, select

from tracker.core.models import AuditEvent
from tracker.updates.models import StatusUpdate


@dataclass
class FieldView:
    name: str
    classes: set[str]
    value: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def invalid(self) -> bool:
        return "is-invalid" in self.classes


class _FormParser(HTMLParser):
    """render_field writes each control followed by its own invalid-feedback divs; errors belong to the last control."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, FieldView] = {}
        self._last: FieldView | None = None
        self._capture: str | None = None  # "textarea", "option" or "error"
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag in ("input", "select", "textarea") and name:
            view = FieldView(name, set((attributes.get("class") or "").split()), attributes.get("value") or "")
            self.fields[name] = view
            self._last = view
            if tag == "textarea":
                self._start("textarea")
        elif tag == "option" and "selected" in attributes and self._last is not None:
            self._last.value = attributes.get("value") or ""
        elif tag == "div" and "invalid-feedback" in (attributes.get("class") or "").split():
            self._start("error")

    def handle_data(self, data) -> None:
        if self._capture:
            self._buffer.append(data)

    def handle_endtag(self, tag) -> None:
        if self._capture == "textarea" and tag == "textarea":
            # Browsers drop the one newline that follows <textarea>; WTForms writes it for exactly that reason.
            text = "".join(self._buffer)
            self._last.value = text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n")
            self._capture = None
        elif self._capture == "error" and tag == "div":
            self._last.errors.append("".join(self._buffer).strip())
            self._capture = None

    def _start(self, what: str) -> None:
        self._capture = what
        self._buffer = []


def form_fields(html: str) -> dict[str, FieldView]:
    parser = _FormParser()
    parser.feed(html)
    return parser.fields


def update_form(subject, **values) -> dict[str, str]:
    """A complete, valid submission against the subject's current version; `values` override fields."""
    data = {
        "status": "in_progress",
        "progress": "40",
        "note": "",
        "delay_reason": "",
        "remedy": "",
        "expected_completion": "",
        "version": str(subject.version),
    }
    data.update(values)
    return data


def journal_size(session, subject_column, subject_id) -> int:
    return session.scalar(select(func.count()).select_from(StatusUpdate).where(subject_column == subject_id))


def audit_size(session, entity_type: str, entity_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
    )
