"""A report Chart drawn as a PNG, the same picture for the Word file and the PDF.

matplotlib's object API (a Figure with its own Agg canvas), never pyplot: pyplot keeps global state that gunicorn's
threads would share. Bars are horizontal so long Chinese category names stay readable; each bar carries its value.
The picture is sized for the A4 text width (15.6 cm) and is byte-for-byte the same for the same chart: the
PNG carries no software or time stamp.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import MaxNLocator

from tracker.reports.document import Chart
from tracker.reports.fonts import ReportFonts, printable, report_fonts

WIDTH_CM = 15.5  # the A4 text width between GB/T 9704 margins is 15.6 cm
DPI = 200
CM_PER_INCH = 2.54
# Calm colours that stay apart when printed in grey.
PALETTE = ("#2f6fb0", "#e08a2c", "#4f9d69", "#c8433a", "#8064a2", "#7f7f7f")
LABEL_CHARS = 14  # a category name longer than this wraps onto a second (and third) line
LABEL_LINES = 3
ROW_CM = 0.75  # height per category
MIN_HEIGHT_CM = 4.0
MAX_CATEGORIES = 40  # a longer list would not fit one page: the rest are counted in a last row


@dataclass(frozen=True)
class ChartImage:
    png: bytes
    width_cm: float
    height_cm: float


def render_chart(chart: Chart) -> ChartImage:
    figure, height_cm = _figure(chart)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return ChartImage(buffer.getvalue(), WIDTH_CM, height_cm)


def _figure(chart: Chart) -> tuple[Figure, float]:
    """The chart drawn on a figure of the text's width, and the figure's height in cm."""
    fonts = report_fonts()
    categories, series = _bounded(chart)
    height_cm = max(MIN_HEIGHT_CM, ROW_CM * len(categories) * _rows_per_category(chart) + 2.5)
    figure = Figure(figsize=(WIDTH_CM / CM_PER_INCH, height_cm / CM_PER_INCH), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    font = _font(fonts)
    text = _text(fonts)
    labels = [_wrap(text(name)) for name in categories]
    positions = list(range(len(categories)))
    if chart.kind == "stacked_bar":
        _stacked(axes, positions, series, chart, text, font)
    else:
        _grouped(axes, positions, series, chart, text, font)
    axes.set_yticks(positions, labels, fontproperties=font, fontsize=8)
    axes.invert_yaxis()  # the first category on top, as in the tables
    axes.tick_params(axis="x", labelsize=7)
    if chart.max_value is not None:
        axes.set_xlim(0, chart.max_value * 1.08)  # room for the value labels at the end of a full bar
    if _counts(chart):
        # A count has no fractions: one bar of 1 would otherwise get ticks 0.0, 0.2 … 1.0.
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", linewidth=0.4, alpha=0.5)
    axes.set_axisbelow(True)
    if chart.unit:
        axes.set_xlabel(text(chart.unit), fontproperties=font, fontsize=8)
    if len(series) > 1:
        axes.legend(prop=_sized(font, 8), loc="lower right", frameon=False)
    return figure, height_cm


def _counts(chart: Chart) -> bool:
    """Whole numbers of something (项): not percentages, every value whole."""
    return chart.unit != "%" and all(float(value).is_integer() for entry in chart.series for value in entry.values)


def _bounded(chart: Chart) -> tuple[list[str], list[tuple[str, list[float], str]]]:
    """At most MAX_CATEGORIES rows; the rest summed into one last row named for how many they are."""
    categories = list(chart.categories)
    series = [(entry.name, list(entry.values), entry.color) for entry in chart.series]
    if len(categories) <= MAX_CATEGORIES:
        return categories, series
    rest = len(categories) - MAX_CATEGORIES + 1
    categories = [*categories[: MAX_CATEGORIES - 1], _("其他 %(num)d 项", num=rest)]
    # A percentage cannot be summed: the rest's mean stands for them.
    combine = (lambda values: sum(values) / len(values)) if chart.unit == "%" else sum
    series = [
        (name, [*values[: MAX_CATEGORIES - 1], combine(values[MAX_CATEGORIES - 1 :])], color)
        for name, values, color in series
    ]
    return categories, series


def _rows_per_category(chart: Chart) -> float:
    return 1 + 0.4 * (len(chart.series) - 1) if chart.kind == "bar" else 1


def _grouped(axes, positions, series, chart: Chart, text, font) -> None:
    height = 0.8 / max(len(series), 1)
    for number, (name, values, color) in enumerate(series):
        offset = (number - (len(series) - 1) / 2) * height
        bars = axes.barh(
            [position + offset for position in positions],
            values,
            height=height,
            label=text(name),
            color=color or PALETTE[number % len(PALETTE)],
        )
        axes.bar_label(bars, labels=[_value(value, chart.unit) for value in values], padding=2, fontsize=7)


def _stacked(axes, positions, series, chart: Chart, text, font) -> None:
    left = [0.0] * len(positions)
    for number, (name, values, color) in enumerate(series):
        bars = axes.barh(
            positions, values, left=left, height=0.6, label=text(name), color=color or PALETTE[number % len(PALETTE)]
        )
        # Inside each segment, white, and only where there is something to count.
        labels = [_value(value, chart.unit) if value else "" for value in values]
        axes.bar_label(bars, labels=labels, label_type="center", fontsize=7, color="white")
        left = [start + value for start, value in zip(left, values, strict=True)]
    for position, total in zip(positions, left, strict=True):
        axes.annotate(
            _value(total, chart.unit), (total, position), xytext=(3, 0), textcoords="offset points", va="center", size=7
        )


def _value(value: float, unit: str) -> str:
    shown = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{shown}%" if unit == "%" else shown


def _wrap(name: str) -> str:
    lines = [name[start : start + LABEL_CHARS] for start in range(0, len(name), LABEL_CHARS)][:LABEL_LINES] or [""]
    if len(name) > LABEL_CHARS * LABEL_LINES:
        lines[-1] = lines[-1][:-1] + "…"
    return "\n".join(lines)


def _font(fonts: ReportFonts) -> FontProperties:
    # The black face reads best at chart sizes; without it, matplotlib's default (Chinese may show as boxes).
    return FontProperties(fname=str(fonts.heading_file.path)) if fonts.heading_file else FontProperties()


def _sized(font: FontProperties, size: float) -> FontProperties:
    sized = font.copy()
    sized.set_size(size)
    return sized


def _text(fonts: ReportFonts):
    chars = fonts.heading_chars if fonts.heading_file else _default_font_chars()
    return lambda value: printable(value, chars)


@functools.cache
def _default_font_chars() -> frozenset[int]:
    """What matplotlib's own font draws: without a CJK font, Chinese shows as "□" (not a warning per glyph)."""
    return frozenset(FT2Font(findfont(FontProperties())).get_charmap())
