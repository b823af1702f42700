"""Sharing sampled cases among inspectors: balance first, then case managers kept together."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casescreen.domain.allocation import (
    CaseToAllocate,
    inspectors_per_case_manager,
    quotas,
    suggest_allocation,
)


def _cases(*managers: str) -> list[CaseToAllocate]:
    return [CaseToAllocate(f"C{i:03}", manager) for i, manager in enumerate(managers)]


@pytest.mark.parametrize(
    ("total", "inspectors", "expected"),
    [
        (6, ["a", "b"], {"a": 3, "b": 3}),
        (7, ["a", "b"], {"a": 4, "b": 3}),
        (2, ["a", "b", "c"], {"a": 1, "b": 1, "c": 0}),
        (0, ["a"], {"a": 0}),
        (5, [], {}),
    ],
)
def test_quotas_share_the_cases_evenly(total: int, inspectors: list[str], expected: dict) -> None:
    assert quotas(total, inspectors) == expected


def test_each_case_manager_meets_one_inspector_when_the_groups_fit() -> None:
    cases = _cases("A", "A", "A", "B", "B", "B")
    allocation = suggest_allocation(cases, ["x", "y"])
    assert Counter(allocation.values()) == {"x": 3, "y": 3}
    assert inspectors_per_case_manager(cases, allocation) == {"A": 1, "B": 1}


def test_the_largest_group_goes_first_and_smaller_ones_fill_the_gaps() -> None:
    cases = _cases("A", "A", "A", "A", "B", "B", "C", "C")
    allocation = suggest_allocation(cases, ["x", "y"])
    assert Counter(allocation.values()) == {"x": 4, "y": 4}
    assert inspectors_per_case_manager(cases, allocation) == {"A": 1, "B": 1, "C": 1}


def test_a_group_is_split_only_when_the_balance_needs_it() -> None:
    # Thornbury: three case managers with two cases each, two inspectors.
    cases = _cases("A", "B", "C", "A", "B", "C")
    allocation = suggest_allocation(cases, ["lead", "inspector"])
    assert Counter(allocation.values()) == {"lead": 3, "inspector": 3}
    assert sorted(inspectors_per_case_manager(cases, allocation).values()) == [1, 1, 2]


def test_a_group_larger_than_a_share_is_split_across_inspectors() -> None:
    cases = _cases(*(["A"] * 5), "B")
    allocation = suggest_allocation(cases, ["x", "y"])
    assert Counter(allocation.values()) == {"x": 3, "y": 3}
    assert inspectors_per_case_manager(cases, allocation) == {"A": 2, "B": 1}


def test_fixed_allocations_are_kept_and_counted() -> None:
    cases = _cases("A", "A", "B", "B")
    allocation = suggest_allocation(cases, ["x", "y"], fixed={"C000": "y"})
    assert allocation["C000"] == "y"
    # y already holds A's cases, so A's other case joins them.
    assert allocation["C001"] == "y"
    assert Counter(allocation.values()) == {"x": 2, "y": 2}


def test_fixed_allocations_to_someone_off_the_team_are_ignored() -> None:
    cases = _cases("A", "A")
    allocation = suggest_allocation(cases, ["x"], fixed={"C000": "gone"})
    assert allocation == {"C000": "x", "C001": "x"}


def test_no_inspectors_means_no_allocation() -> None:
    assert suggest_allocation(_cases("A"), []) == {}


def test_cases_without_a_case_manager_are_spread_like_any_other() -> None:
    cases = _cases("", "", "", "")
    allocation = suggest_allocation(cases, ["x", "y"])
    assert Counter(allocation.values()) == {"x": 2, "y": 2}


@given(
    managers=st.lists(st.sampled_from(["A", "B", "C", "D", "E", ""]), max_size=50),
    team=st.integers(min_value=1, max_value=5),
)
def test_every_case_is_allocated_and_the_loads_differ_by_at_most_one(
    managers: list[str], team: int
) -> None:
    cases = _cases(*managers)
    inspectors = [f"i{n}" for n in range(team)]
    allocation = suggest_allocation(cases, inspectors)
    assert set(allocation) == {c.reference for c in cases}
    loads = [Counter(allocation.values()).get(name, 0) for name in inspectors]
    assert max(loads) - min(loads) <= 1
    # A case manager meets no more inspectors than their cases need at one share each.
    share = -(-len(cases) // team) if cases else 1
    for manager, met in inspectors_per_case_manager(cases, allocation).items():
        group = managers.count(manager)
        assert met <= group
        assert met <= -(-group // max(share - 1, 1)) + 1
