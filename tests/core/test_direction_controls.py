"""Text people type never carries Unicode direction overrides or isolates: they make text read other than it is
("见附件 \\u202efdp.exe" shows as "见附件 exe.pdf"). Found by an outside probe on answers and review comments."""

import pytest

from tracker.core.forms import MULTILINE_CONTROL, NoControlCharacters

DIRECTION_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("control", DIRECTION_CONTROLS)
def test_direction_controls_are_refused_in_single_and_multi_line_text(control):
    assert MULTILINE_CONTROL.search(f"见附件 {control}fdp.exe")
    assert NoControlCharacters().pattern.search(f"名称{control}")


def test_ordinary_chinese_text_with_line_breaks_and_tabs_passes():
    assert not MULTILINE_CONTROL.search("第一行\n第二行\t（阿拉伯文 مرحبا 也可以）")
