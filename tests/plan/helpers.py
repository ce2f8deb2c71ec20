"""Reading the plan pages back: tree rows, form fields with their errors, audit rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from sqlalchemy import select

from tracker.core.models import AuditEvent

_ROW = re.compile(r'<tr [^>]*data-item-id="(\d+)"[^>]*data-matched="([01])"')


def tree_rows(html: str) -> list[tuple[int, bool]]:
    """(item id, matched) for each row of the plan tree, in page order."""
    return [(int(item_id), matched == "1") for item_id, matched in _ROW.findall(html)]


def matched_ids(html: str) -> set[int]:
    return {item_id for item_id, matched in tree_rows(html) if matched}


def counts_line(html: str) -> str:
    start = html.index('data-testid="tree-counts"')
    return re.sub(r"\s+", " ", html[start : html.index("</p>", start)])


@dataclass
class FieldView:
    name: str
    value: str = ""
    selected: list[str] = field(default_factory=list)
    invalid: bool = False
    errors: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    """render_field writes each control followed by its invalid-feedback divs: errors belong to the last control."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, FieldView] = {}
        self._last: FieldView | None = None
        self._capture: str | None = None
        self._buffer: list[str] = []

    def _field(self, attributes: dict) -> FieldView:
        view = self.fields.setdefault(attributes["name"], FieldView(attributes["name"]))
        view.invalid = view.invalid or "is-invalid" in (attributes.get("class") or "").split()
        self._last = view
        return view

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self._field(attributes).value = attributes.get("value") or ""
        elif tag in ("select", "textarea") and attributes.get("name"):
            self._field(attributes)
            if tag == "textarea":
                self._capture, self._buffer = "textarea", []
        elif tag == "option" and self._last is not None and "selected" in attributes:
            self._last.selected.append(attributes.get("value") or "")
        elif tag == "div" and "invalid-feedback" in (attributes.get("class") or ""):
            self._capture, self._buffer = "error", []

    def handle_data(self, data) -> None:
        if self._capture:
            self._buffer.append(data)

    def handle_endtag(self, tag) -> None:
        if self._capture == "textarea" and tag == "textarea":
            # The browser drops one newline right after <textarea>; so do we.
            self._last.value = "".join(self._buffer).removeprefix("\n")
            self._capture = None
        elif self._capture == "error" and tag == "div":
            if self._last is not None:
                self._last.errors.append("".join(self._buffer).strip())
            self._capture = None


def form_fields(html: str, form_id: str | None = None) -> dict[str, FieldView]:
    """The fields of the page's form with `form_id` (default: the page's main content, past the navigation bar)."""
    if form_id is not None:
        start = html.index(f'id="{form_id}"')
        html = html[start : html.index("</form>", start)]
    else:
        html = html[html.index("<main") :]
    parser = _FormParser()
    parser.feed(html)
    return parser.fields


def audit_rows(session, item_id: int) -> list[tuple[str, str, str | None, str | None]]:
    """(action, field, old, new) for the item, oldest first."""
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.field, AuditEvent.old_value, AuditEvent.new_value)
        .where(AuditEvent.entity_type == "work_item", AuditEvent.entity_id == item_id)
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


_LEVEL_SPAN = re.compile(
    r'<span class="outline-level">((?:[^<]|<span class="outline-added"[^>]*>[^<]*</span>)*)</span>'
)


def joined_levels(html: str) -> str:
    """The page with the tree's outline cells as one run of text again ("三、1.(1)"): the cells wrap each level's
    number in a span of its own (tracker.plan.outline.levels_markup), which tests/browser checks."""
    return _LEVEL_SPAN.sub(r"\1", html)
