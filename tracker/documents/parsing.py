"""A plan document's text to a ParsedDocument: the title, the preamble, the tree of headings with their titles,
mandates, kinds and departments, the proposed indicators, the period and the warnings.

- The title is the first non-empty line; the preamble, the paragraphs before the first heading.
- Headings are recognised by their markers (markers.py) and nested by tree.py; kinds come from kinds.py.
- A heading's own sentence is its title (headlines.py, without the marker, the trailing 。 and any department
  clause); the text after that sentence on the heading line and the paragraphs up to the next heading are its
  mandate, one paragraph per line.
"""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.documents.headlines import clean_title, split_heading
from tracker.documents.kinds import assign_kinds
from tracker.documents.markers import BOX
from tracker.documents.model import DocumentRefused, ParsedDocument, ParsedItem, ParseWarning
from tracker.documents.periods import find_period
from tracker.documents.reading import read_document
from tracker.documents.tree import Heading, build_outline


def parse_document(data: bytes, *, max_bytes: int) -> ParsedDocument:
    """Read (reading.read_document) and parse a plan document's bytes; DocumentRefused when either refuses."""
    return parse_text(read_document(data, max_bytes=max_bytes))


def parse_text(text: str) -> ParsedDocument:
    """The plan written in `text`; DocumentRefused when it has no line to title it or no recognisable heading."""
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise DocumentRefused(_("文件中没有文字。"))
    (_title_line, title), body = lines[0], lines[1:]
    outline = build_outline(body)
    if not outline.headings:
        raise DocumentRefused(_("找不到可识别的标题。规划文本的各级标题应以“一、”“（一）”“1.”“（1）”等编号开头。"))
    warnings = list(outline.warnings)
    items = [_item(heading, warnings) for heading in outline.headings]
    assign_kinds(items)
    return ParsedDocument(
        title=title,
        preamble="\n".join(outline.preamble),
        period=find_period(title),
        items=items,
        warnings=sorted(warnings, key=lambda warning: warning.line),
    )


def _item(heading: Heading, warnings: list[ParseWarning]) -> ParsedItem:
    marker = heading.marker
    # A box's heading is a caption: all of it is the title ("专栏1：十二五期间……的信息技术领域").
    title, head = (clean_title(marker.rest), "") if marker.style == BOX else split_heading(marker.rest)
    if not title:
        warnings.append(ParseWarning(heading.line, _("标题为空：“%(marker)s”之后没有文字。", marker=marker.text)))
    paragraphs = [head] if head else []
    paragraphs.extend(text for _line, text in heading.body)
    return ParsedItem(
        marker=marker.text,
        kind="",
        title=title,
        mandate="\n".join(paragraphs),
        line=heading.line,
        children=[_item(child, warnings) for child in heading.children],
    )
