"""Reading a list page's filters from its URL (tracker.core.params.FilterArgs), shared by the tree and the queue."""

from tracker.core.params import FilterArgs, flag_on


def test_good_values_are_read_and_nothing_is_noted(app):
    read = FilterArgs({"department": " 7 ", "status": "delayed", "overdue": "ON"})
    with app.test_request_context():
        assert read.id_in("department", {7}, "no such department") == 7
        assert read.choice("status", ("delayed",), "no such status") == "delayed"
        assert read.flag("overdue", "overdue") is True
        assert read.flag("stale", "stale") is False  # absent
    assert read.notices == []


def test_bad_values_are_dropped_with_notices_in_reading_order(app):
    read = FilterArgs({"department": "x1", "kind": "planet", "overdue": "maybe", "stale": "0"})
    with app.test_request_context():
        assert read.id_in("department", {1}, "部门") is None
        assert read.choice("kind", ("task",), "类型") is None
        assert read.flag("overdue", "仅逾期") is False
        assert read.flag("stale", "仅久未更新") is False  # an explicit "off" is no mistake
    assert read.notices == ["部门", "类型", "筛选条件“仅逾期”的值无效，已忽略。"]


def test_an_unknown_id_is_noted_and_an_empty_one_is_not(app):
    read = FilterArgs({"department": "99", "item": "  "})
    assert read.id_in("department", {1, 2}, "gone") is None
    assert read.id_in("item", {1}, "never") is None
    assert read.notices == ["gone"]


def test_flag_on():
    assert flag_on(" True ") and flag_on("1") and not flag_on(None) and not flag_on("yes")
