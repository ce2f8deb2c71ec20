"""The upload form and the preview's confirm form. The confirm form carries the document's text (the preview
stores nothing); its department choices and indicator ticks are read by the view, one field per name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from tracker.core.forms import PlainIntegerField, text_field
from tracker.documents.services import CODE_MAX, PLAN_TITLE_MAX

ACCEPT = ".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PlanFieldsForm(FlaskForm):
    code = text_field(_l("规划代码"), CODE_MAX, required=True, render_kw={"autocomplete": "off"})
    name = text_field(_l("规划名称"), PLAN_TITLE_MAX)
    start_year = PlainIntegerField(_l("起始年份"))
    end_year = PlainIntegerField(_l("结束年份"))


class UploadForm(PlanFieldsForm):
    # The type is checked by content, not by the name's extension (tracker.documents.reading).
    file = FileField(
        _l("规划文件（纯文本 .txt 或 Word .docx）"),
        validators=[FileRequired(_l("请选择要上传的文件。"))],
        render_kw={"accept": ACCEPT},
    )


class ConfirmForm(PlanFieldsForm):
    text = HiddenField()
    filename = HiddenField()
