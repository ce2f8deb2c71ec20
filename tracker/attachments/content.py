"""What a file is, read from its bytes: the name and the browser's content type are never trusted.

Accepted: PDF; PNG, JPEG, GIF, WebP, BMP; Word, Excel and PowerPoint as OOXML zips (WPS writes the same) and as
legacy OLE2 compound files (.doc/.xls/.ppt and WPS's .wps/.et/.dps). Everything else (HTML, SVG, scripts,
executables, zips of other things, OLE2 files that are no office document, such as .msi installers) is refused.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    content_type: str
    # The extensions a file of this kind may carry (lower case, with the dot); the first is the one it gets when
    # its own does not match its content.
    extensions: tuple[str, ...]


PDF = FileKind("application/pdf", (".pdf",))
PNG = FileKind("image/png", (".png",))
JPEG = FileKind("image/jpeg", (".jpg", ".jpeg", ".jpe"))
GIF = FileKind("image/gif", (".gif",))
WEBP = FileKind("image/webp", (".webp",))
BMP = FileKind("image/bmp", (".bmp",))
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx", ".wps"))
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx", ".et"))
PPTX = FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx", ".dps"))
DOC = FileKind("application/msword", (".doc", ".wps"))
XLS = FileKind("application/vnd.ms-excel", (".xls", ".et"))
PPT = FileKind("application/vnd.ms-powerpoint", (".ppt", ".dps"))

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# OOXML: the folder of the main part -> the kind ([Content_Types].xml must be there too).
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
# OLE2: the main stream's name, as the directory stores it (UTF-16LE), -> the kind. WPS uses the same streams.
_OLE2_STREAMS = (
    ("WordDocument".encode("utf-16-le"), DOC),
    ("Workbook".encode("utf-16-le"), XLS),
    ("PowerPoint Document".encode("utf-16-le"), PPT),
    ("Book".encode("utf-16-le"), XLS),  # Excel 5/95; after the others, whose names are longer
)
# BITMAPINFOHEADER and its relatives: the sizes a real BMP's second header has.
_BMP_HEADER_SIZES = {12, 16, 40, 52, 56, 64, 108, 124}


def sniff(data: bytes) -> FileKind | None:
    """The kind of file `data` is, None when it is none that is accepted."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if _is_bmp(data):
        return BMP
    if data.startswith(ZIP_MAGIC):
        return _ooxml(data)
    if data.startswith(OLE2_MAGIC):
        return _ole2(data)
    return None


def _is_bmp(data: bytes) -> bool:
    """ "BM" alone is two letters any text may start with: the file size and the info header's size must agree."""
    if not data.startswith(b"BM") or len(data) < 26:
        return False
    declared_size, _reserved, pixel_offset, header_size = struct.unpack_from("<IIII", data, 2)
    return header_size in _BMP_HEADER_SIZES and declared_size in (0, len(data)) and 14 + header_size <= pixel_offset


def _ooxml(data: bytes) -> FileKind | None:
    """A Word/Excel/PowerPoint OOXML package; any other zip (or a damaged one) is none. Only the central
    directory is read: nothing is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, kind in _OOXML_PARTS:
        if any(name.startswith(folder) for name in names):
            return kind
    return None


def _ole2(data: bytes) -> FileKind | None:
    """A compound file is an office document when its directory names the document's main stream."""
    for stream, kind in _OLE2_STREAMS:
        if stream in data:
            return kind
    return None
