"""The file input of every form that takes evidence files: a multiple file field named "files".

The field itself checks nothing: services.check_uploads reads the files in the view's rules, so their refusals
are shown at the field with the form's other messages, all at once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField

# What the browser's file chooser offers first; the server checks the content whatever was chosen.
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.bmp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps"


def files_field(label: str | None = None) -> MultipleFileField:
    """Put it on a form as `files = files_field()` (the templates and check_uploads expect the name "files"); the
    form's page needs enctype="multipart/form-data"."""
    return MultipleFileField(label or _l("佐证材料"))


class FilesForm(FlaskForm):
    """Files on their own (a project's evidence uploaded without a status update)."""

    files = files_field()
