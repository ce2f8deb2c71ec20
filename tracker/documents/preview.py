"""What an import will write, before it writes: the tree as it will be stored, each department name matched or
unknown, the proposed indicators and the reader's warnings. The upload page and `flask plan import` both show it.

Reading it takes one statement (the departments), whatever the size of the document or of the department list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.documents.background import CHOOSABLE_DEPTH
from tracker.documents.matching import NameMatch, NameState, match_names
from tracker.documents.model import ParsedDocument, ParsedItem, ParseWarning, ProposedIndicator
from tracker.documents.services import same_name_groups, title_and_mandate
from tracker.org.models import Department


@dataclass(frozen=True)
class NamedDepartment:
    name: str  # as the document writes it
    match: NameMatch  # the departments carrying it; unless exactly one, switched on, the office maps or creates

    @property
    def department(self) -> Department | None:
        return self.match.department

    @property
    def state(self) -> NameState:
        return self.match.state

    @property
    def candidates(self) -> tuple[Department, ...]:
        return self.match.candidates

    @property
    def matched(self) -> bool:
        return self.department is not None


@dataclass
class PreviewRow:
    depth: int  # 0 for a top-level heading
    marker: str
    title: str  # as it will be stored (a long heading sentence cut, see services.title_and_mandate)
    title_cut: bool
    kind: str
    line: int
    lead: NamedDepartment | None
    supporting: list[NamedDepartment]
    inherited: bool
    background: bool = False  # written as a plan context (仅阅读), not a work item
    context_kind: str = ""
    choosable: bool = False  # the office may flip it (跟踪 / 仅阅读): a first- or second-level heading ...
    under_background: bool = False  # ... unless a heading above it is background: then it is too
    start: date | None = None  # as the document dates the item (None: the plan's period when written)
    due: date | None = None


@dataclass
class Preview:
    title: str
    period: tuple[int, int] | None
    rows: list[PreviewRow]
    departments: list[NamedDepartment]  # every name the document uses, in order of first mention
    indicators: list[ProposedIndicator]
    warnings: list[ParseWarning]
    preamble: str = ""
    notice: str = ""  # the transmittal notice and the appendix: shown apart, not imported
    appendix: str = ""
    table_notes: str = ""
    item_titles: dict[int, str] = field(default_factory=dict)  # heading line -> marker and title, for indicators

    @property
    def unknown(self) -> list[NamedDepartment]:
        """The names the office must map (unknown, ambiguous 多个部门同名, or a switched-off department's), one
        entry per name as compared (services.same_name_groups), under its first spelling: the office chooses once
        for all the spellings (`spellings`)."""
        unmatched = {named.name: named for named in self.departments if not named.matched}
        return [unmatched[group[0]] for group in same_name_groups(unmatched)]

    @property
    def spellings(self) -> dict[str, list[str]]:
        """An unmapped name's first spelling -> its other spellings in the document (none for most)."""
        groups = same_name_groups(named.name for named in self.departments if not named.matched)
        return {first: others for first, *others in groups}

    @property
    def matched(self) -> list[NamedDepartment]:
        return [named for named in self.departments if named.matched]

    @property
    def tracked_count(self) -> int:
        return sum(1 for row in self.rows if not row.background)


def build_preview(parsed: ParsedDocument) -> Preview:
    named = {name: NamedDepartment(name, match) for name, match in match_names(parsed.department_names()).items()}
    rows: list[PreviewRow] = []

    def add(items: list[ParsedItem], depth: int, parent: ParsedItem | None) -> None:
        for item in items:
            title, _mandate = title_and_mandate(item)
            tracked = not item.background  # background is written without departments
            under_background = parent is not None and parent.background
            rows.append(
                PreviewRow(
                    depth=depth,
                    marker=item.marker,
                    title=title,
                    title_cut=title != item.title.strip(),
                    kind=item.kind,
                    line=item.line,
                    lead=named[item.lead] if item.lead and tracked else None,
                    supporting=[named[name] for name in item.supporting] if tracked else [],
                    inherited=item.departments_inherited and tracked,
                    background=item.background,
                    context_kind=item.context_kind,
                    choosable=depth < CHOOSABLE_DEPTH and not under_background,
                    under_background=under_background,
                    start=item.start,
                    due=item.due,
                )
            )
            add(item.children, depth + 1, item)

    add(parsed.items, 0, None)
    return Preview(
        title=parsed.title,
        period=parsed.period,
        rows=rows,
        departments=list(named.values()),
        indicators=list(parsed.indicators),
        warnings=list(parsed.warnings),
        preamble=parsed.preamble,
        notice=parsed.notice,
        appendix=parsed.appendix,
        table_notes=parsed.table_notes,
        item_titles={row.line: f"{row.marker} {row.title}" for row in rows},
    )
