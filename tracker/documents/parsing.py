"""A plan document's text to a ParsedDocument: the title, the preamble, the tree of headings with their titles,
mandates, kinds and departments, the proposed indicators, the period and the warnings.

- The title is the first non-empty line, or the plan's title in a transmittal notice, or "" when the first line
  is a heading (titles.py); the preamble, the paragraphs before the first heading; the closing (issuer, date,
  抄送, 印发: closing.py), the lines after the last paragraph that belong to no heading; an appendix (附件…, with
  its table) after the last item is kept apart with a warning (appendix.py), and so is a note under a table
  (注：…, table_notes.py).
- Headings are recognised by their markers (markers.py) and nested by tree.py; kinds come from kinds.py. A
  document that is a task table (任务分解表) has its rows read as headings (tables.py).
- A heading's own sentence is its title (headlines.py, without the marker, the trailing 。 and any department
  clause); the text after that sentence on the heading line and the paragraphs up to the next heading are its
  mandate, one paragraph per line.
- Departments (departments.py) are read from a clause on the heading line, else from a paragraph under it that
  is only a clause or from the end of the last paragraph under it; the clause is taken out of the title and the
  mandate. An item that names none takes its nearest ancestor's (`departments_inherited`).
- Background (trends, results, problems, guiding thought, principles) is proposed from the titles
  (background.py): written as plan contexts, not work items.
- An item's start and due dates come from a 完成时间 / 时间节点 column or clause (dates.py); a date outside the
  plan's years is a warning naming the item (the import keeps it as written).
- Numeric targets in the items' text are proposed as indicators (indicators.py); the period comes from the title
  (periods.py).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.documents.appendix import split_appendix
from tracker.documents.background import decide_background
from tracker.documents.closing import split_closing
from tracker.documents.dates import read_dates
from tracker.documents.departments import Assignment, Clause, take_from_line, take_from_paragraph
from tracker.documents.headlines import clean_title, split_heading
from tracker.documents.indicators import find_indicators
from tracker.documents.kinds import assign_kinds
from tracker.documents.limits import DocumentLimits, check_headings, check_text
from tracker.documents.markers import BOX, read_marker
from tracker.documents.model import DocumentRefused, ParsedDocument, ParsedItem, ParseWarning
from tracker.documents.periods import find_period
from tracker.documents.reading import read_document
from tracker.documents.table_notes import split_table_notes
from tracker.documents.tables import read_task_tables
from tracker.documents.titles import split_title
from tracker.documents.tree import Heading, build_outline


def parse_document(data: bytes, *, max_bytes: int, limits: DocumentLimits | None = None) -> ParsedDocument:
    """Read (reading.read_document) and parse a plan document's bytes; DocumentRefused when either refuses."""
    limits = limits or DocumentLimits(max_bytes=max_bytes)
    return parse_limited(read_document(data, max_bytes=max_bytes, limits=limits), limits)


def parse_limited(text: str, limits: DocumentLimits) -> ParsedDocument:
    """parse_text within the limits: the text's size and lines, then its headings, each refused before the work it
    would cost (the lines that start with a marker are counted before the tree is built)."""
    check_text(text, limits)
    check_headings(sum(1 for line in text.splitlines() if read_marker(line)), limits)
    parsed = parse_text(text)
    check_headings(len(parsed.walk()), limits)  # a task table's rows are headings without a marker
    return parsed


def parse_text(text: str) -> ParsedDocument:
    """The plan written in `text`; DocumentRefused when it has no line to title it or no recognisable heading."""
    # Lines keep their tabs until task tables are read: a row's empty first cell still holds its column.
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise DocumentRefused(_("文件中没有文字。"))
    titled = split_title(lines)
    body, closing = split_closing(titled.body)
    body, appendix = split_appendix(body)
    body, notes = split_table_notes(body)
    tables = read_task_tables(body)
    outline = build_outline([(number, line.strip()) for number, line in (tables.lines if tables else body)])
    if not outline.headings:
        raise DocumentRefused(_("找不到可识别的标题。规划文本的各级标题应以“一、”“（一）”“1.”“（1）”等编号开头。"))
    warnings = [*outline.warnings, *(tables.warnings if tables else [])]
    if appendix:
        label = appendix[0][1].strip()
        warnings.append(ParseWarning(appendix[0][0], _("附件“%(label)s”不导入，在预览中单独列出。", label=label)))
    for number, note in notes:
        warnings.append(ParseWarning(number, _("表格下的注“%(note)s”不导入，在预览中单独列出。", note=note.strip())))
    items = [_item(heading, warnings) for heading in outline.headings]
    assign_kinds(items)
    decide_background(items)
    _inherit_departments(items)
    period = find_period(titled.title)
    if period is not None:
        warnings.extend(_dates_outside(items, period))
    document = ParsedDocument(
        title=titled.title,
        preamble="\n".join(outline.preamble),
        period=period,
        items=items,
        warnings=sorted(warnings, key=lambda warning: warning.line),
        closing="\n".join(closing),
        notice="\n".join(titled.notice),
        appendix="\n".join(text.strip() for _number, text in appendix),
        table_notes="\n".join(text.strip() for _number, text in notes),
    )
    document.indicators = find_indicators(document.walk(), document.period)
    return document


