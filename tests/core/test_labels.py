"""One way to read the words shown for stored identifiers (tracker.core.labels)."""

from enum import StrEnum

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from tracker.core.labels import label_reader


class Colour(StrEnum):
    RED = "red"


def test_a_known_identifier_reads_its_words_in_the_current_locale(app):
    label = label_reader({"status": _l("状态")})
    with app.test_request_context():
        assert label("status") == "状态"
        with force_locale("en"):
            assert label("status") == "Status"


def test_an_unknown_identifier_shows_as_stored():
    assert label_reader({"status": "状态"})("budget_line.2013") == "budget_line.2013"


def test_stored_strings_and_enum_members_read_the_same_words():
    by_member = label_reader({Colour.RED: "红"})
    by_string = label_reader({"red": "红"})
    assert by_member("red") == by_string(Colour.RED) == "红"


def test_the_reader_sees_words_added_after_it_was_made():
    words = {"a": "甲"}
    label = label_reader(words)
    words["b"] = "乙"
    assert label("b") == "乙"
