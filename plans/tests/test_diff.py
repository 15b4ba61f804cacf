from hypothesis import given, settings
from hypothesis import strategies as st

from plans.diff import plan_diff


def test_added_removed_and_one_move():
    diff = plan_diff(["A", "B", "C", "D"], ["C", "A", "B", "E"])
    assert diff.added == ("E",) and diff.removed == ("D",)
    assert [(m.module, m.old_position, m.new_position) for m in diff.moved] == [("C", 3, 1)]
    assert plan_diff(["A"], ["A"]).is_empty


@settings(max_examples=200)
@given(st.lists(st.sampled_from("ABCDEFGH"), unique=True), st.lists(st.sampled_from("ABCDEFGH"), unique=True))
def test_diff_accounts_for_every_module(old, new):
    diff = plan_diff(old, new)
    assert set(diff.added) == set(new) - set(old) and set(diff.removed) == set(old) - set(new)
    kept = set(diff.unchanged) | {m.module for m in diff.moved}
    assert kept == set(old) & set(new) and not set(diff.unchanged) & {m.module for m in diff.moved}
    # the unchanged ones keep their relative order
    assert [c for c in old if c in diff.unchanged] == [c for c in new if c in diff.unchanged]
