"""The outline of a document: which heading sits under which, and where the numbering is out of order.

Levels come from the order in which the styles of markers.py appear, never from a fixed table, so a document that
skips a level or starts at （一） still builds a sensible tree. The builder keeps a stack of open headings:

- a style already on the stack closes back to it: the new heading is a sibling of the open one of that style;
- a new style nests under the innermost open heading ...
- ... except a style that continues a sequence whose start is missing (a "二、" where no "一、" was seen) and that
  conventionally ranks above open styles (二、 above （三）): it closes back to the outermost of those. A document
  that lost its "一、" (the seed plan did) gets its "二、" at the top, beside the （一）（二）（三） it could not nest.
- a box (专栏N) takes the place of the innermost open heading (a box stands beside the paragraph it follows) and
  answers for its style afterwards, so the list it interrupted goes on beside the box; the box's entries (its
  ● items, or a list starting again at 1) nest inside it. A second box closes back to the first.

A document whose first chapter lost its number (the seed plan: "发展趋势与现实基础", then （一）…（三）, then 二、)
gets that line back as a heading with an empty marker: the document gives it no number, the importer may add one.

Numbering is checked per parent and style (boxes across the whole document, as documents number them) and never
corrected: a sequence that does not start at 1, skips, repeats or goes backwards gives a warning on its line. A
list that goes on from where the same style stopped under the previous parent of the same style (1.–3. under 一、,
4.–6. under 二、: a 分解表's continuous numbering) starts where it should.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from tracker.documents.headlines import SENTENCE_PUNCTUATION
from tracker.documents.markers import BOX, Marker, format_marker, read_marker
from tracker.documents.model import ParseWarning

# An unnumbered line read as a heading (see _adopt_unnumbered_first_heading) is short and holds no punctuation.
MAX_UNNUMBERED_HEADING = 30


@dataclass
class Heading:
    marker: Marker
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)  # (line, paragraph) up to the next heading
    children: list[Heading] = field(default_factory=list)


@dataclass
class Outline:
    preamble: list[str]  # paragraphs before the first heading
    headings: list[Heading]  # the top-level headings, in document order
    warnings: list[ParseWarning]


@dataclass
class _Open:
    heading: Heading
    styles: frozenset[str]  # the styles that close back to this heading


class _Builder:
    def __init__(self) -> None:
        self.roots: list[Heading] = []
        self.stack: list[_Open] = []
        self.preamble: list[tuple[int, str]] = []
        self.warnings: list[ParseWarning] = []
        self.missing_first: dict[int, ParseWarning] = {}  # id of a heading numbered 2 with no 1 -> its warning
        self._last: dict[tuple[int, str], Marker] = {}  # (id of the parent or 0, style) -> the last marker there
        # (the parent's style, style) -> the last marker of that style under any parent of that style
        self._last_across: dict[tuple[str, str], Marker] = {}

    def paragraph(self, line: int, text: str) -> None:
        if self.stack:
            self.stack[-1].heading.body.append((line, text))
        else:
            self.preamble.append((line, text))

    def heading(self, line: int, marker: Marker) -> None:
        heading = Heading(marker, line)
        styles = self._place(marker)
        parent = self.stack[-1].heading if self.stack else None
        (parent.children if parent else self.roots).append(heading)
        self.stack.append(_Open(heading, styles))
        self._check_number(heading, parent)

    def _close_to(self, depth: int) -> None:
        del self.stack[depth:]

    def _place(self, marker: Marker) -> frozenset[str]:
        """Close the open headings the new one is not inside of; answer the styles the new heading stands for."""
        style = marker.style
        if self.stack and self._starts_box_list(marker):
            return frozenset({style})
        depths = [depth for depth in range(len(self.stack) - 1, -1, -1) if style in self.stack[depth].styles]
        if depths:
            depth = depths[0]
            if len(depths) > 1 and self._continues_beside_box(marker, depths[0], depths[1]):
                depth = depths[1]
            level_styles = self.stack[depth].styles  # the headings of one level answer for the same styles
            self._close_to(depth)
            return level_styles
        if style == BOX:
            if not self.stack:
                return frozenset({BOX})
            displaced = self.stack.pop()
            return frozenset({BOX, *displaced.styles})
        rank = marker.rank
        if rank is not None and marker.number is not None and marker.number > 1:
            for depth, open_heading in enumerate(self.stack):
                open_rank = open_heading.heading.marker.rank
                if open_rank is not None and open_rank > rank:
                    self._close_to(depth)
                    return frozenset({style})
        return frozenset({style})

    def _continues_beside_box(self, marker: Marker, inner: int, outer: int) -> bool:
        """A box's entries are 1. 2. 3. and the list the box interrupted stopped at 4.: a "5." goes on beside the
        box, not among its entries."""
        box = self.stack[outer].heading
        if box.marker.style != BOX or inner != outer + 1 or marker.number is None:
            return False
        parent = self.stack[outer - 1].heading if outer else None
        beside = self._last.get((id(parent) if parent else 0, marker.style))
        among = self._last.get((id(box), marker.style))
        continues = beside is not None and beside.number is not None and marker.number == beside.number + 1
        return continues and (among is None or among.number is None or marker.number != among.number + 1)

    def _starts_box_list(self, marker: Marker) -> bool:
        """A box's first entry, numbered from 1 in the style the box displaced: it goes inside the box."""
        innermost = self.stack[-1]
        return (
            innermost.heading.marker.style == BOX
            and not innermost.heading.children
            and marker.number == 1
            and marker.style in innermost.styles - {BOX}
        )

    def _check_number(self, heading: Heading, parent: Heading | None) -> None:
        marker = heading.marker
        number = marker.number
        if number is None:
            return
        scope = 0 if marker.style == BOX or parent is None else id(parent)
        previous = self._last.get((scope, marker.style))
        self._last[(scope, marker.style)] = marker
        across_key = (parent.marker.style if parent is not None else "", marker.style)
        across = self._last_across.get(across_key)
        self._last_across[across_key] = marker
        if previous is None or previous.number is None:
            continues = across is not None and across.number is not None and number == across.number + 1
            if number != 1 and not (scope and continues):
                first = format_marker(marker.style, 1)
                self._warn(heading, _("编号不连续：“%(marker)s”之前没有“%(first)s”。", marker=marker.text, first=first))
                self.missing_first[id(heading)] = self.warnings[-1]
        elif number == previous.number:
            self._warn(heading, _("编号重复：又一个“%(marker)s”。", marker=marker.text))
        elif number < previous.number:
            self._warn(
                heading,
                _("编号倒序：“%(marker)s”在“%(previous)s”之后。", marker=marker.text, previous=previous.text),
            )
        elif number > previous.number + 1:
            missing = format_marker(marker.style, previous.number + 1)
            self._warn(
                heading,
                _(
                    "编号不连续：“%(previous)s”之后是“%(marker)s”，缺少“%(missing)s”。",
                    previous=previous.text,
                    marker=marker.text,
                    missing=missing,
                ),
            )

    def _warn(self, heading: Heading, message: str) -> None:
        self.warnings.append(ParseWarning(heading.line, message))


