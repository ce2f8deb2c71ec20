"""Small builders the sections share: numbered captions, the sentence that stands in for an empty table."""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.reports.document import Paragraph


class Captions:
    """Tables and charts are numbered through the whole report (表1, 表2 … 图1, 图2 …), in the order they appear."""

    def __init__(self) -> None:
        self.tables = 0
        self.charts = 0

    def table(self, title: str) -> str:
        self.tables += 1
        return _("表%(number)d　%(title)s", number=self.tables, title=title)

    def chart(self, title: str) -> str:
        self.charts += 1
        return _("图%(number)d　%(title)s", number=self.charts, title=title)


def notice(text: str) -> Paragraph:
    """What a section says instead of an empty table."""
    return Paragraph(text, style="notice")


def note(text: str) -> Paragraph:
    """A source or a caveat under a table."""
    return Paragraph(text, style="note")
