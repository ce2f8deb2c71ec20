"""What the reader makes of a plan document: plain data, no database.

A ParsedDocument is the whole preview: the import page shows it, `flask plan import --dry-run` prints it, and
the import service writes it. Department names are kept as the document writes them; matching them to
departments is the writer's job (an unknown name is shown for the office to map or create, never guessed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tracker.core.errors import TrackerError


class DocumentRefused(TrackerError):
    """The file cannot be read as a plan document (not text or .docx, empty, too large, no heading)."""


@dataclass
class ParsedItem:
    marker: str  # the numbering as written, normalised: "一、", "（一）", "1.", "（1）", "①", "●", "专栏3"
    # ("" for a heading the document gives no number: a first chapter whose "一、" was lost, see documents/tree.py)
    kind: str  # a tracker.plan.models.ItemKind value
    title: str  # the heading's own sentence, without the marker and the trailing 。
    mandate: str  # the paragraphs under the heading (and the heading's text after its first sentence), joined by \n
    line: int  # 1-based line of the heading in the document's text
    # Departments as the document names them, after inheritance: an item that names none takes its nearest
    # ancestor's. `departments_inherited` says which.
    lead: str | None = None
    supporting: list[str] = field(default_factory=list)
    departments_inherited: bool = False
    # Background nobody executes (发展趋势, 指导思想, 基本原则 …): written as a PlanContext of `context_kind` (a
    # tracker.plan.models.ContextKind value), not as a work item. Proposed by documents/background.py from the
    # titles, inherited by a heading's children; the office may flip the first two levels.
    background: bool = False
    context_kind: str = ""
    # When the document dates the item (a 完成时间 / 时间节点 column or clause: "2015年10月底" → due 2015-10-31,
    # "2016-2020年" → start 2016-01-01 and due 2020-12-31); None when it does not (see documents/dates.py).
    start: date | None = None
    due: date | None = None
    children: list[ParsedItem] = field(default_factory=list)


@dataclass
class ProposedIndicator:
    """A numeric target found in the text ("到2020年…60家以上"), proposed in the preview; the office picks."""

    name: str
    unit: str
    target_value: Decimal
    comparator: str  # a tracker.indicators comparator value: "ge", "gt", "le", "lt" or "eq"
    target_year: int | None
    source_text: str  # the sentence it was read from
    item_line: int | None  # the line of the heading of the item it belongs to, if any


@dataclass
class ParseWarning:
    line: int
    message: str


@dataclass
class ParsedDocument:
    title: str  # the plan's title (see documents/titles.py); "" when the document has none (it starts with a heading)
    preamble: str  # the paragraphs before the first heading
    period: tuple[int, int] | None  # start and end year when the title or text says (十二五 → 2011-2015)
    items: list[ParsedItem]  # the top-level headings, in document order
    indicators: list[ProposedIndicator] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # The document's closing (落款 and 版记: issuer, date, 抄送, 印发), one line each; it belongs to no item.
    closing: str = ""
    # The transmittal notice the plan was issued with (文号, addressees, "现印发给你们", issuer, date): not the plan.
    notice: str = ""
    # The appendix (附件…) after the last item, with its table rows: shown in the preview, not imported.
    appendix: str = ""
    # Notes under a table (注：…, 备注：…), one line each: shown in the preview, not imported.
    table_notes: str = ""

    def walk(self) -> list[ParsedItem]:
        """Every item, parents before children, in document order."""
        found: list[ParsedItem] = []
        stack = list(reversed(self.items))
        while stack:
            item = stack.pop()
            found.append(item)
            stack.extend(reversed(item.children))
        return found

    def tracked(self) -> list[ParsedItem]:
        """The items written as work items (the rest is background), in document order."""
        return [item for item in self.walk() if not item.background]

    def department_names(self) -> list[str]:
        """Every department name the tracked items use, in order of first mention (background gets none)."""
        names: dict[str, None] = {}
        for item in self.tracked():
            for name in (item.lead, *item.supporting):
                if name:
                    names.setdefault(name)
        return list(names)
