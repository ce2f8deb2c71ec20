"""The status-update form: status, progress, note, and the delay explanation late work needs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from tracker.attachments.forms import files_field
from tracker.core.filters import STATUS_LABELS
from tracker.core.forms import IsoDateField, PercentField, PlainIntegerField, Present, SelectChoice, textarea_field
from tracker.updates.services import NOTE_MAX, UpdateData


class StatusUpdateForm(FlaskForm):
    status = SelectField(  # type: ignore[call-arg]  # new in WTForms 3.3; types-WTForms describes 3.2
        _l("状态"),
        choices=[SelectChoice(value, label) for value, label in STATUS_LABELS.items()],
        invalid_choice_message=_l("请选择有效的状态。"),
    )
    progress = PercentField(_l("进度（%）"), validators=[Present()])
    note = textarea_field(_l("进展说明"), NOTE_MAX)
    delay_reason = textarea_field(_l("滞后原因"), NOTE_MAX)
    remedy = textarea_field(_l("整改措施"), NOTE_MAX)
    expected_completion = IsoDateField(_l("预计完成日期"), validators=[Optional()])
    files = files_field()  # checked by the view's rules (attachments.services.check_uploads), kept with the update
    # The version the poster saw: a report made against an older state is refused, not applied.
    version = PlainIntegerField(widget=HiddenInput(), validators=[Present()])

    def to_data(self) -> UpdateData:
        return UpdateData(
            status=self.status.data,
            progress=self.progress.data,
            version=self.version.data,
            note=self.note.data or "",
            delay_reason=self.delay_reason.data or "",
            remedy=self.remedy.data or "",
            expected_completion=self.expected_completion.data,
        )

    def show_stored_version(self, version: int) -> None:
        """After a conflict: the next submit is made knowingly against what is stored now."""
        self.version.raw_data = None
        self.version.data = version
