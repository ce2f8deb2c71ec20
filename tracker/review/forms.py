"""The review form (the office's decision on one overdue or stale subject) and a request thread's forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from tracker.attachments.forms import files_field
from tracker.attachments.services import chosen
from tracker.core.forms import IsoDateField, PlainIntegerField, Present, SelectChoice, textarea_field
from tracker.review.labels import OUTCOME_LABELS
from tracker.review.services import COMMENT_MAX, ReviewData
from tracker.review.threads import AnswerData, SettleData


class ReviewForm(FlaskForm):
    outcome = RadioField(  # type: ignore[call-arg]  # new in WTForms 3.3; types-WTForms describes 3.2
        _l("审核结论"),
        choices=[SelectChoice(value, label) for value, label in OUTCOME_LABELS.items()],
        # Nothing chosen and an unknown value get the same answer (the choice check runs before validators).
        invalid_choice_message=_l("请选择审核结论。"),
    )
    comment = textarea_field(
        _l("审核意见"), COMMENT_MAX, description=_l("要求跟进或提请督办时必填：写明要求部门说明或完成什么。")
    )
    follow_up_date = IsoDateField(
        _l("跟进日期"), validators=[Optional()], description=_l("要求跟进或提请督办时必填：部门应在此日期前答复。")
    )
    new_due_date = IsoDateField(
        _l("新的完成期限"), validators=[Optional()], description=_l("同意延期时必填，须晚于当前完成期限。")
    )
    # The version the reviewer saw: a decision made on an older state is refused, not applied.
    version = PlainIntegerField(widget=HiddenInput(), validators=[Present()])

    def to_data(self) -> ReviewData:
        return ReviewData(
            outcome=self.outcome.data,
            version=self.version.data,
            comment=self.comment.data or "",
            follow_up_date=self.follow_up_date.data,
            new_due_date=self.new_due_date.data,
        )

    def show_stored_version(self, version: int) -> None:
        """After a conflict: the next submit is made knowingly against what is stored now."""
        self.version.raw_data = None
        self.version.data = version


class _ThreadForm(FlaskForm):
    """A step in a request's thread. `seen` carries how many messages the thread had when the page was drawn:
    a second click, or a form left open while someone else acted, is refused (tracker.review.threads)."""

    seen = PlainIntegerField(widget=HiddenInput(), validators=[Present()])

    def show_thread_length(self, count: int) -> None:
        self.seen.raw_data = None
        self.seen.data = count


class AnswerForm(_ThreadForm):
    text = textarea_field(
        _l("答复内容"), COMMENT_MAX, description=_l("说明已做的工作、结果或原因；可附上批复、验收报告等佐证材料。")
    )
    files = files_field()

    def to_data(self) -> AnswerData:
        return AnswerData(self.text.data or "", chosen(self.files.data or []), self.seen.data)


class AcceptForm(_ThreadForm):
    text = textarea_field(_l("办结意见"), COMMENT_MAX, description=_l("可不填。"))

    def to_data(self) -> SettleData:
        return SettleData(self.text.data or "", self.seen.data)


class AskAgainForm(_ThreadForm):
    text = textarea_field(_l("再次要求"), COMMENT_MAX, description=_l("写明答复还缺少什么。"))
    due_date = IsoDateField(_l("新的答复期限"), validators=[Optional()], description=_l("部门应在此日期前再次答复。"))

    def to_data(self) -> SettleData:
        return SettleData(self.text.data or "", self.seen.data, self.due_date.data)