def build_outline(lines: list[tuple[int, str]]) -> Outline:
    """The headings of a document's lines ((line number, stripped non-empty text), title excluded) as a tree."""
    builder = _Builder()
    for number, text in lines:
        marker = read_marker(text)
        if marker is None:
            builder.paragraph(number, text)
        else:
            builder.heading(number, marker)
    _adopt_unnumbered_first_heading(builder)
    return Outline([text for _line, text in builder.preamble], builder.roots, builder.warnings)


def _looks_like_heading(text: str) -> bool:
    return len(text) <= MAX_UNNUMBERED_HEADING and not any(char in SENTENCE_PUNCTUATION for char in text)


def _adopt_unnumbered_first_heading(builder: _Builder) -> None:
    """A top-level "二、" with no "一、", after top-level headings of lower styles ((一)(二)(三)), and a short line
    without punctuation ending the preamble: that line is the document's first chapter, its number lost (the seed
    plan's "发展趋势与现实基础"). It becomes a heading with an empty marker holding those lower headings, and the
    warning says so instead of "no 一、"."""
    roots = builder.roots
    if not builder.preamble or not _looks_like_heading(builder.preamble[-1][1]):
        return
    for index, heading in enumerate(roots):
        warning = builder.missing_first.get(id(heading))
        rank = heading.marker.rank
        if warning is None or index == 0 or heading.marker.number != 2 or rank is None:
            continue
        if all(earlier.marker.rank is not None and earlier.marker.rank > rank for earlier in roots[:index]):
            line, text = builder.preamble.pop()
            chapter = Heading(Marker(heading.marker.style, None, "", text), line, children=roots[:index])
            roots[:index] = [chapter]
            builder.warnings.remove(warning)
            builder.warnings.append(
                ParseWarning(
                    line,
                    _(
                        "标题“%(title)s”没有编号，读作“%(next)s”之前的同级标题。",
                        title=text,
                        next=heading.marker.text,
                    ),
                )
            )
        return
