"""Writing a read plan document as a NEW plan: its items, its background (plan contexts: the headings the reader
or the office marked as background, documents/background.py), its departments and the indicators the office chose.

`check_import` says everything that is wrong at once and writes nothing (the preview and `--dry-run` call it);
`import_plan` checks the same, then writes and flushes, never commits: the caller's one transaction holds the
whole plan, so a failure anywhere leaves nothing behind. Importing only adds: no row of another plan is changed.
Re-importing with a code that is taken is refused (it never updates in place: the office may have edited the
first import since).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.core import audit
from tracker.core.errors import Problems, ValidationError
from tracker.core.transactions import flush
from tracker.documents.matching import (
    kind_for,
    match_departments,
    match_names,
    next_codes,
    next_sort_order,
    short_name_for,
)
from tracker.documents.model import ParsedDocument, ParsedItem, ProposedIndicator
from tracker.extensions import db
from tracker.indicators.models import (
    NUMBER_INTEGER_DIGITS,
    NUMBER_PLACES,
    Comparator,
    Indicator,
    fits_indicator_number,
)
from tracker.org.models import Department
from tracker.org.services import LIMITS as DEPARTMENT_LIMITS
from tracker.org.services import DepartmentData, create_department, name_key
from tracker.plan.models import AssignmentSource, ContextKind, ItemKind, Plan, PlanContext, WorkItem
from tracker.plan.structure import MANDATE_MAX, OUTLINE_MAX, TITLE_MAX, department_text, item_text

# The mapping's value for "create a department of this name" (otherwise: an existing department's id).
NEW_DEPARTMENT = "new"
DEPARTMENT_FIELD_PREFIX = "department:"
DepartmentMap = Mapping[str, int | str]
CODE_MAX = 64
PLAN_TITLE_MAX = 200
_CODE = re.compile(r"^[A-Za-z0-9-]+$", re.ASCII)
YEAR_RANGE = (1949, 2200)
# Where a heading sentence longer than a title may be cut: after a clause, so the title still reads.
_CLAUSE_ENDS = "，；：、,;:"
ELLIPSIS = "…"
INDICATOR_NAME_MAX = 200
INDICATOR_UNIT_MAX = 32
CONTEXT_KEY_PREFIX = "line-"
# The text before the first heading, as long as an item's mandate may be: MariaDB's TEXT holds 65,535 bytes, and
# 20,000 Chinese characters are 60,000 in UTF-8.
PREAMBLE_MAX = MANDATE_MAX
# The plan's source (the file's name): a name longer than this is cut, as a file name says nothing past it.
SOURCE_MAX = 200
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class PlanFields:
    code: str
    title: str
    start_year: int
    end_year: int


def title_and_mandate(item: ParsedItem) -> tuple[str, str]:
    """The item's title and mandate as stored: a heading sentence longer than a title is cut after its last
    clause that fits (or at the limit) and marked "…"; the whole sentence then opens the mandate."""
    title = item.title.strip()
    if len(title) <= TITLE_MAX:
        return title, item.mandate
    room = title[: TITLE_MAX - len(ELLIPSIS)]
    cut = max(room.rfind(mark) for mark in _CLAUSE_ENDS)
    # A clause end in the first half would throw most of the sentence away: cut at the limit instead.
    short = room[:cut] if cut >= TITLE_MAX // 2 else room
    mandate = "\n".join(part for part in (title, item.mandate) if part)
    return short.rstrip() + ELLIPSIS, mandate


def refusal(proposed: ProposedIndicator) -> str | None:
    """Why the indicator register cannot hold the proposal (the reader may propose more than it holds), or None:
    a comparison it does not know, or a target its columns do not fit (a database would refuse it mid-import)."""
    if proposed.comparator not in {comparator.value for comparator in Comparator}:
        return str(_("指标登记暂不支持这种比较方式，不能建立。"))
    if not fits_indicator_number(proposed.target_value):
        message = _(
            "目标值超出指标登记能保存的范围（最多 %(digits)d 位整数、%(places)d 位小数），不能建立。",
            digits=NUMBER_INTEGER_DIGITS,
            places=NUMBER_PLACES,
        )
        return str(message)
    return None


def item_dates(item: ParsedItem, period: tuple[int, int]) -> tuple[date, date]:
    """The item's start and due dates as written: the document's where it gives them, else the plan's period (the
    first day of its first year, the last of its last), as the seeded plan's items have. An item the document dates
    before the plan's first year starts on the first day of its due year, so its start is never after its due."""
    first, last = date(period[0], 1, 1), date(period[1], 12, 31)
    due = item.due or last
    start = item.start or (first if first <= due else date(due.year, 1, 1))
    return start, due


