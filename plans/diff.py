"""What changed between two versions of a plan: modules added, removed and moved. Plain Python."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    module: str
    old_position: int
    new_position: int


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    moved: tuple[Move, ...]
    unchanged: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.moved)


def _longest_increasing(sequence: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[slot] = value
            tail_index[slot] = index
        parent[index] = tail_index[slot - 1] if slot > 0 else -1
    keep: set[int] = set()
    current = tail_index[-1] if tail_index else -1
    while current != -1:
        keep.add(current)
        current = parent[current]
    return keep


def plan_diff(old: list[str], new: list[str]) -> PlanDiff:
    """Compare two ordered module lists. A module is *moved* when it is in both but out of the
    longest run kept in the same relative order, so one module moved up shows as one move,
    not as every module it passed."""
    old_set, new_set = set(old), set(new)
    added = tuple(code for code in new if code not in old_set)
    removed = tuple(code for code in old if code not in new_set)
    common_new = [code for code in new if code in old_set]
    old_rank = {code: index for index, code in enumerate(code for code in old if code in new_set)}
    keep = _longest_increasing([old_rank[code] for code in common_new])
    old_position = {code: index for index, code in enumerate(old, start=1)}
    new_position = {code: index for index, code in enumerate(new, start=1)}
    moved = tuple(
        Move(code, old_position[code], new_position[code])
        for index, code in enumerate(common_new) if index not in keep
    )
    unchanged = tuple(code for index, code in enumerate(common_new) if index in keep)
    return PlanDiff(added=added, removed=removed, moved=moved, unchanged=unchanged)
