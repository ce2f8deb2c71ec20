"""Department clauses: who leads (牵头) and who supports (配合) an item, in the forms such documents use.

    （牵头单位：市经信委；配合单位：市科委、市发改委）     keys; 牵头部门, 主办单位, 配合部门, 协办单位 … alike
    （市经信委牵头，市科委、市发改委配合）                 phrases; 参与, 协助 as 配合
    [市经信委牵头，会同市科委、市发改委负责]  【…】 ［…］     会同 … 负责
    （责任单位：市经信委、市科委）  （责任部门：…）        the first is the lead, the others support
    （市发改委、市经信委负责）                              alike, when every name ends like a department
    责任单位：市经信委、市科委                              unbracketed, as a paragraph or at the end of one

Names are separated by 、，；and by 及/和/与 where these join two names (the left one ends like a department,
市经信委和市科委, or the right one starts like one, …和市科委): 市发展和改革委员会 stays one name. The fixed phrase
各区、县（市） stays whole. Names are kept as written, trimmed (a trailing 等 dropped); matching them to departments
is the importer's job. A clause that names a role but yields no name cannot be read: it stays in the text and the
parser warns.

A name marked 牵头 inside a list ("市信息办，市审管办（牵头）", "市发改委牵头，市商务委") leads, without the mark; the
others support, in the document's order. A clause that names several leads (牵头单位：市公安局、市信息办) keeps the
first as the lead and the others as supporting, first among them, and says so (`other_leads`): the parser warns, since
an item has one lead department. Names separated only by a space (a Word cell "市信息办 市公安局") are two names when
the first ends and the second starts like a department.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENING = "（(【[［"
CLOSING = "）)】]］"
_LEAD_KEYS = "牵头单位|牵头部门|主办单位|主办部门|主责单位|主责部门"
_RESPONSIBLE_KEYS = "责任单位|责任部门|负责单位|负责部门|实施单位|承办单位"
_SUPPORT_KEYS = "配合单位|配合部门|协办单位|协办部门|参与单位|参与部门|协同单位|协助单位|协作单位"
_KEY = re.compile(rf"({_LEAD_KEYS}|{_RESPONSIBLE_KEYS}|{_SUPPORT_KEYS})\s*[:：]")
_ROLE_WORDS = re.compile(rf"{_KEY.pattern}|牵头|配合|会同|协办|责任单位|责任部门")
_LEAD_PHRASE = re.compile(
    r"^(?:由)?(?P<lead>.+?)(?:分别|共同|按职责分工|按职责)?(?:牵头|负责)(?:负责|实施|组织实施|落实)?(?=$|[，,；;、])"
)
_SUPPORT_PREFIX = re.compile(r"^(?:会同|协同|联合|与|由)")
_SUPPORT_SUFFIX = re.compile(r"(?:等)?(?:单位|部门)?(?:共同负责|负责|配合|参与|协助|协办|落实|实施)$")
# An unbracketed clause starts a line or follows a sentence: 。责任单位：市经信委、市科委
_TAIL = re.compile(rf"(?:^|(?<=[。；;]))\s*(?=(?:{_LEAD_KEYS}|{_RESPONSIBLE_KEYS})\s*[:：])")
_RESPONSIBLE_ONLY = re.compile(r"(?:由)?(.+?)(?:分别|共同|按职责分工)?负责")
_SEPARATORS = "、，,；;"
_JOINERS = "及和与"
_DEPARTMENT_END = "委局办厅部院会心司府处室所站行队社团馆署台组科"
_DEPARTMENT_START = "市省区县各国"
_RESPONSIBLE_END = "委局办厅部院会心司府处室署"  # stricter than _DEPARTMENT_END: 自行负责 is no bank (行)
_DISTRICTS = re.compile(r"区、县[（(]市[）)]")
_CLOSING_STOPS = "。．.；; \u3000"  # what may follow a clause that ends its paragraph
# Another clause in the same brackets ("；完成时间：2015年底") ends a list of departments.
_OTHER_KEY = re.compile(r"[；;，,]\s*[\u4e00-\u9fff]{2,6}\s*[:：]")
_LEAD_MARK = re.compile(r"\s*(?:[（(]\s*牵头\s*[）)]|牵头)$")
_KEEP = "\u0000"  # stands for the 、 of 各区、县（市） while names are split
# A longer "name" is a sentence, not a department: the clause is then not one this reader can read.
MAX_NAME_LENGTH = 30


@dataclass
class Assignment:
    lead: str | None = None
    supporting: list[str] = field(default_factory=list)
    other_leads: list[str] = field(default_factory=list)  # further 牵头 departments, kept as supporting

    def __bool__(self) -> bool:
        return bool(self.lead or self.supporting)


@dataclass
class Clause:
    start: int  # where the clause starts and ends in the text (its brackets included)
    end: int
    assignment: Assignment | None  # None: it names a role but no department could be read from it


def _brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost bracketed group, nested brackets inside it included."""
    groups: list[tuple[int, int]] = []
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char in OPENING:
            if depth == 0:
                start = index
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, index + 1))
    return groups


def _split_names(text: str) -> list[str]:
    text = _DISTRICTS.sub(lambda match: match.group(0).replace("、", _KEEP), text)
    text = re.sub(rf"(?<=[{_DEPARTMENT_END}])[ \u3000]+(?=[{_DEPARTMENT_START}])", "、", text)
    names: list[str] = []
    depth, current = 0, ""
    for index, char in enumerate(text):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        joins = char in _JOINERS and current and _joins_two_names(current, text[index + 1 : index + 3])
        if depth == 0 and (char in _SEPARATORS or joins):
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    cleaned = [_clean_name(name.replace(_KEEP, "、")) for name in names]
    return [name for name in cleaned if name]


