"""Case sampling: eligibility boundaries, size rule, and properties of the stratified sample."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casescreen.domain.sampling import (
    NO_START,
    NOT_ELIGIBLE_KIND,
    TOO_LONG,
    TOO_RECENT,
    CaseRecord,
    EligibilityRule,
    Reason,
    SampleResult,
    SizeRule,
    allocate,
    check_eligibility,
    draw_sample,
    eligible_cases,
    months_before,
    population_hash,
    profile,
    propose_reserve,
    sample_size,
)

FIELDWORK = date(2015, 3, 2)  # a Monday; six weeks before is 19 January, three months 2 December
STATUTORY = ["referral_order", "youth_rehabilitation_order", "custody", "other_statutory"]


def case(ref: str = "C1", **changes: object) -> CaseRecord:
    base = CaseRecord(
        reference=ref,
        sentence_type="referral_order",
        supervision_start=date(2015, 1, 1),
        rosh_level="low",
        gender="male",
        ethnicity="white",
        looked_after=False,
        case_manager=f"manager-{ref}",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "reasons"),
    [
        (date(2015, 1, 18), ()),
        (date(2015, 1, 19), ()),
        (date(2015, 1, 20), (Reason(TOO_RECENT, weeks=6, since=date(2015, 1, 20)),)),
        (date(2015, 3, 2), (Reason(TOO_RECENT, weeks=6, since=date(2015, 3, 2)),)),
        (date(2014, 12, 3), ()),
        (date(2014, 12, 2), ()),
        (date(2014, 12, 1), (Reason(TOO_LONG, months=3),)),
        (None, (Reason(NO_START),)),
    ],
)
def test_eligibility_window_is_inclusive_at_both_bounds(
    start: date | None, reasons: tuple[Reason, ...]
) -> None:
    result = check_eligibility(case(supervision_start=start), FIELDWORK)
    assert result.reasons == reasons
    assert result.eligible == (not reasons)


@pytest.mark.parametrize(
    ("fieldwork", "earliest_eligible", "too_early"),
    [
        (date(2015, 5, 31), date(2015, 2, 28), date(2015, 2, 27)),
        (date(2016, 5, 31), date(2016, 2, 29), date(2016, 2, 28)),
        (date(2015, 3, 31), date(2014, 12, 31), date(2014, 12, 30)),
        (date(2015, 2, 15), date(2014, 11, 15), date(2014, 11, 14)),
    ],
)
def test_month_bound_clamps_day_of_month(
    fieldwork: date, earliest_eligible: date, too_early: date
) -> None:
    assert months_before(fieldwork, 3) == earliest_eligible
    assert check_eligibility(case(supervision_start=earliest_eligible), fieldwork).eligible
    assert not check_eligibility(case(supervision_start=too_early), fieldwork).eligible


@pytest.mark.parametrize("sentence", ["out_of_court", "caution", "bail_support", ""])
def test_out_of_court_disposals_are_not_eligible(sentence: str) -> None:
    reason = Reason(NOT_ELIGIBLE_KIND, sentence_type=sentence)
    assert check_eligibility(case(sentence_type=sentence), FIELDWORK).reasons == (reason,)


@pytest.mark.parametrize("sentence", STATUTORY)
def test_every_statutory_sentence_is_eligible(sentence: str) -> None:
    assert check_eligibility(case(sentence_type=sentence), FIELDWORK).eligible


def test_every_failed_condition_gives_a_reason_and_rule_is_configurable() -> None:
    both = check_eligibility(case(sentence_type="caution", supervision_start=None), FIELDWORK)
    assert [r.code for r in both.reasons] == [NOT_ELIGIBLE_KIND, NO_START]
    rule = EligibilityRule(min_weeks=1, max_months=1)
    result = check_eligibility(case(supervision_start=date(2015, 2, 27)), FIELDWORK, rule)
    assert result.reasons == (Reason(TOO_RECENT, weeks=1, since=date(2015, 2, 27)),)
    late = check_eligibility(case(supervision_start=date(2015, 1, 1)), FIELDWORK, rule)
    assert late.reasons == (Reason(TOO_LONG, months=1),)


@pytest.mark.parametrize(
    ("eligible", "expected"),
    [(0, 0), (1, 1), (14, 14), (15, 14), (30, 14), (42, 14), (43, 15), (99, 33), (135, 45)]
    + [(136, 45), (140, 45), (1000, 45)],
)
def test_sample_size_follows_throughput(eligible: int, expected: int) -> None:
    assert sample_size(eligible) == expected


def test_sample_size_never_exceeds_eligible_count() -> None:
    assert sample_size(10, SizeRule(floor=20, take_all_below=5)) == 10
    with pytest.raises(ValueError):
        sample_size(-1)


@pytest.mark.parametrize(
    ("populations", "size", "expected"),
    [
        ({"a": 1, "b": 1, "c": 1}, 2, {"a": 1, "b": 1, "c": 0}),
        ({"x": 5, "y": 3, "z": 2}, 5, {"x": 3, "y": 1, "z": 1}),
        ({"x": 45, "y": 43, "z": 11}, 33, {"x": 15, "y": 14, "z": 4}),
        ({"x": 7}, 0, {"x": 0}),
    ],
)
def test_allocation_uses_largest_remainders_with_name_tie_break(
    populations: dict[str, int], size: int, expected: dict[str, int]
) -> None:
    assert allocate(populations, size) == expected


def population(n: int, **changes: object) -> list[CaseRecord]:
    return [case(f"R{i:03d}", case_manager=f"m{i % 9}", **changes) for i in range(n)]


def test_custody_and_looked_after_child_are_included_even_when_rare() -> None:
    cases = population(58) + [
        case("CUST", sentence_type="custody"),
        case("LAC", sentence_type="other_statutory", looked_after=True),
    ]
    result = draw_sample(cases, 14, seed=3, fieldwork_start=FIELDWORK)
    assert {"CUST", "LAC"} <= set(result.selected)
    assert sum(s.allocated for s in result.strata) == 14


def test_manager_cap_is_enforced_by_swapping_within_stratum() -> None:
    cases = [case(f"B{i:02d}", case_manager="busy") for i in range(20)] + population(10)
    cases += [case(f"Y{i:02d}", sentence_type="youth_rehabilitation_order") for i in range(30)]
    result = draw_sample(cases, 20, seed=1, fieldwork_start=FIELDWORK)
    managers = Counter(c.case_manager for c in cases if c.reference in result.selected)
    assert result.manager_cap == 5
    assert managers["busy"] <= 5


def test_ineligible_cases_are_never_sampled_and_size_is_checked() -> None:
    cases = population(20) + [case("OOC", sentence_type="out_of_court")]
    result = draw_sample(cases, 20, seed=0, fieldwork_start=FIELDWORK)
    assert "OOC" not in result.selected and result.population_size == 20
    with pytest.raises(ValueError):
        draw_sample(cases, 21, seed=0, fieldwork_start=FIELDWORK)
    with pytest.raises(ValueError):
        draw_sample([*cases, case("R000")], 5, seed=0, fieldwork_start=FIELDWORK)


def test_result_records_seed_parameters_and_population_hash() -> None:
    cases = population(40) + [case("OOC", sentence_type="caution")]
    result = draw_sample(cases, 14, seed=99, fieldwork_start=FIELDWORK)
    assert (result.seed, result.size, result.fieldwork_start) == (99, 14, FIELDWORK)
    assert result.population_hash == population_hash(eligible_cases(cases, FIELDWORK))
    assert result.population_hash == population_hash(list(reversed(cases[:40])))
    assert result.population_hash != population_hash([*cases[:39], replace(cases[39], gender="f")])
    reserves = [r for refs in result.reserves.values() for r in refs]
    assert sorted([*result.selected, *reserves]) == sorted(c.reference for c in cases[:40])


def test_profile_reports_exact_shares_per_dimension() -> None:
    cases = [case("A", gender="female"), case("B"), case("C"), case("D", looked_after=True)]
    rows = {(r.dimension, r.value): r for r in profile(cases, ["A", "B"])}
    assert rows["gender", "female"].population_share == Fraction(1, 4)
    assert rows["gender", "female"].sample_share == Fraction(1, 2)
    assert (rows["looked_after", "yes"].population, rows["looked_after", "yes"].sample) == (1, 0)
    assert {r.dimension for r in rows.values()} == {
        "sentence_type",
        "rosh_level",
        "gender",
        "ethnicity",
        "looked_after",
    }
    with pytest.raises(ValueError):
        profile(cases, ["Z"])


def test_reserve_is_like_for_like_from_the_same_stratum() -> None:
    cases = [
        case("S1", rosh_level="high", looked_after=True),
        case("S2", sentence_type="custody"),
        case("R1"),
        case("R2", rosh_level="high"),
        case("R3", rosh_level="high", looked_after=True),
        case("R4", looked_after=True),
    ]
    result = SampleResult(
        selected=("S1", "S2"),
        strata=(),
        reserves={"referral_order": ("R1", "R2", "R4", "R3"), "custody": ()},
        seed=0,
        size=2,
        fieldwork_start=FIELDWORK,
        eligibility=EligibilityRule(),
        max_manager_share=Fraction(1, 4),
        manager_cap=1,
        population_size=6,
        population_hash="",
    )
    assert propose_reserve(result, cases, "S1") == "R3"
    assert propose_reserve(result, cases, "S1", already_used=["R3"]) == "R4"
    assert propose_reserve(result, cases, "S1", already_used=["R3", "R4"]) == "R2"
    assert propose_reserve(result, cases, "S2") is None


# --- Properties -----------------------------------------------------------------------

case_lists = st.lists(
    st.builds(
        CaseRecord,
        reference=st.text("ABCDEFGH0123456789", min_size=1, max_size=4),
        sentence_type=st.sampled_from([*STATUTORY, "custody", "out_of_court", "caution"]),
        supervision_start=st.one_of(
            st.none(), st.integers(30, 100).map(lambda d: FIELDWORK - timedelta(days=d))
        ),
        rosh_level=st.sampled_from(["low", "medium", "high", "very_high", ""]),
        gender=st.sampled_from(["male", "female"]),
        ethnicity=st.sampled_from(["white", "black", "asian", "mixed"]),
        looked_after=st.booleans(),
        case_manager=st.sampled_from(["m1", "m2", "m3", "m4", "m5"]),
    ),
    max_size=70,
    unique_by=lambda c: c.reference,
)


def cap_is_feasible(result: SampleResult, pool: tuple[CaseRecord, ...]) -> bool:
    """Hall's condition for the strata -> managers transport problem (max flow = size)."""
    strata = [s for s in result.strata if s.allocated]
    for k in range(1, len(strata) + 1):
        for subset in combinations(strata, k):
            names = {s.stratum for s in subset}
            per_manager = Counter(c.case_manager for c in pool if c.sentence_type in names)
            supply = sum(min(result.manager_cap, n) for n in per_manager.values())
            if sum(s.allocated for s in subset) > supply:
                return False
    return True


