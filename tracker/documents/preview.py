"""What an import will write, before it writes: the tree as it will be stored, each department name matched or
unknown, the proposed indicators and the reader's warnings. The upload page and `flask plan import` both show it.

Reading it takes one statement (the departments), whatever the size of the document or of the department list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.documents.matching import match_departments
from tracker.documents.model import ParsedDocument, ParsedItem, ParseWarning, ProposedIndicator
from tracker.documents.services import same_name_groups, title_and_mandate
from tracker.org.models import Department


@dataclass(frozen=True)
class NamedDepartment:
    name: str  # as the document writes it
    department: Department | None  # the department it matches; None: unknown, the office maps or creates it

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


@dataclass
class Preview:
    title: str
    period: tuple[int, int] | None
    rows: list[PreviewRow]
    departments: list[NamedDepartment]  # every name the document uses, in order of first mention
    indicators: list[ProposedIndicator]
    warnings: list[ParseWarning]
    preamble: str = ""
    item_titles: dict[int, str] = field(default_factory=dict)  # heading line -> marker and title, for indicators

    @property
    def unknown(self) -> list[NamedDepartment]:
        """One entry per unknown name as compared (services.same_name_groups), under its first spelling: the
        office chooses once for all the spellings (`spellings`)."""
        return [
            NamedDepartment(group[0], None)
            for group in same_name_groups(named.name for named in self.departments if not named.matched)
        ]

    @property
    def spellings(self) -> dict[str, list[str]]:
        """An unknown name's first spelling -> its other spellings in the document (none for most)."""
        groups = same_name_groups(named.name for named in self.departments if not named.matched)
        return {first: others for first, *others in groups}

    @property
    def matched(self) -> list[NamedDepartment]:
        return [named for named in self.departments if named.matched]


def build_preview(parsed: ParsedDocument) -> Preview:
    matched = match_departments(parsed.department_names())
    named = {name: NamedDepartment(name, department) for name, department in matched.items()}
    rows: list[PreviewRow] = []

    def add(items: list[ParsedItem], depth: int) -> None:
        for item in items:
            title, _mandate = title_and_mandate(item)
            rows.append(
                PreviewRow(
                    depth=depth,
                    marker=item.marker,
                    title=title,
                    title_cut=title != item.title.strip(),
                    kind=item.kind,
                    line=item.line,
                    lead=named[item.lead] if item.lead else None,
                    supporting=[named[name] for name in item.supporting],
                    inherited=item.departments_inherited,
                )
            )
            add(item.children, depth + 1)

    add(parsed.items, 0)
    return Preview(
        title=parsed.title,
        period=parsed.period,
        rows=rows,
        departments=list(named.values()),
        indicators=list(parsed.indicators),
        warnings=list(parsed.warnings),
        preamble=parsed.preamble,
        item_titles={row.line: f"{row.marker} {row.title}" for row in rows},
    )
