"""The cover sets the period on a line of its own: a long title then never breaks inside a word (as it did in the
PDF: "…实施情 / 况报告（2013年第二季度）》")."""

from tracker.reports.document import Cover


def _cover(title: str) -> Cover:
    return Cover(title=title, period="", scope="", issuer="", date="")


def test_the_period_goes_on_its_own_line():
    cover = _cover("《杭州市“十二五”信息化发展规划实施情况报告（2013年第二季度）》")
    assert cover.title_lines == "《杭州市“十二五”信息化发展规划实施情况报告\n（2013年第二季度）》"


def test_a_title_without_a_bracketed_period_stays_one_line():
    assert _cover("《规划实施情况报告》").title_lines == "《规划实施情况报告》"
    assert _cover("《（2013年）》").title_lines == "《（2013年）》"