def _item(heading: Heading, warnings: list[ParseWarning]) -> ParsedItem:
    marker = heading.marker
    line = take_from_line(marker.rest)
    _warn_unreadable(heading.line, marker.rest, line.unreadable, warnings)
    # A box's heading is a caption: all of it is the title ("专栏1：十二五期间……的信息技术领域").
    title, head = (clean_title(line.text), "") if marker.style == BOX else split_heading(line.text)
    if not title:
        warnings.append(ParseWarning(heading.line, _("标题为空：“%(marker)s”之后没有文字。", marker=marker.text)))
    body = list(heading.body)
    assignment, assignment_line = line.assignment, heading.line
    for index, (number, text) in enumerate(body if assignment is None else []):
        taken = take_from_paragraph(text, last=index == len(body) - 1)
        _warn_unreadable(number, text, taken.unreadable, warnings)
        if taken.assignment is not None:
            assignment, assignment_line = taken.assignment, number
            body[index] = (number, taken.text)
            break
    _warn_other_leads(assignment_line, assignment, warnings)
    paragraphs = [head] if head else []
    paragraphs.extend(text for _number, text in body if text)
    start, due = read_dates("\n".join([marker.rest, *paragraphs]))
    return ParsedItem(
        marker=marker.text,
        kind="",
        title=title,
        mandate="\n".join(paragraphs),
        line=heading.line,
        lead=assignment.lead if assignment else None,
        supporting=list(assignment.supporting) if assignment else [],
        start=start,
        due=due,
        children=[_item(child, warnings) for child in heading.children],
    )


def _warn_unreadable(line: int, text: str, clauses: list[Clause], warnings: list[ParseWarning]) -> None:
    for clause in clauses:
        written = text[clause.start : clause.end]
        warnings.append(ParseWarning(line, _("部门写法无法识别，未读取：“%(clause)s”。", clause=written)))


def _warn_other_leads(line: int, assignment: Assignment | None, warnings: list[ParseWarning]) -> None:
    if assignment is None or not assignment.other_leads:
        return
    leads = "、".join([assignment.lead or "", *assignment.other_leads])
    if len(assignment.other_leads) == 1:
        message = _("文件列出两个牵头单位：%(names)s，系统只能记一个牵头单位，其余记为配合。", names=leads)
    else:
        message = ngettext(
            "文件列出 %(num)d 个牵头单位：%(names)s，系统只能记一个牵头单位，其余记为配合。",
            "文件列出 %(num)d 个牵头单位：%(names)s，系统只能记一个牵头单位，其余记为配合。",
            len(assignment.other_leads) + 1,
            names=leads,
        )
    warnings.append(ParseWarning(line, message))


def _dates_outside(items: list[ParsedItem], period: tuple[int, int]) -> list[ParseWarning]:
    """A warning for each item dated (完成时间, 时间节点) outside the plan's years: a typo or a deliberate late date,
    which only the office can tell; the import keeps the date as written."""
    warnings: list[ParseWarning] = []
    stack = list(items)
    while stack:
        item = stack.pop()
        stack.extend(item.children)
        dates = [day for day in (item.start, item.due) if day is not None]
        if any(not period[0] <= day.year <= period[1] for day in dates):
            written = "—".join(day.isoformat() for day in dates)
            message = _(
                "“%(item)s”的时间 %(dates)s 不在规划期 %(first)d—%(last)d 年内，将按文件所写导入。",
                item=f"{item.marker} {item.title}".strip(),
                dates=written,
                first=period[0],
                last=period[1],
            )
            warnings.append(ParseWarning(item.line, message))
    return warnings


def _inherit_departments(items: list[ParsedItem], parent: ParsedItem | None = None) -> None:
    """An item that names no department takes its nearest ancestor's (a clause on a chapter covers its items); one
    that names only supporting departments (（配合单位：市科委）) takes the ancestor's lead and keeps its own
    supporting ones (the ancestor's lead is not listed twice)."""
    for item in items:
        if parent is not None and not (item.lead or item.supporting) and (parent.lead or parent.supporting):
            item.lead, item.supporting, item.departments_inherited = parent.lead, list(parent.supporting), True
        elif parent is not None and item.lead is None and item.supporting and parent.lead:
            item.lead, item.departments_inherited = parent.lead, True
            item.supporting = [name for name in item.supporting if name != parent.lead]
        _inherit_departments(item.children, item)
