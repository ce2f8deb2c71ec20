"""English counts agree with their number (probe defect 8): no "1 rows rejected". A translation that puts a count
before a counted noun must be a plural entry (ngettext), so that English can say "1 row" and "2 rows"."""

from __future__ import annotations

import re
from io import BytesIO

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from config import BASE_DIR
from tests.test_i18n import KEYWORDS, _in_the_app, _po

# A number placeholder followed by a counted English noun, with at most one word between ("2 progress reports").
COUNTED = re.compile(
    r"%\(\w+\)d (?:\w+ )?(?:rows|items|users|projects|days|departments|reports|indicators|updates)\b", re.I
)


def counts_without_plural(catalog, used: set[str]) -> list[str]:
    """The msgids the code translates with gettext (not ngettext) whose English counts things."""
    return [
        message.id
        for message in catalog
        if message.id in used and isinstance(message.string, str) and COUNTED.search(message.string)
    ]


def _singular_uses() -> set[str]:
    """Every msgid the code marks as a single message: ngettext's pairs come out of extraction as tuples."""
    with (BASE_DIR / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    found = extract_from_dir(str(BASE_DIR), method_map, options_map, keywords=KEYWORDS, directory_filter=_in_the_app)
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def test_every_english_count_of_things_has_a_plural_form():
    assert counts_without_plural(_po(), _singular_uses()) == []


def test_the_check_finds_a_count_without_a_plural_form():
    bad = 'msgid "拒绝 %(n)d 行"\nmsgstr "%(n)d rows rejected"\n\nmsgid "共 %(n)d 项"\nmsgstr "%(n)d in all"\n'
    catalog = read_po(BytesIO(bad.encode()))
    assert counts_without_plural(catalog, {"拒绝 %(n)d 行", "共 %(n)d 项"}) == ["拒绝 %(n)d 行"]