@settings(max_examples=300, deadline=None)
@given(cases=case_lists, seed=st.integers(0, 2**32), data=st.data())
def test_sample_properties(cases: list[CaseRecord], seed: int, data: st.DataObject) -> None:
    pool = eligible_cases(cases, FIELDWORK)
    size = sample_size(len(pool))
    result = draw_sample(cases, size, seed, fieldwork_start=FIELDWORK)
    chosen = [c for c in pool if c.reference in result.selected]

    assert len(result.selected) == len(set(result.selected)) == size
    assert set(result.selected) <= {c.reference for c in pool}
    assert sum(s.allocated for s in result.strata) == size
    assert all(0 <= s.allocated <= s.population for s in result.strata)
    assert Counter(c.sentence_type for c in chosen) == {
        s.stratum: s.allocated for s in result.strata if s.allocated
    }

    shuffled = data.draw(st.permutations(cases))
    assert draw_sample(shuffled, size, seed, fieldwork_start=FIELDWORK) == result

    if cap_is_feasible(result, pool):
        assert max(Counter(c.case_manager for c in chosen).values(), default=0) <= (
            result.manager_cap
        )
    if size >= 2:
        if any(c.sentence_type == "custody" for c in pool):
            assert any(c.sentence_type == "custody" for c in chosen)
        if any(c.looked_after for c in pool):
            assert any(c.looked_after for c in chosen)
