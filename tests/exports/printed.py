"""Printing an export the way an office does: LibreOffice renders the .xlsx to PDF, poppler reads the pages back.

Skipped where LibreOffice is missing, except under CI (the Makefile installs it there, so missing is a failure).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from config import BASE_DIR

ARTIFACTS = BASE_DIR / "test-artifacts"
# Converting a workbook of a few hundred rows takes seconds; this only stops a hung soffice.
CONVERT_TIMEOUT = 300
_PAGE_SIZE = re.compile(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", re.MULTILINE)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_HANZI = re.compile(r"[\u4e00-\u9fff]+")
# Words nearer the page's top or bottom edge than this (points) are the page header and footer.
_MARGIN_BAND = 45


def require_libreoffice() -> None:
    missing = [tool for tool in ("soffice", "pdfinfo", "pdftotext", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing {', '.join(missing)}: `make` installs LibreOffice and poppler-utils")
        pytest.skip(f"needs {', '.join(missing)} (LibreOffice, poppler-utils)")


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=CONVERT_TIMEOUT).stdout


def to_pdf(xlsx: Path) -> Path:
    """The workbook as LibreOffice prints it (every sheet, in order), in a profile of its own so that parallel
    runs and a desktop LibreOffice do not share one."""
    profile = xlsx.parent / f"lo-profile-{os.getpid()}"
    _run(
        "soffice",
        "--headless",
        f"-env:UserInstallation=file://{profile}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(xlsx.parent),
        str(xlsx),
    )
    pdf = xlsx.with_suffix(".pdf")
    assert pdf.exists(), f"LibreOffice wrote no {pdf.name}"
    return pdf


@dataclass
class Word:
    text: str
    x: float
    y: float
    width: float
    height: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    text: str
    words: list[Word]

    def body_words(self) -> list[Word]:
        """Words between the page header and footer."""
        return [w for w in self.words if _MARGIN_BAND < w.y < self.height - _MARGIN_BAND]


def pages(pdf: Path) -> list[Page]:
    info = _run("pdfinfo", "-f", "1", "-l", "9999", str(pdf))
    sizes = {int(n): (float(w), float(h)) for n, w, h in _PAGE_SIZE.findall(info)}
    result = []
    for number, (width, height) in sorted(sizes.items()):
        text = _run("pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-")
        bbox = _run("pdftotext", "-f", str(number), "-l", str(number), "-bbox", str(pdf), "-")
        words = [
            Word(word, float(x0), float(y0), float(x1) - float(x0), float(y1) - float(y0))
            for x0, y0, x1, y1, word in _WORD.findall(bbox)
        ]
        result.append(Page(number, width, height, text, words))
    return result


def median_height(words: list[Word]) -> float:
    """The median height of the words' boxes (a CJK font's box is taller than its size: ascent and descent)."""
    return statistics.median(word.height for word in words)


def median_font_size(words: list[Word]) -> float:
    """The median size on paper, in points, of the text set in Chinese: a Chinese character is one em wide, so
    a word of nothing else is as many ems wide as it has characters."""
    sizes = [word.width / len(word.text) for word in words if _HANZI.fullmatch(word.text)]
    return statistics.median(sizes)


def first_page_png(pdf: Path, name: str, first: int = 1) -> Path:
    """Page `first` of the PDF as a PNG under test-artifacts/ (60 dpi), for people to look at, and the whole PDF
    beside it."""
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / name
    shutil.copyfile(pdf, stem.with_suffix(".pdf"))
    _run("pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(first), "-l", str(first), str(pdf), str(stem))
    return stem.with_suffix(".png")
