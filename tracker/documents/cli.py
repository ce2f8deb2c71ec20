"""`flask plan import PATH --code CODE [--name NAME] [--start-year Y --end-year Y] [--dry-run]
[--create-departments] [--no-indicators] [--track-all]`: a plan document (plain text or .docx) read, shown, and
written as a new plan. Headings read as background are printed [仅阅读：…] and written as the plan's background;
`--track-all` writes every heading as a work item.

The `plan` group lives here so that other plan commands can join it (`from tracker.documents.cli import
plan_cli`). The whole plan is written in one transaction, committed once at the end; `--dry-run` writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.core.errors import TrackerError, ValidationError
from tracker.core.transactions import commit, release_session
from tracker.documents.background import decide_background
from tracker.documents.limits import DocumentLimits
from tracker.documents.matching import NameState
from tracker.documents.model import ParsedDocument, ProposedIndicator
from tracker.documents.parsing import parse_document
from tracker.documents.preview import NamedDepartment, Preview, build_preview
from tracker.documents.services import (
    NEW_DEPARTMENT,
    DepartmentMap,
    can_hold,
    check_import,
    check_unknown_count,
    import_plan,
    refusal,
)
from tracker.indicators.labels import comparator_sign
from tracker.indicators.services import format_number
from tracker.plan.labels import context_kind_label, kind_label

INDENT = "  "


@click.group("plan", help="Plans: import a plan document.")
def plan_cli() -> None:
    pass


@plan_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--code", required=True, help="The new plan's code (letters, digits, -); a code in use is refused.")
@click.option("--name", default=None, help="The plan's title (default: the document's first line).")
@click.option("--start-year", type=int, default=None, help="The plan's first year, when the document names none.")
@click.option("--end-year", type=int, default=None, help="The plan's last year (with --start-year).")
@click.option("--dry-run", is_flag=True, help="Show what would be written and write nothing.")
@click.option("--create-departments", is_flag=True, help="Create a department for each name no department has.")
@click.option("--no-indicators", is_flag=True, help="Write none of the proposed indicators (default: all of them).")
@click.option(
    "--track-all",
    is_flag=True,
    help="Write every heading as a work item, background too (default: the headings read as background, marked "
    "read only, are written as the plan's background).",
)
def import_command(
    path: Path,
    code: str,
    name: str | None,
    start_year: int | None,
    end_year: int | None,
    dry_run: bool,
    create_departments: bool,
    no_indicators: bool,
    track_all: bool,
) -> None:
    """Read the plan document at PATH (Word .docx or plain text) and write it as a new plan.

    The tree of headings, the departments each item names (matched to existing departments or reported as
    unknown), the proposed indicators and the reader's warnings are printed first. The whole plan is then written
    in one transaction; --dry-run prints and checks the same and writes nothing. A plan code in use is refused
    (an import never updates a plan). Unknown department names are refused unless --create-departments is given.
    Items the document dates (完成时间, 时间节点) keep those dates; the others get the plan's period.
    """
    if (start_year is None) != (end_year is None):
        raise click.UsageError(_("--start-year 和 --end-year 须同时给出。"))
    period = (start_year, end_year) if start_year is not None and end_year is not None else None
    try:
        limits = DocumentLimits.from_config(current_app.config)
        parsed = parse_document(path.read_bytes(), max_bytes=limits.max_bytes, limits=limits)
        check_unknown_count(parsed, limits.max_unknown_departments)
    except TrackerError as error:
        raise click.ClickException(error.message) from error
    if track_all:
        decide_background(parsed.items, track_all=True)
    preview = build_preview(parsed)
    echo_preview(preview, period)
    # Only a name no department carries is created: one that several carry, or a switched-off one's, is the
    # office's to map on the upload page (a new department would be one more of the same name).
    unknown = [named for named in preview.unknown if named.state == NameState.UNKNOWN]
    department_map = {named.name: NEW_DEPARTMENT for named in unknown} if create_departments else {}
    indicators = [] if no_indicators else [proposed for proposed in parsed.indicators if can_hold(proposed)]
    for proposed in parsed.indicators:
        reason = refusal(proposed)
        if not no_indicators and reason is not None:
            click.echo(_("不建立指标“%(name)s”：%(reason)s", name=proposed.name, reason=reason))
    try:
        if dry_run:
            check_import(
                parsed, code=code, name=name, department_map=department_map, indicators=indicators, period=period
            )
        else:
            _write(parsed, code, name, department_map, indicators, period, path.name)
    except ValidationError as error:
        release_session()
        raise click.ClickException(_refusal_text(error, create_departments)) from error
    if dry_run:
        click.echo(_("试运行：没有写入任何内容。"))


def _write(
    parsed: ParsedDocument,
    code: str,
    name: str | None,
    department_map: DepartmentMap,
    indicators: list[ProposedIndicator],
    period: tuple[int, int] | None,
    source: str,
) -> None:
    try:
        plan = import_plan(
            parsed,
            code=code,
            name=name,
            department_map=department_map,
            indicators=indicators,
            actor=None,
            period=period,
            source=source,
        )
    except BaseException:
        release_session()  # nothing of the plan stays behind
        raise
    commit()
    click.echo(
        ngettext(
            "已导入规划 %(code)s：%(num)d 项。",
            "已导入规划 %(code)s：%(num)d 项。",
            len(parsed.tracked()),
            code=plan.code,
        )
    )
    background = len(parsed.walk()) - len(parsed.tracked())
    if background:
        click.echo(
            ngettext(
                "另有 %(num)d 部分作为规划背景（仅阅读）。", "另有 %(num)d 部分作为规划背景（仅阅读）。", background
            )
        )


def _refusal_text(error: ValidationError, create_departments: bool) -> str:
    lines = [str(message) for messages in error.errors.values() for message in messages]
    lines.extend(str(message) for message in error.form_errors)
    if "departments" in error.errors and not create_departments:
        lines.append(_("加上 --create-departments 可为这些名称新建部门。"))
    if "departments" in error.errors:
        lines.append(_("多个部门同名或已停用的名称不会新建部门：请在导入页面逐一选择。"))
    return "\n".join(lines)


def _department_text(named: NamedDepartment) -> str:
    if named.state == NameState.AMBIGUOUS:
        return _("%(name)s（多个部门同名）", name=named.name)
    if named.state == NameState.INACTIVE:
        return _("%(name)s（已停用）", name=named.name)
    if named.department is None:
        return _("%(name)s（未知）", name=named.name)
    return named.name


def _candidates(named: NamedDepartment) -> str:
    return "、".join(department.name for department in named.candidates)


def _named(named: NamedDepartment) -> dict[str, str]:
    return {"indent": INDENT, "name": named.name}


def echo_preview(preview: Preview, period: tuple[int, int] | None = None) -> None:
    """The preview as text; `period`, given on the command line, wins over the document's."""
    years = period or preview.period
    shown_period = f"{years[0]}–{years[1]}" if years else _("未写明")
    click.echo(_("标题：%(title)s", title=preview.title or _("（文件没有标题，请用 --name 给出）")))
    click.echo(_("规划期：%(period)s", period=shown_period))
    click.echo(ngettext("结构（%(num)d 项）：", "结构（%(num)d 项）：", len(preview.rows)))
    for row in preview.rows:
        kind = (
            _("仅阅读：%(kind)s", kind=context_kind_label(row.context_kind)) if row.background else kind_label(row.kind)
        )
        parts = [f"{INDENT * (row.depth + 1)}{row.marker} {row.title}", f"[{kind}]"]
        if row.lead is not None:
            parts.append(_("牵头：%(name)s", name=_department_text(row.lead)))
        if row.supporting:
            parts.append(_("配合：%(names)s", names="、".join(_department_text(named) for named in row.supporting)))
        if row.inherited:
            parts.append(_("（沿用上级的部门）"))
        if row.start is not None:
            parts.append(_("开始：%(date)s", date=row.start.isoformat()))
        if row.due is not None:
            parts.append(_("完成：%(date)s", date=row.due.isoformat()))
        click.echo(" ".join(parts))
    click.echo(_("部门："))
    for named in preview.departments:
        if named.department is not None:
            click.echo(
                _(
                    "%(indent)s%(name)s → 已匹配：%(department)s",
                    indent=INDENT,
                    name=named.name,
                    department=named.department.name,
                )
            )
        elif named.state == NameState.AMBIGUOUS:
            message = _("%(indent)s%(name)s → 多个部门同名：%(names)s", names=_candidates(named), **_named(named))
            click.echo(message)
        elif named.state == NameState.INACTIVE:
            click.echo(_("%(indent)s%(name)s → 已停用：%(names)s", names=_candidates(named), **_named(named)))
        else:
            click.echo(_("%(indent)s%(name)s → 未知", indent=INDENT, name=named.name))
    if not preview.departments:
        click.echo(INDENT + _("文件没有写明部门。"))
    click.echo(ngettext("拟建指标（%(num)d 个）：", "拟建指标（%(num)d 个）：", len(preview.indicators)))
    for indicator in preview.indicators:
        year = f"{indicator.target_year} " if indicator.target_year else ""
        sign = comparator_sign(indicator.comparator)
        target = f"{year}{sign} {format_number(indicator.target_value)}{indicator.unit}"
        click.echo(_("%(indent)s%(name)s：%(target)s", indent=INDENT, name=indicator.name, target=target))
    click.echo(ngettext("警告（%(num)d 条）：", "警告（%(num)d 条）：", len(preview.warnings)))
    for warning in preview.warnings:
        click.echo(
            _("%(indent)s第 %(line)d 行：%(message)s", indent=INDENT, line=warning.line, message=warning.message)
        )