def can_hold(proposed: ProposedIndicator) -> bool:
    return refusal(proposed) is None


def unknown_names(parsed: ParsedDocument, matched: Mapping[str, Department | None]) -> list[str]:
    return [name for name in parsed.department_names() if matched.get(name) is None]


def same_name_groups(names: Iterable[str]) -> list[list[str]]:
    """Names that read the same once widths, spaces and case are folded (org's name_key, as matching compares:
    "（市）X局" and "(市)X局", "ＡＢＣ局" and "abc局"), in order of first mention. The office maps a group once, by
    its first spelling, and "新建" creates one department for all its spellings."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name_key(name), []).append(name)
    return list(groups.values())


def check_unknown_count(parsed: ParsedDocument, max_unknown: int) -> None:
    """A ValidationError at "file" when the document names more unknown departments than the office could map
    one by one (each is a choice on the preview page): a document naming hundreds is misread or not a plan."""
    matched = match_departments(parsed.department_names())
    count = len(same_name_groups(unknown_names(parsed, matched)))
    if count > max_unknown:
        raise ValidationError(
            _(
                "文件中有 %(count)d 个部门名称找不到对应的部门，超过 %(max)d 个，无法逐一选择：请核对文件中的部门"
                "写法，或先在部门管理中建立这些部门。",
                count=count,
                max=max_unknown,
            ),
            field="file",
        )


def _named(item: ParsedItem) -> str:
    return str(_("第 %(line)d 行“%(marker)s %(title)s”", line=item.line, marker=item.marker, title=item.title[:40]))


def check_sizes(parsed: ParsedDocument, problems: Problems) -> None:
    """What the tracker cannot store, refused at "file" with the item named, so the preview says so (the database
    would refuse it at the confirm: MariaDB with an error, SQLite by storing an item no form can save again).
    Refused rather than cut: a mandate is the plan's own words, and a cut one would read as the whole of it; the
    office splits the paragraph in the document instead. A heading sentence longer than a title is still cut
    (title_and_mandate keeps the whole sentence in the mandate), so the mandate is measured as it will be stored."""
    if len(parsed.preamble) > PREAMBLE_MAX:
        problems.add(_("第一个标题之前的文字超过 %(max)d 个字符，无法保存：请删减或拆分。", max=PREAMBLE_MAX), "file")
    long_mandates = [_named(item) for item in parsed.walk() if len(title_and_mandate(item)[1]) > MANDATE_MAX]
    if long_mandates:
        problems.add(
            _(
                "以下各项的正文超过 %(max)d 个字符，无法保存：请在文件中拆分或删减。%(items)s",
                max=MANDATE_MAX,
                items="、".join(long_mandates[:10]),
            ),
            "file",
        )
    long_names = [name for name in parsed.department_names() if len(name.strip()) > DEPARTMENT_LIMITS["name"]]
    if long_names:
        problems.add(
            _(
                "以下部门名称超过 %(max)d 个字符，不是可识别的部门名称：请核对文件中的写法。%(names)s",
                max=DEPARTMENT_LIMITS["name"],
                names="、".join(name[:60] + ELLIPSIS for name in long_names[:5]),
            ),
            "file",
        )


def check_code(code: str) -> str:
    """The code, stripped, or a ValidationError at "code": malformed, or taken by a plan (case-insensitively, as
    MariaDB's unique index compares). Re-importing the same code is refused: an import never updates a plan."""
    code = (code or "").strip()
    if not code:
        raise ValidationError(_("请填写规划代码。"), field="code")
    if len(code) > CODE_MAX or not _CODE.match(code):
        raise ValidationError(
            _("规划代码只能由半角字母、数字和“-”组成，不超过 %(max)d 个字符。", max=CODE_MAX), field="code"
        )
    if db.session.scalar(select(Plan.id).where(func.lower(Plan.code) == code.lower())) is not None:
        raise ValidationError(
            _(
                "规划代码 %(code)s 已被另一个规划使用。同一代码不能重复导入（不会覆盖或更新已有规划）：请换一个代码。",
                code=code,
            ),
            field="code",
        )
    return code


def _check_period(period: tuple[int, int] | None, problems: Problems) -> None:
    if period is None:
        problems.add(_("文件没有写明规划期：请填写起止年份。"), "start_year")
        return
    start, end = period
    least, most = YEAR_RANGE
    for field, year in (("start_year", start), ("end_year", end)):
        if not least <= year <= most:
            problems.add(_("年份须在 %(least)d 到 %(most)d 之间。", least=least, most=most), field)
    if not problems.has("start_year") and not problems.has("end_year") and end < start:
        problems.add(_("结束年份不能早于起始年份。"), "end_year")


def department_field(name: str) -> str:
    """The field a refusal of one name's chosen department is reported at (the preview shows it at that name)."""
    return DEPARTMENT_FIELD_PREFIX + name


def _check_departments(parsed: ParsedDocument, department_map: DepartmentMap, problems: Problems) -> None:
    """Every unknown name mapped: to a new department, to an active one, or to a switched-off department the name
    itself names (the preview offers those as its candidates). Any other id (a switched-off department the page
    never offered, one that does not exist) is refused at that name's field."""
    names = match_names(parsed.department_names())
    matched = {name: match.department for name, match in names.items()}
    chosen_ids = {value for value in department_map.values() if isinstance(value, int)}
    active = (
        set(db.session.scalars(select(Department.id).where(Department.id.in_(chosen_ids), Department.active)))
        if chosen_ids
        else set()
    )
    unmapped = []
    unreadable = []
    for name, *_spellings in same_name_groups(unknown_names(parsed, matched)):
        choice = department_map.get(name)
        if choice == NEW_DEPARTMENT:
            if _NAME_CONTROL.search(name.strip()):
                unreadable.append(name)
            continue
        if isinstance(choice, int):
            if choice not in active and choice not in {department.id for department in names[name].candidates}:
                message = _("“%(name)s”选择的部门已停用或不存在：请选择在用的部门，或新建部门。", name=name)
                problems.add(message, department_field(name))
            continue
        unmapped.append(name)
    if unmapped:
        problems.add(
            _("以下部门名称没有对应的部门，请逐一选择已有部门或新建：%(names)s", names="、".join(unmapped)),
            "departments",
        )
    if unreadable:
        problems.add(
            _("部门名称含有控制字符，不能新建：%(names)s", names="、".join(map(repr, unreadable))), "departments"
        )


def check_import(
    parsed: ParsedDocument,
    *,
    code: str,
    name: str | None,
    department_map: DepartmentMap,
    indicators: Sequence[ProposedIndicator] = (),
    period: tuple[int, int] | None = None,
    require_departments: bool = True,
) -> PlanFields:
    """The new plan's fields, or one ValidationError with every refusal (code, title, period, unmapped
    department names, the document's own shape). Writes nothing. `period` given wins over the document's."""
    problems = Problems()
    code = problems.check(check_code, code) or ""
    title = (name or "").strip() or parsed.title.strip()
    if not title:
        problems.add(_("文件没有标题：请填写规划名称。"), "name")
    elif len(title) > PLAN_TITLE_MAX:
        problems.add(_("规划名称不能超过 %(max)d 个字符：请填写一个较短的名称。", max=PLAN_TITLE_MAX), "name")
    chosen_period = period or parsed.period
    _check_period(chosen_period, problems)
    if not parsed.items:
        problems.add(_("文件中没有可识别的标题（如“一、”“（一）”“1.”）。"), "file")
    kinds = {kind.value for kind in ItemKind}
    context_kinds = {kind.value for kind in ContextKind}
    if any(
        (item.context_kind not in context_kinds) if item.background else (item.kind not in kinds)
        for item in parsed.walk()
    ):
        problems.add(_("文件中有无法识别的标题类别。"), "file")
    refused = [proposed.name for proposed in indicators if not can_hold(proposed)]
    if refused:
        problems.add(
            _("以下指标不能建立（原因见各指标），请不要选择：%(names)s", names="、".join(refused)), "indicators"
        )
    check_sizes(parsed, problems)
    if require_departments:
        _check_departments(parsed, department_map, problems)
    problems.raise_if_any()
    assert chosen_period is not None  # refused above otherwise
    return PlanFields(code=code, title=title, start_year=chosen_period[0], end_year=chosen_period[1])


def import_plan(
    parsed: ParsedDocument,
    *,
    code: str,
    name: str | None,
    department_map: DepartmentMap,
    indicators: Sequence[ProposedIndicator],
    actor: User | None,
    period: tuple[int, int] | None = None,
    source: str = "",
) -> Plan:
    """Write the document as a new plan (see the module docstring). Flushes, never commits."""
    fields = check_import(
        parsed, code=code, name=name, department_map=department_map, indicators=indicators, period=period
    )
    actor_id = actor.id if actor is not None else None
    departments = _departments(parsed, department_map, actor_id)
    plan = Plan(
        code=fields.code,
        title=fields.title,
        start_year=fields.start_year,
        end_year=fields.end_year,
        preamble=parsed.preamble,
        source=(source or parsed.title).strip()[:SOURCE_MAX],
    )
    db.session.add(plan)
    flush()  # the plan's id, which a context (it has no relationship to its plan) is written with
    plan_rows = ((plan.id, field, value) for field, value in (("code", plan.code), ("title", plan.title)))
    audit.record_created(actor_id, audit.AuditEntity.PLAN, [*plan_rows, (plan.id, "source", plan.source)])
    items_by_line = _write_items(plan, parsed, departments)
    flush()
    _audit_items(actor_id, list(items_by_line.values()))
    _write_indicators(plan, indicators, items_by_line, actor_id)
    flush()
    return plan


def _departments(parsed: ParsedDocument, department_map: DepartmentMap, actor_id: int | None) -> dict[str, Department]:
    """Every name the document uses -> its department: matched, mapped, or created (audited as the office's)."""
    matched = match_departments(parsed.department_names())
    result = {name: department for name, department in matched.items() if department is not None}
    groups = same_name_groups(name for name, department in matched.items() if department is None)
    mapped_ids = [choice for group in groups if isinstance(choice := department_map[group[0]], int)]
    by_id = {d.id: d for d in db.session.scalars(select(Department).where(Department.id.in_(mapped_ids)))}
    to_create = [group for group in groups if department_map[group[0]] == NEW_DEPARTMENT]
    codes = iter(next_codes(len(to_create)))
    sort_order = next_sort_order()
    for name, *spellings in groups:
        choice = department_map[name]
        if isinstance(choice, int):
            result.update(dict.fromkeys((name, *spellings), by_id[choice]))
            continue
        data = DepartmentData(
            code=next(codes),
            name=name.strip(),
            short_name=short_name_for(name),
            kind=kind_for(name).value,
            sort_order=sort_order,
            active=True,
        )
        result.update(dict.fromkeys((name, *spellings), create_department(data, actor_id)))
        sort_order += 10
    return result


def _write_items(plan: Plan, parsed: ParsedDocument, departments: Mapping[str, Department]) -> dict[int, WorkItem]:
    """Every heading, parents before children: a work item, or a plan context for background (attached as the seed
    attaches it: under its background parent, else under its section item, else at the top; its sort order counted
    with the items beside it). The items keyed by the heading's line (indicators point there)."""
    written: dict[int, WorkItem] = {}

    def write(parsed_items: list[ParsedItem], parent: WorkItem | None, context: PlanContext | None) -> None:
        for order, parsed_item in enumerate(parsed_items, start=1):
            if parsed_item.background:
                written_context = _context(plan, parsed_item, order, parent, context)
                write(parsed_item.children, None, written_context)
                continue
            item = _item(plan, parsed_item, order, parent, departments)
            written[parsed_item.line] = item
            write(parsed_item.children, item, None)

    write(parsed.items, None, None)
    return written


def _item(
    plan: Plan, parsed_item: ParsedItem, order: int, parent: WorkItem | None, departments: Mapping[str, Department]
) -> WorkItem:
    title, mandate = title_and_mandate(parsed_item)
    lead = departments[parsed_item.lead] if parsed_item.lead else None
    supporting = _unique(departments[name] for name in parsed_item.supporting)
    names_any = lead is not None or bool(supporting)
    start, due = item_dates(parsed_item, (plan.start_year, plan.end_year))
    item = WorkItem(
        plan=plan,
        parent=parent,
        kind=parsed_item.kind,
        outline_no=parsed_item.marker[:OUTLINE_MAX],
        outline_added=False,
        title=title,
        mandate=mandate,
        sort_order=order,
        start_date=start,
        due_date=due,
        lead_department=lead,
        supporting_departments=[d for d in supporting if d is not lead],
        # Only what the document says is a fact; an item it assigns to nobody stays unassigned.
        assignment_source=AssignmentSource.DOCUMENT.value if names_any else AssignmentSource.OFFICE.value,
    )
    db.session.add(item)
    return item


def _context(
    plan: Plan, parsed_item: ParsedItem, order: int, item: WorkItem | None, parent: PlanContext | None
) -> PlanContext:
    title, body = title_and_mandate(parsed_item)
    context = PlanContext(
        plan_id=plan.id,
        kind=parsed_item.context_kind,
        # Unique within the plan, as a context's key must be: the heading's line in the document read.
        seed_key=f"{CONTEXT_KEY_PREFIX}{parsed_item.line}",
        outline_no=parsed_item.marker[:OUTLINE_MAX],
        outline_added=False,
        title=title,
        body=body,
        sort_order=order,
        parent=parent,
        work_item=item,
    )
    db.session.add(context)
    return context


def _unique(departments: Iterable[Department]) -> list[Department]:
    seen: dict[int, Department] = {}
    for department in departments:
        seen.setdefault(id(department), department)
    return list(seen.values())


def _audit_items(actor_id: int | None, items: Sequence[WorkItem]) -> None:
    """As the office's "add a child" audits a new item (tracker.plan.structure.add_child), all in one INSERT."""
    rows = (
        (item.id, field, value)
        for item in items
        for field, value in (
            ("title", item.title),
            ("kind", item.kind),
            ("outline_no", item.outline_no),
            ("parent", item_text(item.parent)),
            ("lead_department", department_text(item.lead_department)),
        )
    )
    audit.record_created(actor_id, audit.AuditEntity.WORK_ITEM, rows)


def _write_indicators(
    plan: Plan, chosen: Sequence[ProposedIndicator], items_by_line: Mapping[int, WorkItem], actor_id: int | None
) -> None:
    """The chosen indicators, flushed together and audited in one INSERT."""
    written: list[Indicator] = []
    for order, proposed in enumerate(chosen, start=1):
        item = items_by_line.get(proposed.item_line) if proposed.item_line is not None else None
        # The document assigns departments to tasks, not to targets: the item's lead (when the document names it) is
        # the tracker's proposal for the target, shown as the office's default (默认分工，待确认) until the office
        # confirms it; with none, nobody's yet (the office sets it).
        from_document = item is not None and item.assignment_source == AssignmentSource.DOCUMENT.value
        responsible = item.lead_department if from_document and item is not None else None
        indicator = Indicator(
            plan=plan,
            code=f"ind-{order}",  # unique within the plan, which is all an indicator's code must be
            name=proposed.name.strip()[:INDICATOR_NAME_MAX],
            unit=proposed.unit.strip()[:INDICATOR_UNIT_MAX],
            target_year=proposed.target_year or plan.end_year,
            target_value=proposed.target_value,
            comparator=proposed.comparator,
            source_text=proposed.source_text,
            sort_order=order * 10,
            responsible_department=responsible,
            assignment_source=(AssignmentSource.DEFAULT if responsible else AssignmentSource.OFFICE).value,
            goal_item=item,
        )
        db.session.add(indicator)
        written.append(indicator)
    flush()
    audit.record_created(
        actor_id, audit.AuditEntity.INDICATOR, ((indicator.id, "name", indicator.name) for indicator in written)
    )
