"""Chinese first, English second: the English catalog is complete and current, and English pages show no Chinese chrome.

The msgids are the Chinese UI text. `make translations` extracts them (same keywords as KEYWORDS below),
updates tracker/translations/en/LC_MESSAGES/messages.po and compiles the committed messages.mo. A string
marked for translation but not translated, a .po edited without compiling, or Chinese UI text nobody
marked, each fails here.
"""

from __future__ import annotations

import ast
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from config import BASE_DIR
from tracker.updates.services import UpdateData, post_status_update

TRACKER_DIR = BASE_DIR / "tracker"
CATALOG_DIR = TRACKER_DIR / "translations" / "en" / "LC_MESSAGES"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}  # as in the Makefile's BABEL_KEYWORDS
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")
GETTEXT_FUNCTIONS = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "pgettext", "lazy_pgettext", "npgettext"}


def _po():
    with (CATALOG_DIR / "messages.po").open("rb") as file:
        return read_po(file)


def _mo():
    with (CATALOG_DIR / "messages.mo").open("rb") as file:
        return read_mo(file)


def _entries(catalog):
    return [message for message in catalog if message.id]


def _translated(catalog):
    """Entries with a reviewed translation (fuzzy guesses from `pybabel update` are reported as untranslated)."""
    return [message for message in _entries(catalog) if message.string and not message.fuzzy]


def _placeholders(text: str) -> list[tuple[str | None, str]]:
    return sorted((name, kind) for name, kind in PLACEHOLDER.findall(text))


def _frozen(value):
    """A plural message's id and forms (tuples in a .po, lists from a .mo) as tuples, so they compare and hash."""
    return tuple(value) if isinstance(value, list | tuple) else value


