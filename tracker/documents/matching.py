"""The departments a plan document names, matched to the tracker's: never guessed.

A name matches a department whose name or short name, or a former one (曾用名), is the same text once widths and
spaces are normalised ("市 经信委", "市经信委" and a full-width "（市）经信委" written half-width all read the same).
Names are not unique: a name two or more departments carry is ambiguous, one only a switched-off department
carries is inactive. Those and the unknown names are the office's to decide: map each to an existing department
(for an ambiguous name, typically one of its candidates) or create one. Nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.org.models import Department, DepartmentKind
from tracker.org.services import DepartmentNames, name_key

# A new department's code: the prefix and the next free number (codes are unique, case-insensitively).
NEW_CODE_PREFIX = "doc-"
SHORT_NAME_MAX = 40
# Name endings that say what kind of body a department is (a name that ends otherwise is a bureau).
_DISTRICT_ENDINGS = ("区", "县", "县(市)")  # compared after name_key(): brackets are half-width
_OFFICE_ENDINGS = ("办公室", "领导小组")


class NameState(StrEnum):
    MATCHED = "matched"  # one department, switched on, carries the name
    UNKNOWN = "unknown"  # no department carries or carried it
    AMBIGUOUS = "ambiguous"  # two or more do (多个部门同名): the office chooses
    INACTIVE = "inactive"  # only a switched-off department does (已停用): the office maps it explicitly


@dataclass(frozen=True)
class NameMatch:
    candidates: tuple[Department, ...]  # every department carrying the name (tracker.org.services.DepartmentNames)

    @property
    def state(self) -> NameState:
        if not self.candidates:
            return NameState.UNKNOWN
        if len(self.candidates) > 1:
            return NameState.AMBIGUOUS
        return NameState.MATCHED if self.candidates[0].active else NameState.INACTIVE

    @property
    def department(self) -> Department | None:
        """The department the name is taken to mean without asking: only the one candidate, switched on."""
        return self.candidates[0] if self.state == NameState.MATCHED else None


def match_names(names: Iterable[str]) -> dict[str, NameMatch]:
    """Each name -> every department it may name (its name or short name, current or former). Two statements
    whatever the number of names or departments."""
    wanted = list(names)
    if not wanted:
        return {}
    known = DepartmentNames()
    return {name: NameMatch(tuple(known.candidates(name))) for name in wanted}


def match_departments(names: Iterable[str]) -> dict[str, Department | None]:
    """Each name -> the department it names, or None when the office must decide (see NameState)."""
    return {name: match.department for name, match in match_names(names).items()}


def kind_for(name: str) -> DepartmentKind:
    """What a name says about the body: 区/县 are districts, 办公室 and 领导小组 offices, the rest bureaus."""
    text = name_key(name)
    if text.endswith(_OFFICE_ENDINGS):
        return DepartmentKind.OFFICE
    if text.endswith(_DISTRICT_ENDINGS):
        return DepartmentKind.DISTRICT
    return DepartmentKind.BUREAU


def short_name_for(name: str) -> str:
    """The name as written, when it fits the short name; a longer one cut to fit (the full name is kept)."""
    text = name.strip()
    return text if len(text) <= SHORT_NAME_MAX else text[:SHORT_NAME_MAX]


def next_codes(count: int) -> list[str]:
    """`count` unused codes "doc-1", "doc-2", … after the highest one in use. One statement."""
    if count == 0:
        return []
    used = set(
        db.session.scalars(select(func.lower(Department.code)).where(Department.code.like(f"{NEW_CODE_PREFIX}%")))
    )
    codes: list[str] = []
    number = 1
    while len(codes) < count:
        code = f"{NEW_CODE_PREFIX}{number}"
        if code not in used:
            codes.append(code)
        number += 1
    return codes


def next_sort_order() -> int:
    """After every department there is, so new ones list last."""
    return (db.session.scalar(select(func.max(Department.sort_order))) or 0) + 10
