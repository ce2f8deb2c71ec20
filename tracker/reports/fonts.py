"""The report's Chinese fonts: found on disk, registered with ReportLab once per process, shared with matplotlib.

Official documents set headings in a black face (黑体) and body text in a song or fang-song face. The Makefile
installs WenQuanYi Micro Hei (the black face) and AR PL UMing (a Ming/Song face); both are TrueType collections,
so each is named with its face's index. ReportLab embeds the subsets of TrueType fonts it uses, so the PDF prints
the same anywhere. Without them the PDF falls back to ReportLab's built-in CID font STSong-Light, which every PDF
reader supplies but which is not embedded; a warning says so, and the report is still written.

Characters the fonts lack (emoji, private-use glyphs) would print as blanks or boxes of the reader's choosing, and
ReportLab cannot map characters outside the Basic Multilingual Plane to a subset at all: `printable` replaces them
with a visible "□", the one place where that happens. Invisible format characters (Unicode category Cf: a
zero-width space, a byte order mark, a right-to-left mark pasted from a web page) have nothing to show: they are
dropped, never boxed.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

MISSING_GLYPH = "□"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
FALLBACK_CID_FONT = "STSong-Light"


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int  # the face in a TrueType collection (.ttc)


# Where Debian's packages put them (Makefile); the first file that exists wins.
HEADING_FILES = (FontFile(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),)
# AR PL UMing's first face is "AR PL UMing CN" (simplified Chinese forms); HK and TW follow.
BODY_FILES = (FontFile(Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),)


@dataclass(frozen=True)
class ReportFonts:
    """ReportLab's names for the two roles, and the files behind them (None: the non-embedded CID fallback)."""

    heading: str
    body: str
    heading_file: FontFile | None
    body_file: FontFile | None
    # Code points each role's font can draw; None: the CID font, whose coverage is GBK.
    heading_chars: frozenset[int] | None
    body_chars: frozenset[int] | None

    @property
    def embedded(self) -> bool:
        return self.heading_file is not None and self.body_file is not None

    def chars_of(self, font_name: str) -> frozenset[int] | None:
        return self.heading_chars if font_name == self.heading else self.body_chars


_lock = threading.Lock()
_registered: ReportFonts | None = None


def report_fonts() -> ReportFonts:
    """The fonts, registered with ReportLab on the first call of the process (gunicorn threads share them)."""
    global _registered
    with _lock:
        if _registered is None:
            _registered = _register(HEADING_FILES, BODY_FILES)
        return _registered


def _register(heading_files: tuple[FontFile, ...], body_files: tuple[FontFile, ...]) -> ReportFonts:
    heading_file, body_file = _first_existing(heading_files), _first_existing(body_files)
    # One face may stand in for the other: a hei-only installation still embeds its fonts.
    heading_file, body_file = heading_file or body_file, body_file or heading_file
    if heading_file is None or body_file is None:
        log.warning(
            "No CJK TrueType font found (looked for %s); the report PDF uses %s, which is not embedded.",
            ", ".join(str(font.path) for font in (*heading_files, *body_files)),
            FALLBACK_CID_FONT,
        )
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
        return ReportFonts(FALLBACK_CID_FONT, FALLBACK_CID_FONT, None, None, None, None)
    heading, heading_chars = _register_ttf("ReportHei", heading_file)
    body, body_chars = _register_ttf("ReportSong", body_file)
    return ReportFonts(heading, body, heading_file, body_file, heading_chars, body_chars)


def _first_existing(files: tuple[FontFile, ...]) -> FontFile | None:
    return next((font for font in files if font.path.is_file()), None)


def _register_ttf(name: str, font: FontFile) -> tuple[str, frozenset[int]]:
    ttf = TTFont(name, str(font.path), subfontIndex=font.index)
    pdfmetrics.registerFont(ttf)
    # Bold runs (a table's totals) use the same face: ReportLab then strokes it heavier instead of failing.
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    # A code point mapped to glyph 0 is drawn as the font's "missing" box; control characters draw nothing.
    # Format characters are left out too, so that `printable` drops them even where the font maps them.
    drawable = {
        code
        for code, glyph in ttf.face.charToGlyph.items()
        if glyph and not _CONTROL.match(chr(code)) and not _invisible(chr(code))
    }
    return name, frozenset(drawable)


def printable(text: str, chars: frozenset[int] | None) -> str:
    """`text` with every character the font cannot draw replaced by MISSING_GLYPH (line breaks and tabs kept),
    invisible format characters dropped."""
    if chars is None:
        return "".join(
            ch if ch in "\n\t" or (_in_gbk(ch) and not _CONTROL.match(ch) and not _invisible(ch)) else _missing(ch)
            for ch in text
        )
    # Only a character the font lacks is looked at twice: the common case stays one set lookup.
    return "".join(ch if ord(ch) in chars or ch in "\n\t" else _missing(ch) for ch in text)


def _missing(ch: str) -> str:
    return "" if _invisible(ch) else MISSING_GLYPH


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def _in_gbk(ch: str) -> bool:
    try:
        ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True
