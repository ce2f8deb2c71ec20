"""Creating and editing projects. Services check the rules, audit every change and flush; views commit.

A service takes only the fields in ProjectData. What a user may not set (a lead's
department) is decided by the view before the data is built, and checked again here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.auth.models import User
from tracker.core import audit
from tracker.core.dates import check_date_window
from tracker.core.errors import ConflictError, Problems
from tracker.extensions import db
from tracker.org.models import Department
from tracker.plan.models import WorkItem
from tracker.plan.owner_notice import notify_new_owner
from tracker.projects.models import Project
from tracker.projects.permissions import can_attach_to_item, can_create_in

ENTITY = audit.AuditEntity.PROJECT

# Field name -> label, in form order; also the names used in audit rows and conflict lists.
FIELD_LABELS = {
    "department": _l("所属部门"),
    "owner": _l("负责人"),
    "work_item": _l("主要任务"),
    "linked_items": _l("关联的其他任务"),
    "name": _l("项目名称"),
    "description": _l("项目简介"),
    "fund_source": _l("资金来源"),
    "start_date": _l("开始日期"),
    "due_date": _l("完成期限"),
}


@dataclass
class ProjectData:
    department_id: int | None
    owner_id: int | None
    work_item_id: int | None
    name: str
    description: str = ""
    fund_source: str = ""
    start_date: date | None = None
    due_date: date | None = None
    linked_item_ids: list[int] = field(default_factory=list)
    # The plan a new project's work item must belong to (the shown plan); an edited project keeps its own plan.
    plan_id: int | None = None

    @classmethod
    def of(cls, project: Project) -> ProjectData:
        return cls(
            department_id=project.department_id,
            owner_id=project.owner_id,
            work_item_id=project.work_item_id,
            name=project.name,
            description=project.description or "",
            fund_source=project.fund_source or "",
            start_date=project.start_date,
            due_date=project.due_date,
            linked_item_ids=sorted(item.id for item in project.linked_items),
        )


@dataclass
class _Checked:
    """The rows ProjectData refers to, loaded once while checking the rules."""

    department: Department
    owner: User | None
    work_item: WorkItem
    linked_items: list[WorkItem]


def check_project(data: ProjectData, actor: User, current: Project | None) -> _Checked:
    """Every rule on the data, all broken ones raised together (one ValidationError, each at its field).

    Writes nothing, so a view can run it on a submit the form already refused and show every message at once.
    """
    problems = Problems()
    if not data.name or not data.name.strip():
        problems.add(_("此项必填。"), "name")
    for name in ("start_date", "due_date"):
        problems.check(check_date_window, getattr(data, name), name)
    if data.start_date and data.due_date and data.due_date < data.start_date:
        problems.add(_("结束日期不能早于开始日期。"), "due_date")

    department = db.session.get(Department, data.department_id) if data.department_id else None
    unchanged_department = current is not None and department is not None and department.id == current.department_id
    if department is None or not (department.active or unchanged_department):
        problems.add(_("请选择一个有效的部门。"), "department")
        department = None
    elif not unchanged_department and not can_create_in(actor, department.id):
        problems.add(_("您不能为该部门创建或移入项目。"), "department")

    owner = db.session.get(User, data.owner_id) if data.owner_id else None
    if data.owner_id and owner is None:
        problems.add(_("负责人不存在。"), "owner")
    if owner is not None:
        keeps_owner = current is not None and owner.id == current.owner_id
        if department is not None and owner.department_id != department.id:
            problems.add(_("负责人必须是项目所属部门的人员。"), "owner")
        elif not owner.active and not keeps_owner:
            problems.add(_("该用户已停用，不能设为负责人。"), "owner")

    work_item = db.session.get(WorkItem, data.work_item_id) if data.work_item_id else None
    keeps_item = current is not None and work_item is not None and work_item.id == current.work_item_id
    plan_id = current.work_item.plan_id if current is not None else data.plan_id
    if work_item is None or (work_item.retired and not keeps_item):
        problems.add(_("请选择一个有效的规划任务。"), "work_item")
        work_item = None
    elif plan_id is not None and work_item.plan_id != plan_id:
        problems.add(_("请选择当前规划中的任务。"), "work_item")
        work_item = None
    elif not keeps_item and not can_attach_to_item(actor, work_item):
        problems.add(_("只能选择本部门牵头或配合的任务。"), "work_item")

    linked_ids = sorted(set(data.linked_item_ids) - {data.work_item_id})
    linked = list(db.session.scalars(select(WorkItem).where(WorkItem.id.in_(linked_ids)))) if linked_ids else []
    already = {item.id for item in current.linked_items} if current is not None else set()
    added = [i for i in linked if i.id not in already]
    if len(linked) != len(linked_ids) or any(i.retired for i in added):
        problems.add(_("关联任务中有无效或已撤销的任务。"), "linked_items")
    elif work_item is not None and any(i.plan_id != work_item.plan_id for i in linked):
        problems.add(_("关联任务必须属于同一规划。"), "linked_items")
    elif any(not can_attach_to_item(actor, i) for i in added):
        problems.add(_("只能关联本部门牵头或配合的任务。"), "linked_items")
    problems.raise_if_any()
    assert department is not None and work_item is not None  # raise_if_any raised otherwise
    return _Checked(department, owner, work_item, sorted(linked, key=lambda i: i.id))


# The fields of ProjectData stored as they are (the others are ids, checked and resolved by check_project).
_PLAIN_FIELDS = ("name", "description", "fund_source", "start_date", "due_date")


def _assign(project: Project, checked: _Checked, data: ProjectData) -> None:
    """A new or edited project takes the checked references and the plain fields of `data`."""
    project.department, project.owner, project.work_item = checked.department, checked.owner, checked.work_item
    if sorted(i.id for i in project.linked_items) != [i.id for i in checked.linked_items]:
        project.linked_items = checked.linked_items
    for name in _PLAIN_FIELDS:
        setattr(project, name, getattr(data, name))


def create_project(data: ProjectData, actor: User) -> Project:
    checked = check_project(data, actor, current=None)
    project = Project()
    _assign(project, checked, data)
    db.session.add(project)
    db.session.flush()
    audit.record(actor.id, ENTITY, project.id, audit.AuditAction.CREATE, "name", None, project.name)
    notify_new_owner(project, None, project.owner, actor)
    return project


def _audit_values(project: Project) -> dict[str, object]:
    """A project's fields as the audit log shows them: names rather than ids."""
    return {
        "department": project.department.name,
        "owner": project.owner.display_name if project.owner else None,
        "work_item": project.work_item.title,
        "linked_items": "；".join(item.title for item in sorted(project.linked_items, key=lambda i: i.id)) or None,
        "name": project.name,
        "description": project.description or None,
        "fund_source": project.fund_source or None,
        "start_date": project.start_date,
        "due_date": project.due_date,
    }