def _joins_two_names(left: str, right: str) -> bool:
    """Whether 及/和/与 between `left` (the name so far) and `right` (the next characters) separates two names."""
    left, right = left.strip(), right.strip()
    return bool(left and right) and (left[-1] in _DEPARTMENT_END or right[0] in _DEPARTMENT_START)


def _clean_name(name: str) -> str:
    name = name.strip().strip("。．. \u3000")
    for suffix in ("等单位", "等部门", "等"):
        name = name.removesuffix(suffix)
    return name.strip()


def _assignment(names: list[str], supporting: list[str], *, declared_leads: bool = False) -> Assignment:
    """The first of `names` leads. With `declared_leads` every one of them was named 牵头: the others are also
    leads the tracker cannot hold (Assignment.other_leads). A name marked 牵头 among `names` leads instead."""
    marked = [name for name in names if _LEAD_MARK.search(name)]
    names = [_LEAD_MARK.sub("", name) for name in names]
    leads = [_LEAD_MARK.sub("", name) for name in marked] if marked else names[:1]
    if declared_leads and not marked:
        leads = names
    lead = leads[0] if leads else None
    others = [name for name in [*leads[1:], *names, *supporting] if name != lead]
    return Assignment(lead, list(dict.fromkeys(others)), leads[1:])


def _read_keyed(content: str) -> Assignment | None:
    keys = list(_KEY.finditer(content))
    if not keys:
        return None
    leads: list[str] = []
    responsible: list[str] = []
    supporting: list[str] = []
    for key, following in zip(keys, [*keys[1:], None], strict=True):
        value = content[key.end() : following.start() if following else len(content)]
        value = value[: other.start()] if (other := _OTHER_KEY.search(value)) else value
        names = _split_names(value)
        if re.fullmatch(_SUPPORT_KEYS, key.group(1)):
            supporting.extend(names)
        else:
            (leads if re.fullmatch(_LEAD_KEYS, key.group(1)) else responsible).extend(names)
    return _assignment([*leads, *responsible], supporting, declared_leads=bool(leads) and not responsible)


def _read_phrase(content: str) -> Assignment | None:
    match = _LEAD_PHRASE.match(content)
    if not match:
        supporting = _SUPPORT_SUFFIX.sub("", content)  # （市科委配合）: supporting departments only
        return Assignment(None, _split_names(supporting)) if supporting != content else None
    leads = _split_names(match.group("lead"))
    rest = content[match.end() :].strip(_SEPARATORS + " ")
    rest = _SUPPORT_SUFFIX.sub("", _SUPPORT_PREFIX.sub("", rest))
    return _assignment(leads, _split_names(rest), declared_leads="牵头" in match.group(0))


def read_clause(content: str) -> Assignment | None:
    """The departments a clause's content (its brackets removed) names; None when it names none that can be read."""
    content = content.strip()
    assignment = _read_keyed(content) if _KEY.search(content) else _read_phrase(content)
    if not assignment or any(len(name) > MAX_NAME_LENGTH for name in [assignment.lead or "", *assignment.supporting]):
        return None
    return assignment


def names_a_role(content: str) -> bool:
    """A clause names a role (牵头, 配合, 责任单位 …), or is only departments that are responsible (（市发改委、市经信委
    负责）: every name ends like a department, so （由各单位自行负责） and （负责人：张三） are not clauses)."""
    if _ROLE_WORDS.search(content):
        return True
    match = _RESPONSIBLE_ONLY.fullmatch(content.strip())
    names = _split_names(match.group(1)) if match else []
    return bool(names) and all(name[-1] in _RESPONSIBLE_END for name in names)


def find_clauses(text: str) -> list[Clause]:
    """Every department clause in a line of text: bracketed ones anywhere, an unbracketed keyed one at its end."""
    clauses = [
        Clause(start, end, read_clause(text[start + 1 : end - 1]))
        for start, end in _brackets(text)
        if names_a_role(text[start + 1 : end - 1])
    ]
    covered = clauses[-1].end if clauses else 0
    tail = _TAIL.search(text, covered)
    if tail:
        clauses.append(Clause(tail.end(), len(text), read_clause(text[tail.end() :])))
    return clauses


def remove(text: str, clause: Clause) -> str:
    """The text without the clause, the spaces and a full stop it leaves doubled tidied away."""
    before, after = text[: clause.start].rstrip(), text[clause.end :].strip()
    if not after.strip(_CLOSING_STOPS):
        after = ""
    return (before + after).strip()


@dataclass
class Taken:
    text: str  # the text without the clause that was read
    assignment: Assignment | None
    unreadable: list[Clause]  # clauses that name a role but no department (left in the text)


def take_from_line(text: str) -> Taken:
    """The first readable clause anywhere in a heading line, removed from it."""
    clauses = find_clauses(text)
    unreadable = [clause for clause in clauses if clause.assignment is None]
    for clause in clauses:
        if clause.assignment is not None:
            return Taken(remove(text, clause), clause.assignment, unreadable)
    return Taken(text, None, unreadable)


def take_from_paragraph(text: str, *, last: bool) -> Taken:
    """A clause that is the whole paragraph, or (in the last paragraph under a heading) one that ends it."""
    clauses = [
        clause
        for clause in find_clauses(text)
        if not text[clause.end :].strip(_CLOSING_STOPS) and (last or not text[: clause.start].strip())
    ]
    if not clauses:
        return Taken(text, None, [])
    clause = clauses[-1]
    if clause.assignment is None:
        return Taken(text, None, [clause])
    return Taken(remove(text, clause), clause.assignment, [])
