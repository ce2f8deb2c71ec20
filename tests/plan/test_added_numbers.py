"""Honest numbering (issue 9): wherever an outline number is shown, one the tracker added (outline_added) is marked
as such — 〔1〕, muted, with the note as its tooltip — and the document's own numbers are shown as printed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.plan.helpers import joined_levels
from tracker.plan.outline import numbered, outline_markup, shown_chain, shown_number

MARKED = '<span class="outline-added" title="编号为系统添加，非规划原文">〔1〕</span>'


@pytest.mark.parametrize(
    ("number", "added", "shown"),
    [
        ("(1)", True, "〔1〕"),
        ("（3）", True, "〔3〕"),
        ("一、", True, "〔一〕"),
        ("2.", True, "〔2〕"),
        ("(1)", False, "(1)"),
        ("●", False, "●"),
        ("", True, ""),
    ],
)
def test_an_added_number_is_bracketed_the_documents_is_kept(number, added, shown):
    assert shown_number(number, added) == shown


def test_a_chain_marks_only_the_added_part_and_pages_escape_the_rest():
    chain = shown_chain([("三、", False), ("(一)", False), ("1.", False), ("(1)", True)])
    assert chain == "三、(一)1.〔1〕"
    assert numbered(chain, "开展区域示范") == "三、(一)1.〔1〕 开展区域示范"
    assert str(outline_markup(chain)) == "三、(一)1." + MARKED
    assert str(outline_markup("<b>1.</b>")) == "&lt;b&gt;1.&lt;/b&gt;"


@pytest.fixture
def added(tree_plan, session):
    """The tree plan with its first subtask numbered by the tracker (as the seed numbers a task's paragraphs), late,
    and one item below it."""
    p = tree_plan
    p.sub1.outline_added = True
    p.sub1.due_date = date(2013, 1, 1)
    session.flush()
    return p


def test_tree_rows_search_results_and_opened_rows_mark_it(client_for, make, added):
    p = added
    reader = client_for(make.user("viewer"))
    tree = joined_levels(reader.get("/").get_data(as_text=True))
    assert "三、1." + MARKED in tree
    assert "三、1.(1)" not in tree
    assert "〔 〕内的编号为系统添加，非规划原文" in tree  # the legend
    found = joined_levels(reader.get("/?q=政务云").get_data(as_text=True))
    assert "三、1." + MARKED in found
    opened = joined_levels(reader.get(f"/items/{p.task1.id}/children").get_data(as_text=True))
    assert "三、1." + MARKED in opened


def test_the_item_page_heading_breadcrumbs_facts_and_children_mark_it(client_for, make, added, session):
    p = added
    below = make.item(p.plan, p.sub1, kind="subtask", outline_no="①", title="政务云一期")
    reader = client_for(make.user("viewer"))
    own = reader.get(f"/items/{p.sub1.id}").get_data(as_text=True)
    assert "三、1." + MARKED in own  # the heading's full number
    crumbs = own[own.index('data-testid="breadcrumbs"') : own.index("</ol>")]
    assert MARKED + " 建设政务云平台" in crumbs
    facts = own[own.index('data-testid="item-number"') : own.index("</dd>", own.index('data-testid="item-number"'))]
    assert MARKED in facts and "编号为系统添加，非规划原文" in facts
    child_page = reader.get(f"/items/{below.id}").get_data(as_text=True)
    assert "三、1." + MARKED + "①" in child_page
    parent_page = reader.get(f"/items/{p.task1.id}").get_data(as_text=True)
    assert f'<td class="outline-no">{MARKED}</td>' in parent_page


def test_forms_queue_compliance_and_department_page_mark_it(client_for, make, added):
    p = added
    office = client_for(make.user("office"))
    for url in (f"/items/{p.sub1.id}/edit", f"/items/{p.sub1.id}/move", f"/review/work_item/{p.sub1.id}/new"):
        assert MARKED in office.get(url).get_data(as_text=True), url
    move = office.get(f"/items/{p.task1.id}/move").get_data(as_text=True)
    assert "〔1〕 建设政务云平台" in move  # a select option: text only
    queue = office.get("/review").get_data(as_text=True)
    assert re.search(r'<span class="outline-no">\s*' + re.escape(MARKED), queue)
    department = office.get(f"/departments/{p.dept_b.id}").get_data(as_text=True)
    assert MARKED in department
    lead = client_for(make.user("lead", p.dept_b))
    assert MARKED in lead.get(f"/items/{p.sub1.id}/update").get_data(as_text=True)


def test_the_documents_own_numbers_are_never_marked(client_for, make, tree_plan):
    html = joined_levels(client_for(make.user("viewer")).get("/").get_data(as_text=True))
    assert "三、1.(1)" in html and 'class="outline-added"' not in html
