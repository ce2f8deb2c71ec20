"""The upload form and the confirm/discard buttons (plain forms: their CSRF token is the point)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class UploadForm(FlaskForm):
    # The type is checked by content, not by the name's extension (see tracker.exports.reading).
    file = FileField(
        _l("Excel 文件（.xlsx）"),
        validators=[FileRequired(_l("请选择要上传的文件。"))],
        render_kw={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )


class ConfirmForm(FlaskForm):
    """Confirm or discard a batch: nothing to fill in."""
