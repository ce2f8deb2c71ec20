"""tracker.core.merge: after a conflict, rows left as loaded take what is stored now; changed rows keep the input."""

from tracker.core.merge import merge_unchanged


def test_unchanged_rows_take_the_stored_value_and_both_changed_years_are_named():
    loaded = {2012: 33, 2013: 60, 2014: None, 2015: 10}
    entered = {2012: 33, 2013: 70, 2014: 80, 2015: 20, 2016: 5}  # 2016: its as-loaded copy is missing
    stored = {2012: 30, 2013: 60, 2014: 90, 2015: 20}
    merged, both = merge_unchanged(loaded, entered, stored, None)
    assert merged == {2012: 30, 2013: 70, 2014: 80, 2015: 20, 2016: 5}
    # 2014: both changed, to different values; 2015: both to the same value; 2016: unknown, differs from stored.
    assert both == [2014, 2016]
