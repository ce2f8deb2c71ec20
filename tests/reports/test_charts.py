"""Charts: PNGs drawn without pyplot, sized for the A4 text width, the same bytes for the same chart."""

from __future__ import annotations

import io
import sys

from PIL import Image

from tests.reports.sample import sample_report
from tracker.reports import charts
from tracker.reports.document import Chart, Series


def _charts():
    return [block for block in sample_report().blocks if isinstance(block, Chart)]


def test_each_kind_draws_a_png_the_width_of_the_text():
    for chart in _charts():
        image = charts.render_chart(chart)
        picture = Image.open(io.BytesIO(image.png))
        assert picture.format == "PNG"
        assert image.width_cm == charts.WIDTH_CM
        # Drawn at the print resolution: the pixels match the size it is placed at.
        assert abs(picture.width - charts.WIDTH_CM / charts.CM_PER_INCH * charts.DPI) <= 2
        assert abs(picture.height / picture.width - image.height_cm / image.width_cm) < 0.01


def test_the_same_chart_gives_the_same_bytes_and_no_software_stamp():
    chart = _charts()[0]
    first, second = charts.render_chart(chart).png, charts.render_chart(chart).png
    assert first == second
    assert b"matplotlib" not in first.lower()


def test_pyplot_is_never_loaded():
    for chart in _charts():
        charts.render_chart(chart)
    assert "matplotlib.pyplot" not in sys.modules


def test_many_categories_grow_the_picture_up_to_a_bound_and_the_rest_are_summed():
    few = charts.render_chart(Chart("bar", "图", ("甲", "乙"), (Series("项", (1, 2)),)))
    names = tuple(f"部门{index}" for index in range(100))
    many = Chart("bar", "图", names, (Series("项", tuple(float(index) for index in range(100))),))
    drawn = charts.render_chart(many)
    assert few.height_cm == charts.MIN_HEIGHT_CM
    assert drawn.height_cm > few.height_cm
    categories, series = charts._bounded(many)
    assert len(categories) == charts.MAX_CATEGORIES
    assert series[0][1][-1] == sum(range(charts.MAX_CATEGORIES - 1, 100))


def test_emoji_long_names_and_empty_series_do_not_break_a_chart():
    chart = Chart(
        "stacked_bar", "图🎉", ("很长的部门名称" * 10, "😀"), (Series("逾期", (0, 0)), Series("滞后", (0, 0)))
    )
    assert charts.render_chart(chart).png.startswith(b"\x89PNG")
    assert charts.render_chart(Chart("bar", "空", (), ())).png.startswith(b"\x89PNG")


def _ticks(chart: Chart) -> list[float]:
    figure, _height = charts._figure(chart)
    return [float(tick) for tick in figure.axes[0].get_xticks()]


def test_a_chart_of_counts_has_whole_ticks_and_percentages_keep_theirs():
    one = _ticks(Chart("stacked_bar", "图", ("市经信委",), (Series("逾期", (1,)), Series("滞后", (0,))), unit="项"))
    assert one and all(tick.is_integer() for tick in one)
    few = _ticks(Chart("bar", "图", ("甲", "乙"), (Series("项", (1, 3)),), unit="项"))
    assert all(tick.is_integer() for tick in few)
    percent = _ticks(Chart("bar", "图", ("甲",), (Series("进度", (2.5,)),), unit="%", max_value=100))
    assert [tick for tick in percent if tick <= 100] == [0, 20, 40, 60, 80, 100]
