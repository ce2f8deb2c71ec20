"""Judging an uploaded export row by row, storing the preview, and applying it once confirmed.

A row with nothing to report is skipped and only counted: one left as exported (its check digest still matches)
or one whose values are what the item already says (only the check cell was touched, say). Every other row gets
a verdict: apply, or refused with a reason — an unknown item, hidden cells that no longer match the item the row
shows (an id edited to another item's), a bad value, an item of another department, an item changed since the
export, late work without its explanation, or an explanation typed for work that is not late (a status update keeps
none: refused rather than dropped after the preview promised it). A formula is refused too: only typed values are
imported. Each judged row keeps what it changes, old and new, for the preview, which is exactly what is posted.
Confirming re-checks every row and posts the status updates through tracker.updates.services in one transaction:
if one fails, nothing is written, and a batch is applied at most once. A member whose department's reports need
sign-off posts drafts, as the web form does: the lead's approval applies them (tracker.updates.sign_off).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any, cast

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CursorResult, func, insert, select, update

from tracker.auth.models import User
from tracker.core import clock
from tracker.core.dates import date_window_message, in_date_window
from tracker.core.errors import ConflictError, PermissionDenied, ValidationError
from tracker.core.filters import STATUS_LABELS
from tracker.core.forms import DIRECTION_CONTROLS
from tracker.core.permissions import MAX_ID
from tracker.core.statuses import STATUS_VALUES
from tracker.exports.cells import cell_text, excel_line_breaks, truncate
from tracker.exports.columns import identity_digest, normalise_header, split_check, values_digest
from tracker.exports.data import latest_reports
from tracker.exports.installation import installation_key
from tracker.exports.labels import change_label
from tracker.exports.models import BatchState, ImportBatch, ImportRow, Verdict
from tracker.exports.reading import Formula, SheetRow, UploadedSheet, UploadRefused
from tracker.exports.rows import Report
from tracker.extensions import db
from tracker.plan.models import Plan, WorkItem
from tracker.updates.permissions import can_post_update
from tracker.updates.services import (
    NOTE_MAX,
    UpdateData,
    check_status_update,
    needs_delay_explanation,
    post_status_update,
)

FILENAME_MAX = 255
KEY_TEXT_MAX = 63  # ImportRow.key_text holds 64 characters: 63 and an ellipsis
QUOTED_MAX = 20  # characters of a refused value quoted in a message
_ID_SLICE = 1000  # ids per look-up of rows that name another plan's items
# Why a row is refused (the code is stored; the message is stored in the uploader's language).
REASONS = (
    "unknown_item",
    "other_plan",
    "bad_key",
    "duplicate",
    "bad_value",
    "retired",
    "not_your_department",
    "changed_since_export",
    "needs_delay_explanation",
)
_DELAY_FIELDS = ("delay_reason", "remedy", "expected_completion")
_DIGITS = re.compile(r"^[0-9]{1,9}$", re.ASCII)
_PERCENT = re.compile(r"^[0-9]{1,3}$", re.ASCII)
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)
# Control characters (tab and line breaks aside) and direction overrides, as the report form refuses them, and what
# only a hand-made file's escapes can produce.
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff{DIRECTION_CONTROLS}]")
_QUOTED = re.compile(r'"[^"]*"|\\.')


class BadValue(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------------------------
# Cells to values


def _status_lookup() -> dict[str, str]:
    """Status codes and their labels in every UI language, as typed in a cell."""
    lookup = {code: code for code in STATUS_VALUES}
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            lookup.update({normalise_header(str(label)): code for code, label in STATUS_LABELS.items()})
    return lookup


def parse_status(value: object, lookup: dict[str, str]) -> str:
    code = lookup.get(normalise_header(value)) if isinstance(value, str) else None
    if code is None:
        raise BadValue(_("状态“%(value)s”无效，请从下拉列表中选择。", value=_quoted(value)))
    return code


def _is_percent_format(number_format: str) -> bool:
    """ "0%" stores 0.4 for 40 %; a % inside quotes or escaped is only a printed sign."""
    return "%" in _QUOTED.sub("", number_format or "")


def parse_progress(value: object, number_format: str = "") -> int:
    message = _("进度“%(value)s”无效：进度须为 0 到 100 之间的整数。", value=_quoted(value))
    if isinstance(value, bool) or value is None:
        raise BadValue(message)
    if isinstance(value, int | float):
        number = value * 100 if _is_percent_format(number_format) else value
        if not math.isfinite(number) or abs(number - round(number)) > 1e-9:
            raise BadValue(message)
        result = round(number)
    elif isinstance(value, str):
        raw = value.strip().removesuffix("%").strip()
        if not _PERCENT.match(raw):
            raise BadValue(message)
        result = int(raw)
    else:
        raise BadValue(message)
    if not 0 <= result <= 100:
        raise BadValue(message)
    return result


def _quoted(value: object, limit: int = QUOTED_MAX) -> str:
    """A value as typed, for a message: a long one is cut with a visible ellipsis, never silently."""
    return truncate(_as_text(value), limit + 1, "…")


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_text(value: object, label: str) -> str:
    """A note or explanation as it was typed (cells.cell_text): outer blanks kept, line breaks as LF."""
    text = cell_text(_as_text(value))
    if _CONTROL.search(text):
        raise BadValue(_("%(label)s含有控制字符，请删除后再上传。", label=label))
    if len(text) > NOTE_MAX:
        raise BadValue(_("%(label)s不能超过 %(n)d 个字符。", label=label, n=NOTE_MAX))
    return text


def parse_date(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = _as_date(value)
    if day is None:
        raise BadValue(_("预计完成日期“%(value)s”无效，请填写 YYYY-MM-DD 格式的日期。", value=_quoted(value)))
    # The window holds for every status, as on the web form, not only where the explanation is required.
    if not in_date_window(day):
        raise BadValue(str(date_window_message()))
    return day


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _plain_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _DIGITS.match(value.strip()):
        return int(value.strip())
    return None


def _beyond_range(number: int | None) -> bool:
    """Ids and versions are INTEGER columns: a larger number would fail the database, not just the row."""
    return number is not None and not 0 <= number <= MAX_ID


def _same_text(typed: str, stored: str) -> bool:
    """Equal as a status update would store them (line breaks aside, outer blanks stripped)."""
    return excel_line_breaks(typed).strip() == excel_line_breaks(stored).strip()


# ---------------------------------------------------------------------------------------------------------------
# Verdicts


@dataclass
class Judged:
    row_number: int
    key_text: str = ""
    work_item_id: int | None = None
    seen_version: int | None = None
    status: str | None = None
    progress: int | None = None
    note: str = ""
    delay_reason: str = ""
    remedy: str = ""
    expected_completion: date | None = None
    verdict: str = Verdict.APPLY.value
    reason: str = ""
    message: str = ""
    changes: list = field(default_factory=list)

    def refuse(self, reason: str, message: str) -> Judged:
        self.verdict, self.reason, self.message = Verdict.REFUSED.value, reason, message
        return self


class _Judge:
    def __init__(
        self,
        user: User,
        items: dict[int, WorkItem],
        reports: dict[int, Report],
        today: date,
        elsewhere: dict[int, str] | None = None,
    ) -> None:
        self.user, self.items, self.reports, self.today = user, items, reports, today
        self.elsewhere = elsewhere or {}  # item id -> the title of the other plan it belongs to
        self.lookup = _status_lookup()
        self.seen: dict[int, int] = {}  # item id -> first row number

    def __call__(self, row: SheetRow) -> Judged | None:
        """None for a row with nothing to report."""
        cells = row.cells
        judged = Judged(row.number, key_text=_quoted(_as_text(cells.get("id")).strip(), KEY_TEXT_MAX))
        key = _plain_int(cells.get("id"))
        if _beyond_range(key):
            return judged.refuse("bad_key", _out_of_range(_("任务ID"), judged.key_text))
        item = self.items.get(key) if key is not None else None
        if item is None and key in self.elsewhere:
            return judged.refuse(
                "other_plan",
                _(
                    "任务ID为“%(key)s”的任务属于另一个规划（%(plan)s），不能导入到当前规划。",
                    key=judged.key_text,
                    plan=_quoted(self.elsewhere[key], 40),
                ),
            )
        if item is None:
            return judged.refuse(
                "unknown_item",
                _("找不到任务ID为“%(key)s”的任务（不属于本规划，或任务ID被改动）。", key=judged.key_text),
            )
        judged.work_item_id = item.id
        version = _plain_int(cells.get("version"))
        if _beyond_range(version):
            return judged.refuse("bad_key", _out_of_range(_("版本"), _as_text(cells.get("version"))))
        judged.seen_version = version
        identity, exported_values = split_check(cells.get("check"))
        problem = self._read_values(judged, row)
        if problem is None and (
            exported_values == values_digest(_values(judged)) or self._says_nothing_new(judged, item)
        ):
            return None
        if judged.seen_version is None:
            return judged.refuse("bad_key", _("隐藏的“版本”列被改动，无法核对此行。请重新导出后再填写。"))
        if identity != identity_digest(
            item.id, judged.seen_version, _shown(cells.get("outline")), _shown(cells.get("title"))
        ):
            return judged.refuse(
                "bad_key",
                _(
                    "此行隐藏的“任务ID”“版本”或“校验码”与它显示的任务（%(outline)s %(title)s）不符，"
                    "可能被改动或复制自别的行。请重新导出后再填写。",
                    outline=_quoted(_shown(cells.get("outline"))),
                    title=_quoted(_shown(cells.get("title")), 40),
                ),
            )
        if problem is not None:
            return judged.refuse("bad_value", problem)
        if item.id in self.seen:
            return judged.refuse(
                "duplicate", _("同一任务在文件中出现多次，只处理第 %(row)d 行。", row=self.seen[item.id])
            )
        self.seen[item.id] = row.number
        judged.changes = self._changes(judged, item)
        return self._check_rules(judged, item)

    def _read_values(self, judged: Judged, row: SheetRow) -> str | None:
        """Fill in what the cells say; the first problem found, in words, or None."""
        cells = row.cells
        problems: list[str] = []
        for name, parse in (
            ("status", lambda: parse_status(cells.get("status"), self.lookup)),
            ("progress", lambda: parse_progress(cells.get("progress"), row.progress_format)),
            ("note", lambda: parse_text(cells.get("note"), _("进展说明"))),
            ("delay_reason", lambda: parse_text(cells.get("delay_reason"), _("滞后原因"))),
            ("remedy", lambda: parse_text(cells.get("remedy"), _("整改措施"))),
            ("expected_completion", lambda: parse_date(cells.get("expected_completion"))),
        ):
            try:
                if isinstance(cells.get(name), Formula):
                    raise BadValue(
                        _(
                            "%(label)s“%(formula)s”是公式：公式不能导入，请直接填写数值或文字。",
                            label=change_label(name),
                            formula=_quoted(cells.get(name)),
                        )
                    )
                setattr(judged, name, parse())
            except BadValue as error:
                problems.append(error.message)
        return problems[0] if problems else None

    def _current(self, item: WorkItem) -> tuple:
        """The item's values as the row's cells would show them today."""
        report = self.reports.get(item.id, Report())
        return (
            item.status,
            item.progress,
            report.note,
            report.delay_reason,
            report.remedy,
            report.expected_completion,
        )

    def _says_nothing_new(self, judged: Judged, item: WorkItem) -> bool:
        """The values are what the item already says: posting them would be an empty report."""
        status, progress, note, delay_reason, remedy, expected = self._current(item)
        return (
            (judged.status, judged.progress, judged.expected_completion) == (status, progress, expected)
            and _same_text(judged.note, note)
            and _same_text(judged.delay_reason, delay_reason)
            and _same_text(judged.remedy, remedy)
        )

    def _changes(self, judged: Judged, item: WorkItem) -> list[list[str]]:
        """[field, old, new] for each value the row changes, for the preview."""
        found = []
        for name, old, new in zip(_FIELDS, self._current(item), _values(judged), strict=True):
            same = _same_text(new, old) if isinstance(new, str) and name != "status" else old == new
            if not same:
                found.append([name, _as_text(old), _as_text(new)])
        return found

    def _check_rules(self, judged: Judged, item: WorkItem) -> Judged:
        if item.retired:
            return judged.refuse("retired", _("该任务已撤销，不再接收进展报告。"))
        if not can_post_update(self.user, item):
            return judged.refuse("not_your_department", _("不是您所在部门牵头的任务，您不能报告它的进展。"))
        if judged.seen_version != item.version:
            return judged.refuse("changed_since_export", _changed_message(item))
        try:
            status = check_status_update(item, _update_data(judged), self.today)
        except ConflictError:
            return judged.refuse("changed_since_export", _changed_message(item))
        except ValidationError as error:
            reason = "needs_delay_explanation" if error.field in _DELAY_FIELDS else "bad_value"
            return judged.refuse(reason, error.message)
        if not needs_delay_explanation(item, status, self.today):
            return self._without_explanation(judged, item, status)
        return judged

    def _without_explanation(self, judged: Judged, item: WorkItem, status: str) -> Judged:
        """Work that is not late keeps no delay explanation (the status update stores none, the web form hides the
        fields). One typed into the row is refused, naming it; one carried over unchanged from an earlier late
        report is previewed as cleared, since that is what the new report stores."""
        typed = [name for name, _old, new in judged.changes if name in _DELAY_FIELDS and new]
        if typed:
            return judged.refuse(
                "bad_value",
                _(
                    "状态为“%(status)s”的任务不保存%(fields)s：只有滞后、有风险或已逾期的任务才填写这些内容。"
                    "请清空这些单元格，或把状态改为“滞后”或“有风险”。",
                    status=STATUS_LABELS.get(status, status),
                    fields=_("、").join(change_label(name) for name in typed),
                ),
            )
        judged.delay_reason, judged.remedy, judged.expected_completion = "", "", None
        judged.changes = self._changes(judged, item)
        return judged


_FIELDS = ("status", "progress", "note", "delay_reason", "remedy", "expected_completion")


def _values(judged: Judged) -> tuple:
    return tuple(getattr(judged, name) for name in _FIELDS)


def _shown(value: object) -> str:
    """A shown (not editable) cell's text as the check digested it."""
    return cell_text(_as_text(value))


