"""Sample documents (tests/documents/samples/, shared with the importer's and the browser tests) and tree views."""

from __future__ import annotations

from pathlib import Path

from tracker.documents.model import ParsedDocument, ParsedItem

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def outline(items: list[ParsedItem], depth: int = 0) -> list[str]:
    """The tree as indented "marker title [kind]" lines, to compare a whole tree at a glance."""
    lines: list[str] = []
    for item in items:
        lines.append(f"{'  ' * depth}{item.marker} {item.title} [{item.kind}]")
        lines.extend(outline(item.children, depth + 1))
    return lines


def by_title(document: ParsedDocument, title: str) -> ParsedItem:
    (item,) = [item for item in document.walk() if item.title == title]
    return item