def update_project(project: Project, data: ProjectData, version: int | None, actor: User) -> None:
    """Apply an edit made on `version`; refuse it if the project changed since (ConflictError)."""
    if version != project.version:
        raise project_conflict(project, data)
    checked = check_project(data, actor, current=project)
    before, previous_owner_id = _audit_values(project), project.owner_id
    _assign(project, checked, data)
    after = _audit_values(project)
    audit.record_changes(actor.id, ENTITY, project.id, {name: (before[name], after[name]) for name in FIELD_LABELS})
    db.session.flush()
    notify_new_owner(project, previous_owner_id, project.owner, actor)


def _display(data: ProjectData) -> dict[str, str]:
    """Readable values of `data` for a conflict message (a few look-ups; only on the conflict path)."""
    department = db.session.get(Department, data.department_id) if data.department_id else None
    owner = db.session.get(User, data.owner_id) if data.owner_id else None
    item_ids = sorted(set(data.linked_item_ids) - {data.work_item_id})
    wanted = [*item_ids, data.work_item_id] if data.work_item_id else item_ids
    titles = dict(db.session.execute(select(WorkItem.id, WorkItem.title).where(WorkItem.id.in_(wanted))).all())
    return {
        "department": department.name if department else "",
        "owner": owner.display_name if owner else "",
        "work_item": titles.get(data.work_item_id, "") if data.work_item_id else "",
        "linked_items": "；".join(titles.get(i, "") for i in item_ids),
        "name": data.name,
        "description": data.description,
        "fund_source": data.fund_source,
        "start_date": data.start_date.isoformat() if data.start_date else "",
        "due_date": data.due_date.isoformat() if data.due_date else "",
    }


def project_conflict(project: Project, mine: ProjectData) -> ConflictError:
    """The refusal for a stale edit: each field where the user's input differs from what is stored now."""
    yours = _display(mine)
    stored = _display(ProjectData.of(project))
    changes = [
        (str(label), yours[name], stored[name]) for name, label in FIELD_LABELS.items() if yours[name] != stored[name]
    ]
    return ConflictError(
        _(
            "保存失败：在您打开页面之后，其他人修改了此项目。下面是您填写的内容与当前保存内容的不同之处；您的输入已保留，请核对后重新提交。"
        ),
        changes=changes,
    )