def _out_of_range(label: str, value: str) -> str:
    return _(
        "隐藏的“%(label)s”列的值“%(value)s”超出范围（被改动过），无法核对此行。请重新导出后再填写。",
        label=label,
        value=_quoted(value),
    )


def _changed_message(item: WorkItem) -> str:
    return _(
        "导出之后此任务已被更新（当前版本 %(version)d），请重新导出后再填写，以免覆盖他人的报告。", version=item.version
    )


def _update_data(row: Judged | ImportRow) -> UpdateData:
    """The row's report as the update service takes it, against the version the row was exported at."""
    names = [each.name for each in fields(UpdateData) if each.name != "version"]
    reported = {name: getattr(row, name) for name in names}
    return UpdateData(version=row.seen_version, **reported)


def create_batch(plan: Plan, user: User, filename: str, sheet: UploadedSheet, today: date) -> ImportBatch:
    """Judge every row and store the preview: a few statements plus one insert of the edited rows. Flushes."""
    if sheet.plan_code != plan.code:
        raise UploadRefused(
            _("文件属于另一个规划（%(code)s），不能导入到当前规划。", code=_quoted(sheet.plan_code, 64))
        )
    if sheet.installation != installation_key():
        raise UploadRefused(
            _("文件是从另一套系统（另一处安装）导出的，任务ID与本系统不对应，不能导入。请从本系统导出后填写再上传。")
        )
    items = {item.id: item for item in db.session.scalars(select(WorkItem).where(WorkItem.plan_id == plan.id))}
    judge = _Judge(user, items, latest_reports(plan.id), today, _in_other_plans(sheet, items))
    judged: list[Judged] = []
    unchanged = 0
    for row in sheet.rows:
        verdict = judge(row)
        if verdict is None:
            unchanged += 1
        else:
            judged.append(verdict)
    batch = ImportBatch(
        user_id=user.id,
        plan_id=plan.id,
        filename=filename[:FILENAME_MAX],
        # Nothing to confirm: finished at once rather than listed as awaiting a confirmation that cannot come.
        state=_state_for(judged),
        row_count=len(sheet.rows),
        unchanged_count=unchanged,
        created_at=clock.now(),
    )
    db.session.add(batch)
    db.session.flush()
    if judged:
        db.session.execute(insert(ImportRow), [{"batch_id": batch.id, **asdict(j)} for j in judged])
    return batch