def _forms(message) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs: one for a plain message; singular and plural for an ngettext one."""
    if isinstance(message.id, tuple):
        return [(message.id[0], message.string[0]), (message.id[1], message.string[-1])]
    return [(message.id, message.string)]


# (a) every msgid has a real English msgstr with the same placeholders


def test_the_catalog_is_not_empty():
    assert len(_entries(_po())) > 300


def test_every_message_is_translated_and_not_fuzzy():
    untranslated = [m.id for m in _entries(_po()) if not m.string or m.fuzzy]
    assert not untranslated, "translate these in messages.po (then `make translations`):\n" + "\n".join(untranslated)


# The brackets that mark an outline number the tracker added (tracker.plan.outline: 〔1〕): data, the same in every
# language, and named by the legend that explains them.
ADDED_NUMBER_MARKS = ("〔", "〕")


def _without_marks(text: str) -> str:
    for mark in ADDED_NUMBER_MARKS:
        text = text.replace(mark, " ")
    return text


def test_translations_are_english():
    # The Chinese allowed: a plan outline number quoted as the plan writes it, e.g. "(一)", and the added-number marks.
    still_chinese = [
        pair
        for m in _translated(_po())
        for pair in _forms(m)
        if CJK.search(_without_marks(pair[1].replace("(一)", "")))
    ]
    assert still_chinese == []


def test_placeholders_match():
    mismatched = [
        pair for m in _translated(_po()) for pair in _forms(m) if _placeholders(pair[0]) != _placeholders(pair[1])
    ]
    assert mismatched == []


def test_every_translation_formats_like_its_msgid():
    """Jinja's gettext always %-formats (so a bare % must be %%); Python's only with variables: both must agree."""
    for msgid, msgstr in (pair for message in _translated(_po()) for pair in _forms(message)):
        values = {name: "x" if kind in "sra" else 1 for name, kind in PLACEHOLDER.findall(msgid) if name}
        for probe in (values, {}) if values else ({},):
            try:
                msgid % probe
            except (KeyError, TypeError, ValueError):
                continue
            msgstr % probe  # raises when the English would break where the Chinese works


def test_the_compiled_catalog_matches_the_po_file():
    compiled = {(m.context, _frozen(m.id)): _frozen(m.string) for m in _translated(_mo())}
    source = {(m.context, _frozen(m.id)): _frozen(m.string) for m in _translated(_po())}
    assert compiled == source, "messages.mo is stale: run `make translations` (or pybabel compile)"


# (b) every string marked in the code is in the compiled catalog; no Chinese UI text is left unmarked


def _in_the_app(directory: str) -> bool:
    """Walk tracker/ only (not .venv, node_modules, tests), skipping hidden and __pycache__ folders."""
    parts = Path(directory).relative_to(BASE_DIR).parts
    return parts[0] == "tracker" and not any(part.startswith((".", "_")) for part in parts)


def _extracted() -> list[tuple[str, int, str | None, str]]:
    with (BASE_DIR / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    found = []
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(BASE_DIR), method_map, options_map, keywords=KEYWORDS, directory_filter=_in_the_app
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.append((filename, lineno, context, msgid))
    return found


def test_every_marked_string_is_in_the_compiled_catalog():
    extracted = _extracted()
    assert len(extracted) > 300
    translated = set()
    for m in _entries(_mo()):
        if m.string:
            translated.update((m.context, msgid) for msgid in (m.id if isinstance(m.id, list | tuple) else (m.id,)))
    missing = sorted(
        {f"{file}:{line}: {msgid}" for file, line, context, msgid in extracted if (context, msgid) not in translated}
    )
    assert not missing, "UI strings without English: run `make translations` and translate:\n" + "\n".join(missing)


def _templates() -> list[Path]:
    return sorted(TRACKER_DIR.glob("**/templates/**/*.html"))


def _unmarked_template_text(app, path: Path) -> list[str]:
    """Chinese in a template's text, or in a string literal that is not a gettext call's message."""
    tokens = [t for t in app.jinja_env.lex(path.read_text(encoding="utf-8")) if t[1] != "whitespace"]
    found = []
    for index, (lineno, kind, value) in enumerate(tokens):
        if kind == "data" and CJK.search(value):
            found.append(f"{path.relative_to(BASE_DIR)}:{lineno}: {value.strip()[:40]!r}")
        elif kind == "string" and CJK.search(value):
            before = [t[2] for t in tokens[max(0, index - 4) : index]]
            message_arg = (
                before[-2:] in (["_", "("], ["gettext", "("], ["ngettext", "("])
                or before[-4:-2] in (["pgettext", "("], ["ngettext", "("])  # pgettext's message, ngettext's plural
            )
            if not message_arg:
                found.append(f"{path.relative_to(BASE_DIR)}:{lineno}: literal {value!r}")
    return found


def test_templates_have_no_unmarked_chinese(app):
    templates = _templates()
    assert len(templates) > 20
    found = [line for path in templates for line in _unmarked_template_text(app, path)]
    assert not found, "wrap visible text in {{ _('…') }}:\n" + "\n".join(found)


# Chinese in Python string literals that is deliberately not translated, by file, with the reason.
UNTRANSLATED_LITERALS = {
    # The language switch names each language in that language.
    "tracker/auth/labels.py": {"中文"},
    # `flask seed plan` reports run in the default (Chinese) locale; these only join its translated messages.
    "tracker/seeding/schema.py": {"、", "（", "）"},
    # Stored in the audit log as the value of a change (data, not UI).
    "tracker/plan/structure.py": {"、"},
    # Department and indicator names (Chinese data) listed in a message; and where a long heading may be cut.
    "tracker/documents/services.py": {"、", "，；：、,;:"},
    "tracker/documents/cli.py": {"、"},
    "tracker/documents/parsing.py": {"、"},
    # Name endings that say a department is a district or an office (read from a plan document's names).
    "tracker/documents/matching.py": {"区", "县", "县(市)", "办公室", "领导小组"},
    "tracker/projects/services.py": {"；"},
    # An ideographic space indents work items in a select list.
    "tracker/projects/queries.py": {"\u3000"},
    "tracker/plan/views.py": {"\u3000"},
    # Ends a cell cut at Excel's 32,767-character limit: part of the exported data, its length is budgeted.
    "tracker/exports/cells.py": {"…[已截断]"},
    # The part marker a plan printed in parts ends its title with (（上）), which a report's title leaves out.
    # The cover's line break goes before the period's bracket, never between the 《 and it.
    "tracker/reports/document.py": {"（", "《"},
    "tracker/reports/content.py": {"[\\s\\u00a0\\u3000]*[（(][上中下][)）]$"},
    # Font names a Word file asks the reader's machine for (黑体 for headings, 仿宋 and 宋体 for text): data, not UI.
    "tracker/reports/docx_writer.py": {"黑体", "仿宋", "宋体"},
    # The full-width comma Chinese input methods type, read as a thousands separator.
    "tracker/core/money.py": {"，"},
    # The marks of an added outline number (〔1〕) and the document's own number decorations they replace.
    # …and the marks each level of a chain of numbers ends with (三、 (一) 1. 第二章 第一节 ① ●), where it may wrap.
    "tracker/plan/outline.py": {
        "〔",
        "〕",
        "〔[^〔〕]*〕",
        "()（）.．、 ",
        "〔[^〔〕]*〕|[^、.．)）章节〔〕①-⑳●]*[、.．)）章节①-⑳●]|[^〔]+",
    },
    # The plan document's own syntax: a box's number (专栏2), its heading's colon, a sentence's full stop.
    "tracker/documents/plan_page.py": {"专栏", "：", "。"},
}
# Modules that read Chinese plan documents: their Chinese literals are the patterns they read (heading numbering,
# department clauses, units), not UI text. What they say to a user still goes through gettext (tree.py, reading.py).
DOCUMENT_PATTERN_MODULES = {
    "tracker/documents/markers.py",
    "tracker/documents/headlines.py",
    "tracker/documents/kinds.py",
    "tracker/documents/periods.py",
    "tracker/documents/departments.py",
    "tracker/documents/indicators.py",
    "tracker/documents/word_numbering.py",
    "tracker/documents/tables.py",
    "tracker/documents/closing.py",
    "tracker/documents/background.py",
    "tracker/documents/titles.py",
    "tracker/documents/appendix.py",
    "tracker/documents/table_notes.py",
    "tracker/documents/dates.py",
}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _gettext_messages(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in GETTEXT_FUNCTIONS:
                ids.update(id(arg) for arg in node.args)
    return ids


def test_python_has_no_unmarked_chinese():
    found = []
    for path in sorted(TRACKER_DIR.rglob("*.py")):
        relative = path.relative_to(BASE_DIR).as_posix()
        if relative in DOCUMENT_PATTERN_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _gettext_messages(tree)
        allowed = UNTRANSLATED_LITERALS.get(relative, set())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CJK.search(node.value)
                and id(node) not in skip
                and node.value not in allowed
            ):
                found.append(f"{relative}:{node.lineno}: {node.value[:40]!r}")
    assert not found, "wrap UI text in _() / _l() (or list a deliberate exception):\n" + "\n".join(found)


# (c) the pages in English


class _VisibleText(HTMLParser):
    """Text a reader sees or hears: page text, the <title>, and the attributes shown as text; not scripts,
    and not elements marked as Chinese (the language switch offers 中文 in Chinese)."""

    SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-confirm")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if self._skipping:
            if tag not in self.VOID:
                self._skipping.append(tag)
            return
        marked_chinese = tag != "html" and (attributes.get("lang") or "").startswith("zh")
        if tag in ("script", "style") or marked_chinese:
            if tag not in self.VOID:
                self._skipping.append(tag)
            return
        self.parts.extend(attributes[name] or "" for name in self.SHOWN_ATTRIBUTES if name in attributes)
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag) -> None:
        if self._skipping and tag not in self.VOID:
            self._skipping.pop()

    def handle_data(self, data) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def chinese_left(html: str, data: list[str]) -> list[str]:
    """Chinese in the page once the data (titles, names, notes, all Chinese on purpose) is taken out."""
    text = _without_marks(visible_text(html))
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in CJK.finditer(text)]


@pytest.fixture
def english_world(make, session):
    from tests.conftest import TODAY

    dept = make.department(name="杭州市经济和信息化委员会", short_name="市经信委")
    helper = make.department(name="杭州市发展和改革委员会", short_name="市发改委")
    lead = make.user("lead", department=dept, display_name="李敏", locale="en")
    plan = make.plan(title="杭州市“十二五”信息化发展规划")
    section = make.item(plan, kind="section", title="主要任务", outline_no="三、")
    item = make.item(
        plan,
        parent=section,
        title="推进电子政务建设",
        outline_no="(一)",
        mandate="建设统一的电子政务外网。",
        lead_department=dept,
        owner=lead,
        start_date=date(2011, 1, 1),
        due_date=date(2013, 3, 31),  # before TODAY: overdue
    )
    item.supporting_departments.append(helper)
    project = make.project(item, dept, name="政务云平台", fund_source="市财政", owner=lead)
    make.budget(project, 2012, approved="1234567.50", allocated="1000000", spent="250000.25")
    update = UpdateData(
        status="delayed",
        progress=40,
        version=item.version,
        note="机房改造延期 🚧",
        delay_reason="设备到货晚",
        remedy="加派人手",
        expected_completion=date(2013, 9, 30),
    )
    post_status_update(item, update, lead, TODAY)
    session.flush()
    data = [
        dept.name,
        dept.short_name,
        helper.name,
        helper.short_name,
        lead.display_name,
        plan.title,
        section.title,
        section.outline_no,
        item.title,
        item.outline_no,
        item.mandate,
        project.name,
        project.fund_source,
        update.note,
        update.delay_reason,
        update.remedy,
    ]
    return {"lead": lead, "item": item, "project": project, "dept": dept, "data": data}


def _english_page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html, url
    return html


NAVIGATION = ("Plan Tracker", "Plan", "Projects", "Departments", "Sign out")


def _assert_english(html: str, url: str, data: list[str], *labels: str) -> None:
    text = visible_text(html)
    for label in (*NAVIGATION, *labels):
        assert label in text, f"{url}: {label!r} missing"
    assert chinese_left(html, data) == [], url
    # Dates stay YYYY-MM-DD in English too, never "Mar 31, 2013" or "3/31/13".
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}", text), url
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", text), url


def test_the_tree_in_english(client_for, english_world):
    client, data = client_for(english_world["lead"]), english_world["data"]
    html = _english_page(client, "/")
    _assert_english(html, "/", data, "Lead department", "Supporting departments", "Owner", "Due date")
    _assert_english(html, "/", data, "Delayed", "Overdue", "Filter tasks", "Expand all")
    assert "2013-03-31" in visible_text(html)


def test_the_tree_filtered_in_english(client_for, english_world):
    client, data = client_for(english_world["lead"]), english_world["data"]
    url = f"/?department={english_world['dept'].id}&status=delayed&overdue=1&q=电子政务"
    _assert_english(_english_page(client, url), url, [*data, "电子政务"], "Delayed")


def test_the_item_page_in_english(client_for, english_world):
    client, data, item = client_for(english_world["lead"]), english_world["data"], english_world["item"]
    url = f"/items/{item.id}"
    html = _english_page(client, url)
    _assert_english(html, url, data, "Details", "Lead department", "Timeline", "Post update", "Reason for delay")
    text = visible_text(html)
    assert "2013-03-31" in text and "2013-09-30" in text
    assert "1,234,567.50" in text  # the item's budget, from its project


def test_the_update_form_in_english(client_for, english_world):
    client, data, item = client_for(english_world["lead"]), english_world["data"], english_world["item"]
    url = f"/items/{item.id}/update"
    _assert_english(_english_page(client, url), url, data, "Status", "Progress (%)", "Note", "Submit update")


def test_the_project_page_in_english(client_for, english_world):
    client, data, project = client_for(english_world["lead"]), english_world["data"], english_world["project"]
    url = f"/projects/{project.id}"
    html = _english_page(client, url)
    _assert_english(html, url, data, "Budget by year", "Approved", "Allocated", "Spent", "Execution rate")
    text = visible_text(html)
    assert "1,234,567.50" in text and "1,000,000.00" in text and "250,000.25" in text


@pytest.mark.parametrize("url", ["/account", "/projects", "/departments"])
def test_more_pages_in_english(client_for, english_world, url):
    html = _english_page(client_for(english_world["lead"]), url)
    _assert_english(html, url, english_world["data"], "Plan Tracker")


def test_the_department_page_in_english(client_for, english_world):
    url = f"/departments/{english_world['dept'].id}"
    _assert_english(_english_page(client_for(english_world["lead"]), url), url, english_world["data"])


def test_the_same_page_in_chinese_keeps_chinese_chrome(client_for, english_world, session):
    lead = english_world["lead"]
    lead.locale = "zh_Hans_CN"
    session.flush()
    html = client_for(lead).get(f"/items/{english_world['item'].id}").get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert "发布进展" in html and "Post update" not in html
    assert "1,234,567.50" in visible_text(html) and "2013-03-31" in visible_text(html)


def test_the_plan_page_in_english(client_for, english_world):
    client, data = client_for(english_world["lead"]), english_world["data"]
    url = f"/plans/{english_world['item'].plan_id}"
    _assert_english(_english_page(client, url), url, data, "Full plan", "Contents", "Progress", "Delayed")
