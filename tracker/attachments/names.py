"""The name an uploaded file is kept and sent back under: the user's own (Chinese included), checked, with the
extension its content calls for."""

from __future__ import annotations

import unicodedata

from flask_babel import gettext as _

from tracker.attachments.content import FileKind

NAME_MAX = 255  # characters: the column's width
# Bidirectional overrides make "报告‮fdp.exe" read as "报告exe.pdf": refused like other control characters.
_BIDI_CONTROLS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def name_problem(name: str) -> str | None:
    """Why a file's name is refused, None when it is fine. A name is a name: no folder, no way up, no control
    characters (an upload from a browser carries the file's own name only)."""
    if "/" in name or "\\" in name or ".." in name:
        return _("%(name)s：文件名不能包含路径。", name=_shown(name))
    if any(unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS for char in name):
        return _("%(name)s：文件名不能包含控制字符。", name=_shown(name))
    if len(name) > NAME_MAX:
        return _("%(name)s：文件名不能超过 %(max)d 个字符。", name=_shown(name), max=NAME_MAX)
    if not name.strip(" ."):
        return _("文件名不能为空。")
    return None


def _shown(name: str) -> str:
    """The name as a message may quote it: control characters made visible, a long name shortened."""
    visible = "".join("�" if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS else char for char in name)
    return visible if len(visible) <= 60 else visible[:57] + "…"


def stored_name(name: str, kind: FileKind) -> str:
    """`name` with an extension that matches the content: a PDF sent as "批复.doc" is kept as "批复.pdf", so the
    program that opens the download is the one for what it is."""
    name = name.strip()
    stem, dot, extension = name.rpartition(".")
    if dot and ("." + extension).lower() in kind.extensions:
        return name
    stem = stem if dot and stem else name
    wanted = kind.extensions[0]
    return stem[: NAME_MAX - len(wanted)] + wanted