def _in_other_plans(sheet: UploadedSheet, items: dict[int, WorkItem]) -> dict[int, str]:
    """The rows' item ids that are not this plan's but another's, with that plan's title (one statement per thousand
    such ids; none for a sheet of this plan's rows). Such a row (copied from another plan's export) is refused
    saying so, rather than as an unknown id."""
    keys = {_plain_int(row.cells.get("id")) for row in sheet.rows}
    strangers = sorted(key for key in keys if key is not None and not _beyond_range(key) and key not in items)
    found: dict[int, str] = {}
    # In slices, so that a sheet of many strange ids stays within every database's limit on bound parameters.
    for start in range(0, len(strangers), _ID_SLICE):
        wanted = strangers[start : start + _ID_SLICE]
        query = select(WorkItem.id, Plan.title).join(Plan, Plan.id == WorkItem.plan_id).where(WorkItem.id.in_(wanted))
        found.update({item_id: title for item_id, title in db.session.execute(query)})
    return found


def _state_for(judged: list[Judged]) -> str:
    if any(row.verdict == Verdict.APPLY.value for row in judged):
        return BatchState.PENDING.value
    return BatchState.NOTHING.value


def verdict_counts(batch: ImportBatch) -> dict[str, int]:
    counts = {verdict.value: 0 for verdict in Verdict}
    rows = db.session.execute(
        select(ImportRow.verdict, func.count()).where(ImportRow.batch_id == batch.id).group_by(ImportRow.verdict)
    )
    counts.update({verdict: count for verdict, count in rows})
    return counts


