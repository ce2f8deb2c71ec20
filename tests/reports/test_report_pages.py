"""/reports: the form (kind, period, scope) with a message per bad field, the direct download links, the Word and
PDF downloads (content types, file names), 400 for a download with bad values, 404s, constant statement counts."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from docx import Document
from pypdf import PdfReader

from tests.dashboard.dashboard_world import Builder, build
from tracker.reports.forms import NO_SUCH_PERIOD, OTHER_KIND

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_LINK = re.compile(r'href="([^"]*)" data-testid="download-(docx|pdf)"')
_SELECTED = re.compile(r'<option selected value="([^"]*)">')


@pytest.fixture
def world(make, session):
    return build(make, session, size=1)


@pytest.fixture
def browser(world, client_for):
    return client_for(world.office)


def _links(page: str) -> dict[str, str]:
    return {kind: url.replace("&amp;", "&") for url, kind in _LINK.findall(page)}


def _args(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def _selected(page: str, name: str) -> str:
    """The selected option of the select named `name`."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, name
    found = _SELECTED.search(select.group(1))
    return found.group(1) if found else ""


def test_the_page_offers_the_last_finished_quarter_of_the_whole_plan(browser, world):
    page = browser.get("/reports").get_data(as_text=True)
    assert (_selected(page, "kind"), _selected(page, "period"), _selected(page, "department")) == (
        "quarter",
        "2013-Q1",
        "",
    )
    links = _links(page)
    assert set(links) == {"docx", "pdf"}
    assert urlsplit(links["docx"]).path == "/reports/report.docx"
    assert _args(links["pdf"]) == {"plan": world.plan.code, "kind": "quarter", "period": "2013-Q1"}
    assert "2013年第一季度" in page


def test_another_kind_lists_its_periods_and_takes_its_latest(browser):
    page = browser.get("/reports?kind=month&period=2013-Q1").get_data(as_text=True)
    assert _selected(page, "period") == "2013-06"
    assert 'value="2011-01"' in page and "2013-Q1" not in _links(page)["docx"]
    assert str(NO_SUCH_PERIOD) not in page and str(OTHER_KIND) not in page


def test_a_department_scope_goes_into_the_links(browser, world):
    department = world.departments[0]
    page = browser.get(f"/reports?kind=year&period=2012&department={department.id}").get_data(as_text=True)
    assert _args(_links(page)["docx"])["department"] == str(department.id)
    assert department.name in page


def test_every_bad_field_gets_its_message_at_once_and_no_links(browser):
    response = browser.get("/reports?kind=week&period=2099-Q1&department=x")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("invalid-feedback") == 3
    assert str(NO_SUCH_PERIOD) in page and "请从列表中选择。" in page
    assert _links(page) == {}
    assert 'data-testid="report-invalid"' in page


@pytest.mark.parametrize("period", ["2010-Q4", "2013-Q4", "2013-13", "２０１３", "<script>"])
def test_a_period_outside_the_plan_or_not_yet_begun_is_refused(browser, period):
    page = browser.get("/reports", query_string={"kind": "quarter", "period": period}).get_data(as_text=True)
    assert str(NO_SUCH_PERIOD) in page and _links(page) == {}


def test_the_word_download(browser, world):
    response = browser.get(f"/reports/report.docx?plan={world.plan.code}&kind=quarter&period=2013-Q2")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.headers["Cache-Control"] == "private, no-store"
    disposition = response.headers["Content-Disposition"]
    assert f'filename="plan-report-{world.plan.code}-2013-Q2.docx"' in disposition
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert name.endswith("实施情况报告（2013年第二季度）.docx")
    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [heading[:2] for heading in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]


def test_the_pdf_download_of_a_department(browser, world):
    department = world.departments[0]
    response = browser.get(f"/reports/report.pdf?kind=half&period=2013-H1&department={department.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f"-2013-H1-{department.code}.pdf" in response.headers["Content-Disposition"]
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "".join(department.name.split()) in text and "2013年上半年" in text


def test_no_arguments_download_the_default_report(browser):
    response = browser.get("/reports/report.pdf")
    assert response.status_code == 200
    assert "-2013-Q1.pdf" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("query", "message"),
    [("kind=quarter&period=2013-13", NO_SUCH_PERIOD), ("kind=month&period=2013-Q2", OTHER_KIND)],
)
def test_a_download_with_bad_values_is_the_page_with_its_messages_and_400(browser, query, message):
    response = browser.get(f"/reports/report.docx?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert str(message) in page and 'data-testid="report-form"' in page


def test_a_download_for_an_unknown_department_is_refused(browser):
    response = browser.get("/reports/report.pdf?kind=quarter&period=2013-Q1&department=987654")
    assert response.status_code == 400


def test_unknown_file_types_and_plans_are_404(browser):
    assert browser.get("/reports/report.xlsx").status_code == 404
    assert browser.get("/reports?plan=no-such-plan").status_code == 404


def test_without_any_plan_the_page_is_404(client_for, make):
    assert client_for(make.user("viewer")).get("/reports").status_code == 404


def test_the_plan_chosen_by_its_code_is_the_reports(browser, world, make):
    other = make.plan(code="next-plan", title="下一个规划", start_year=2016, end_year=2020)
    page = browser.get(f"/reports?plan={other.code}").get_data(as_text=True)
    assert "下一个规划" in page
    # That plan has not begun on the test's today: there is no period to report on, and the page says so.
    assert _links(page) == {}
    assert 'data-testid="report-not-begun"' in page


def test_the_navigation_links_the_page(browser):
    assert 'href="/reports"' in browser.get("/dashboard").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/reports?kind=month", "/reports/report.docx?kind=year&period=2013"])
def test_the_statement_count_does_not_grow_with_the_data(make, session, client_for, count_statements, url):
    builder = Builder(make, session)
    counts = []
    for size in (1, 3):
        world = builder.grow(size)
        client = client_for(world.office)
        session.expire_all()
        with count_statements() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