# ---------------------------------------------------------------------------------------------------------------
# Confirmation


def apply_batch(batch: ImportBatch, user: User, today: date) -> int:
    """Post every accepted row as a status update; any failure raises and the caller rolls everything back.

    The state change comes first as a guarded UPDATE: of two confirmations racing, the second finds the batch no
    longer pending (its UPDATE waits for the first transaction) and applies nothing.
    """
    result = db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch.id, ImportBatch.state == BatchState.PENDING.value)
        .values(state=BatchState.APPLIED.value, applied_at=clock.now())
    )
    claimed = cast("CursorResult[Any]", result).rowcount  # an UPDATE's result is a CursorResult, typed as Result
    if claimed != 1:
        raise ValidationError(_("这批导入已经处理过，不能重复导入。"))
    accepted = (ImportRow.batch_id == batch.id, ImportRow.verdict == Verdict.APPLY.value)
    rows = list(db.session.scalars(select(ImportRow).where(*accepted).order_by(ImportRow.row_number)))
    items: dict[int | None, WorkItem] = {
        item.id: item
        for item in db.session.scalars(
            select(WorkItem).where(WorkItem.id.in_(select(ImportRow.work_item_id).where(*accepted)))
        )
    }
    for row in rows:
        item = items[row.work_item_id]
        if not can_post_update(user, item):
            raise PermissionDenied(
                _("第 %(row)d 行：您已不能报告此任务的进展。本次导入没有写入任何内容。", row=row.row_number)
            )
        if item.version != row.seen_version:
            raise ConflictError(
                _(
                    "第 %(row)d 行（%(title)s）在预览之后已被他人更新。本次导入没有写入任何内容，"
                    "请重新导出后再填写上传。",
                    row=row.row_number,
                    title=item.title,
                )
            )
        try:
            post_status_update(item, _update_data(row), user, today)
        except ValidationError as error:
            raise ValidationError(
                _("第 %(row)d 行：%(message)s 本次导入没有写入任何内容。", row=row.row_number, message=error.message)
            ) from error
    return len(rows)


def discard_batch(batch: ImportBatch) -> None:
    if batch.state != BatchState.PENDING.value:
        raise ValidationError(_("这批导入已经处理过。"))
    batch.state = BatchState.DISCARDED.value
    db.session.flush()
