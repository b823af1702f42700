"""Case sampling before fieldwork: eligibility, sample size and a reproducible stratified sample.

The YOT's list of current cases becomes a fair sample that can be reproduced as evidence:
the same seed and the same data (in any order) always give the same sample, and the
result records the seed, the parameters and a hash of the eligible population.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import random
from bisect import insort
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from math import ceil, floor
from types import MappingProxyType
from typing import NamedTuple

CUSTODY = "custody"
# The default eligible sentence types: a framework's sampling plan names its own.
STATUTORY_SENTENCES = frozenset(
    {"referral_order", "youth_rehabilitation_order", CUSTODY, "other_statutory"}
)
# Named "out of court disposal" when a reason says which kind of case was left out.
OUT_OF_COURT_DISPOSALS = frozenset(
    {
        "out_of_court",
        "caution",
        "youth_caution",
        "youth_conditional_caution",
        "community_resolution",
        "triage",
    }
)
BALANCED_DIMENSIONS = ("rosh_level", "gender", "ethnicity", "looked_after")
PROFILE_DIMENSIONS = ("sentence_type", *BALANCED_DIMENSIONS)


@dataclass(frozen=True)
class CaseRecord:
    """One line of the YOT's case list: the facts sampling needs, nothing more."""

    reference: str
    sentence_type: str
    supervision_start: date | None
    rosh_level: str
    gender: str
    ethnicity: str
    looked_after: bool
    case_manager: str


_VALUE: dict[str, Callable[[CaseRecord], str]] = {
    "sentence_type": lambda c: c.sentence_type,
    "rosh_level": lambda c: c.rosh_level,
    "gender": lambda c: c.gender,
    "ethnicity": lambda c: c.ethnicity,
    "looked_after": lambda c: "yes" if c.looked_after else "no",
}


# --- 1. Eligibility -------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityRule:
    """Case-list rule: a case of an eligible kind (one of ``sentence_types``) supervised for
    ``min_weeks`` weeks to ``max_months`` calendar months before fieldwork starts, both
    bounds inclusive. ``kinds`` are the labels of the eligible kinds of case, for the words
    of a reason."""

    min_weeks: int = 6
    max_months: int = 3
    sentence_types: frozenset[str] = STATUTORY_SENTENCES
    kinds: tuple[str, ...] = ("Statutory court sentence",)

    def __post_init__(self) -> None:
        if self.min_weeks < 0 or self.max_months < 0:
            raise ValueError("eligibility bounds must not be negative")
        if not self.sentence_types:
            raise ValueError("at least one sentence type must be eligible")


# The codes of the reasons a case is not eligible.
NOT_ELIGIBLE_KIND = "kind"
NO_START = "no_start"
TOO_RECENT = "too_recent"
TOO_LONG = "too_long"


@dataclass(frozen=True)
class Reason:
    """Why a case is not eligible, as a code and the facts its words need (the sampling
    app words it): the case's sentence type (``NOT_ELIGIBLE_KIND``), the rule's weeks and
    the start of supervision (``TOO_RECENT``) or the rule's months (``TOO_LONG``)."""

    code: str
    sentence_type: str = ""
    weeks: int = 0
    months: int = 0
    since: date | None = None


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[Reason, ...] = ()


def months_before(day: date, months: int) -> date:
    """Calendar-month subtraction, clamping the day of month (31 May - 3 months = 28/29 Feb)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def check_eligibility(
    case: CaseRecord, fieldwork_start: date, rule: EligibilityRule = EligibilityRule()
) -> Eligibility:
    """Eligibility rule (DOMAIN.md section 2, step 2): the eligible kinds of case only (for SQS,
    statutory court sentences), and supervision started on or before ``fieldwork_start -
    min_weeks`` weeks and on or after ``fieldwork_start - max_months`` calendar months.
    Every failed condition gives a reason."""
    reasons: list[Reason] = []
    if case.sentence_type not in rule.sentence_types:
        reasons.append(Reason(NOT_ELIGIBLE_KIND, sentence_type=case.sentence_type))
    start = case.supervision_start
    if start is None:
        reasons.append(Reason(NO_START))
    elif start > fieldwork_start - timedelta(weeks=rule.min_weeks):
        reasons.append(Reason(TOO_RECENT, weeks=rule.min_weeks, since=start))
    elif start < months_before(fieldwork_start, rule.max_months):
        reasons.append(Reason(TOO_LONG, months=rule.max_months))
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))


def eligible_cases(
    cases: Sequence[CaseRecord], fieldwork_start: date, rule: EligibilityRule = EligibilityRule()
) -> tuple[CaseRecord, ...]:
    """The eligible population under ``rule``, sorted by reference (input order never matters)."""
    refs = Counter(c.reference for c in cases)
    duplicates = sorted(r for r, n in refs.items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate case references: {', '.join(duplicates)}")
    chosen = (c for c in cases if check_eligibility(c, fieldwork_start, rule).eligible)
    return tuple(sorted(chosen, key=lambda c: c.reference))


# --- 2. Sample size -------------------------------------------------------------------


@dataclass(frozen=True)
class SizeRule:
    """Sample size follows throughput (observed SQS sizes: 14 small YOT, 33 Redbridge, 47
    Hampshire). Defaults: all cases up to 14; otherwise a third, at least 14, at most 45."""

    floor: int = 14
    ceiling: int = 45
    fraction: Fraction = Fraction(1, 3)
    take_all_below: int = 14

    def __post_init__(self) -> None:
        if not 0 <= self.floor <= self.ceiling:
            raise ValueError("need 0 <= floor <= ceiling")
        if not 0 < self.fraction <= 1:
            raise ValueError("fraction must be in (0, 1]")
        if self.take_all_below < 0:
            raise ValueError("take_all_below must not be negative")


def sample_size(eligible_count: int, rule: SizeRule = SizeRule()) -> int:
    """SQS sample-size rule: take every case when ``eligible_count <= take_all_below``;
    otherwise ``ceil(eligible_count * fraction)`` clamped to ``[floor, ceiling]``, and never
    more than the eligible count. Defaults: 30 -> 14, 99 (Redbridge) -> 33, 140+ -> 45."""
    if eligible_count < 0:
        raise ValueError(f"eligible count must not be negative, got {eligible_count}")
    if eligible_count <= rule.take_all_below:
        return eligible_count
    share = ceil(eligible_count * rule.fraction)
    return min(eligible_count, max(rule.floor, min(rule.ceiling, share)))


# --- 3. The sample --------------------------------------------------------------------


class StratumAllocation(NamedTuple):
    stratum: str
    population: int
    allocated: int


@dataclass(frozen=True)
class SampleResult:
    """A drawn sample plus everything needed to reproduce and evidence it."""

    selected: tuple[str, ...]
    strata: tuple[StratumAllocation, ...]
    reserves: Mapping[str, tuple[str, ...]]
    seed: int
    size: int
    fieldwork_start: date
    eligibility: EligibilityRule
    max_manager_share: Fraction
    manager_cap: int
    population_size: int
    population_hash: str = field(repr=False)
    balanced: tuple[str, ...] = BALANCED_DIMENSIONS


def population_hash(cases: Sequence[CaseRecord]) -> str:
    """SHA-256 of a canonical serialisation (sorted by reference, every field) of the given
    population. Pass the eligible population; :func:`draw_sample` stores exactly that hash."""
    rows = [
        [
            c.reference,
            c.sentence_type,
            c.supervision_start.isoformat() if c.supervision_start else None,
            c.rosh_level,
            c.gender,
            c.ethnicity,
            c.looked_after,
            c.case_manager,
        ]
        for c in sorted(cases, key=lambda c: c.reference)
    ]
    text = json.dumps(["casescreen-population-v1", rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def allocate(populations: Mapping[str, int], size: int) -> dict[str, int]:
    """Proportional allocation with largest-remainder (Hamilton) rounding; equal remainders go
    to strata in name order."""
    total = sum(populations.values())
    if not 0 <= size <= total:
        raise ValueError(f"size must be between 0 and {total}, got {size}")
    if total == 0:
        return dict.fromkeys(populations, 0)
    quotas = {s: Fraction(size * n, total) for s, n in populations.items()}
    result = {s: floor(q) for s, q in quotas.items()}
    by_remainder = sorted(quotas, key=lambda s: (-(quotas[s] - result[s]), s))
    for s in by_remainder[: size - sum(result.values())]:
        result[s] += 1
    return result


def _move_one(alloc: dict[str, int], target: str, protected: Collection[str] = ()) -> bool:
    """Give ``target`` one place from the largest other allocation (name order on ties)."""
    donors = [s for s in alloc if s != target and alloc[s] > (1 if s in protected else 0)]
    if not donors:
        return False
    donor = min(donors, key=lambda s: (-alloc[s], s))
    alloc[donor] -= 1
    alloc[target] += 1
    return True


class _Draw:
    """Mutable working state of one draw; indices point into the reference-sorted pool."""

    def __init__(self, pool: Sequence[CaseRecord], alloc: Mapping[str, int], cap: int) -> None:
        self.pool, self.cap = pool, cap
        self.strata = sorted(alloc)
        self.rank = [0] * len(pool)
        self.selected = [False] * len(pool)
        self.order: dict[str, list[int]] = defaultdict(list)
        for i, case in enumerate(pool):
            self.order[case.sentence_type].append(i)
        self.managers: Counter[str] = Counter()
        self.lac = 0

    def shuffle_and_pick(self, rng: random.Random, alloc: Mapping[str, int]) -> None:
        for s in self.strata:
            rng.shuffle(self.order[s])
            for r, i in enumerate(self.order[s]):
                self.rank[i] = r
            for i in self.order[s][: alloc[s]]:
                self._set(i, True)

    def _set(self, i: int, chosen: bool) -> None:
        step = 1 if chosen else -1
        self.selected[i] = chosen
        self.managers[self.pool[i].case_manager] += step
        self.lac += step if self.pool[i].looked_after else 0

    def swap(self, out: int, into: int) -> None:
        self._set(out, False)
        self._set(into, True)

    def fits_cap(self, out: int, into: int) -> bool:
        m_in = self.pool[into].case_manager
        return m_in == self.pool[out].case_manager or self.managers[m_in] < self.cap

    def fix_manager_cap(self, pinned: Collection[int] = ()) -> bool:
        """Cap rule: move excess cases off over-loaded case managers along augmenting paths of
        within-stratum swaps (complete: succeeds whenever the allocation allows the cap)."""
        while True:
            over = sorted(m for m, n in self.managers.items() if n > self.cap)
            if not over:
                return True
            if not self._augment(over[0], pinned):
                return False

    def _augment(self, start: str, pinned: Collection[int]) -> bool:
        chosen: dict[str, dict[str, list[int]]] = {s: defaultdict(list) for s in self.strata}
        spare: dict[str, dict[str, list[int]]] = {s: defaultdict(list) for s in self.strata}
        for s in self.strata:
            for i in self.order[s]:
                if not self.selected[i]:
                    spare[s][self.pool[i].case_manager].append(i)
                elif i not in pinned:
                    chosen[s][self.pool[i].case_manager].append(i)
        parent: dict[str, tuple[str, int, int]] = {}
        queue, seen = deque([start]), {start}
        while queue:
            manager = queue.popleft()
            for s in self.strata:
                if not chosen[s].get(manager):
                    continue
                for other in sorted(spare[s]):
                    if other in seen:
                        continue
                    seen.add(other)
                    parent[other] = (manager, chosen[s][manager][-1], spare[s][other][0])
                    if self.managers[other] < self.cap:
                        while other != start:
                            other, out, into = parent[other]
                            self.swap(out, into)
                        return True
                    queue.append(other)
        return False

    def include_looked_after(self) -> None:
        """Looked-after children are included where present: swap one in within its stratum,
        keeping the manager cap when some candidate allows it (at most 20 candidates tried)."""
        open_strata = [s for s in self.strata if any(self.selected[i] for i in self.order[s])]
        candidates = [
            (s, d) for s in open_strata for d in self.order[s] if self.pool[d].looked_after
        ][:20]
        fallback: tuple[int, int] | None = None
        for s, d in candidates:
            picked = [i for i in self.order[s] if self.selected[i]]
            same = [i for i in picked if self.pool[i].case_manager == self.pool[d].case_manager]
            out = (same or picked)[-1]
            saved = (list(self.selected), Counter(self.managers), self.lac)
            self.swap(out, d)
            if self.fix_manager_cap(pinned={d}):
                return
            self.selected, self.managers, self.lac = saved
            fallback = fallback or (out, d)
        if fallback:
            self.swap(*fallback)

    def balance(self, max_swaps: int, balanced: Sequence[str] = BALANCED_DIMENSIONS) -> None:
        """Balance rule: bounded best-improvement swap search within strata that lowers the
        total absolute deviation between sample and population shares on the balanced
        dimensions, never breaking the manager cap or dropping the last looked-after child.

        Deviations are scaled by ``population * size`` to stay in integers. A swap's effect is
        separable per dimension, so candidates are visited cheapest first and pruned."""
        if not balanced:
            return
        n, size, dims = len(self.pool), sum(self.selected), range(len(balanced))
        keys = [tuple(_VALUE[d](c) for d in balanced) for c in self.pool]
        pop = [Counter(k[j] for k in keys) for j in dims]
        got = [Counter(k[j] for i, k in enumerate(keys) if self.selected[i]) for j in dims]
        spare: dict[str, dict[tuple[str, ...], list[int]]] = {s: {} for s in self.strata}
        picked: dict[str, list[int]] = {s: [] for s in self.strata}
        for s in self.strata:
            for i in self.order[s]:
                if self.selected[i]:
                    picked[s].append(i)
                else:
                    spare[s].setdefault(keys[i], []).append(i)
        looked_after = balanced.index("looked_after") if "looked_after" in balanced else None

        def dev(j: int, value: str, count: int) -> int:
            return abs(count * n - pop[j][value] * size)

        for _ in range(max_swaps):
            now = [{v: dev(j, v, got[j][v]) for v in pop[j]} for j in dims]
            rem = [{v: dev(j, v, got[j][v] - 1) - now[j][v] for v in pop[j]} for j in dims]
            add = [{v: dev(j, v, got[j][v] + 1) - now[j][v] for v in pop[j]} for j in dims]
            best: tuple[int, int, int] | None = None
            for s in self.strata:
                ins = sorted((sum(add[j][k[j]] for j in dims), k) for k, v in spare[s].items() if v)
                for out in picked[s]:
                    k_out = keys[out]
                    keep_lac = self.pool[out].looked_after and self.lac == 1
                    r = sum(rem[j][k_out[j]] for j in dims)
                    z = sum(rem[j][k_out[j]] + add[j][k_out[j]] for j in dims)
                    for a, k_in in ins:
                        # z bounds what shared values can give back: nothing cheaper follows.
                        if r + a - z >= (best[0] if best else 0):
                            break
                        if k_in == k_out or (
                            keep_lac and looked_after is not None and k_in[looked_after] == "no"
                        ):
                            continue
                        shared = sum(
                            rem[j][k_out[j]] + add[j][k_out[j]] for j in dims if k_out[j] == k_in[j]
                        )
                        delta = r + a - shared
                        if delta < (best[0] if best else 0):
                            into = next(
                                (
                                    d
                                    for d in spare[s][k_in]
                                    if self.fits_cap(out, d)
                                    and (not keep_lac or self.pool[d].looked_after)
                                ),
                                None,
                            )
                            if into is not None:
                                best = (delta, out, into)
            if best is None:
                return
            _, out, into = best
            self.swap(out, into)
            s = self.pool[out].sentence_type
            spare[s][keys[into]].remove(into)
            insort(spare[s].setdefault(keys[out], []), out, key=lambda i: self.rank[i])
            picked[s].remove(out)
            insort(picked[s], into, key=lambda i: self.rank[i])
            for j in dims:
                got[j][keys[out][j]] -= 1
                got[j][keys[into][j]] += 1


def draw_sample(
    cases: Sequence[CaseRecord],
    size: int,
    seed: int,
    *,
    fieldwork_start: date,
    eligibility: EligibilityRule = EligibilityRule(),
    max_manager_share: Fraction = Fraction(1, 4),
    balanced: Sequence[str] = BALANCED_DIMENSIONS,
) -> SampleResult:
    """SQS representative sample over the ELIGIBLE cases (DOMAIN.md section 2, step 2).

    1. Stratify by sentence type; allocate ``size`` proportionally (Hamilton rounding), then
       give custody one place if it has eligible cases but none allocated, and likewise the
       stratum with most looked-after children if no stratum holding one has a place.
    2. Within each stratum, order cases with ``random.Random(seed)`` (strata in name order,
       cases by reference first); the first ``allocated`` are chosen, the rest are reserves.
    3. No case manager holds more than ``max(1, floor(size * max_manager_share))`` sampled
       cases when the allocation allows it; at least one looked-after child when any is
       eligible; then a bounded swap search improves balance on the ``balanced`` dimensions
       (the framework's strata; see :meth:`_Draw.balance`).
    """
    unknown = [d for d in balanced if d not in BALANCED_DIMENSIONS]
    if unknown:
        raise ValueError(
            f"cannot balance on {', '.join(unknown)} (choose from {', '.join(BALANCED_DIMENSIONS)})"
        )
    pool = eligible_cases(cases, fieldwork_start, eligibility)
    if not 0 <= size <= len(pool):
        raise ValueError(f"size must be between 0 and {len(pool)} eligible cases, got {size}")
    populations = Counter(c.sentence_type for c in pool)
    alloc = allocate(populations, size)
    if size and populations[CUSTODY] and not alloc[CUSTODY]:
        _move_one(alloc, CUSTODY)
    lac_strata = Counter(c.sentence_type for c in pool if c.looked_after)
    if size and lac_strata and not any(alloc[s] for s in lac_strata):
        target = min(lac_strata, key=lambda s: (-lac_strata[s], s))
        _move_one(alloc, target, protected=[CUSTODY] if populations[CUSTODY] else [])
    cap = max(1, floor(size * max_manager_share))
    draw = _Draw(pool, alloc, cap)
    draw.shuffle_and_pick(random.Random(seed), alloc)
    draw.fix_manager_cap()
    if lac_strata and size and not draw.lac:
        draw.include_looked_after()
    draw.balance(max_swaps=size, balanced=tuple(balanced))
    reserves = {
        s: tuple(pool[i].reference for i in draw.order[s] if not draw.selected[i])
        for s in draw.strata
    }
    return SampleResult(
        selected=tuple(sorted(pool[i].reference for i in range(len(pool)) if draw.selected[i])),
        strata=tuple(StratumAllocation(s, populations[s], alloc[s]) for s in draw.strata),
        reserves=MappingProxyType(reserves),
        seed=seed,
        size=size,
        fieldwork_start=fieldwork_start,
        eligibility=eligibility,
        max_manager_share=max_manager_share,
        manager_cap=cap,
        population_size=len(pool),
        population_hash=population_hash(pool),
        balanced=tuple(balanced),
    )


# --- Profile and reserves -------------------------------------------------------------


@dataclass(frozen=True)
class ProfileRow:
    dimension: str
    value: str
    population: int
    sample: int
    population_share: Fraction
    sample_share: Fraction


def profile(
    cases: Sequence[CaseRecord],
    selected: Collection[str],
    dimensions: Sequence[str] = PROFILE_DIMENSIONS,
) -> tuple[ProfileRow, ...]:
    """Representativeness check: for each profiled dimension (sentence type and the balanced
    ones) and each value, population and sample counts and exact shares. Rounding is the
    caller's job."""
    known = {c.reference for c in cases}
    unknown = sorted(set(selected) - known)
    if unknown:
        raise ValueError(f"selected references not in the population: {', '.join(unknown)}")
    chosen = [c for c in cases if c.reference in set(selected)]
    rows: list[ProfileRow] = []
    for dim in dimensions:
        pop = Counter(_VALUE[dim](c) for c in cases)
        got = Counter(_VALUE[dim](c) for c in chosen)
        for value in sorted(pop):
            rows.append(
                ProfileRow(
                    dimension=dim,
                    value=value,
                    population=pop[value],
                    sample=got[value],
                    population_share=Fraction(pop[value], len(cases)),
                    sample_share=Fraction(got[value], len(chosen)) if chosen else Fraction(0),
                )
            )
    return tuple(rows)


def propose_reserve(
    result: SampleResult,
    cases: Sequence[CaseRecord],
    excluded_reference: str,
    already_used: Collection[str] = (),
) -> str | None:
    """Like-for-like replacement rule: the next reserve of the excluded case's stratum (in the
    seeded reserve order), preferring the same RoSH level and looked-after status, then the
    same looked-after status, then the same RoSH level. None when the stratum is exhausted."""
    return next_reserve(
        result.reserves, cases, excluded_reference, unavailable=(*already_used, *result.selected)
    )


def next_reserve(
    reserves: Mapping[str, Sequence[str]],
    cases: Sequence[CaseRecord],
    excluded_reference: str,
    unavailable: Collection[str] = (),
) -> str | None:
    """The rule of :func:`propose_reserve` over stored reserve lists (stratum -> references in
    seeded order), skipping ``unavailable`` references (in the sample or already used)."""
    by_ref = {c.reference: c for c in cases}
    if excluded_reference not in by_ref:
        raise ValueError(f"unknown case reference {excluded_reference!r}")
    gone = {excluded_reference, *unavailable}
    excluded = by_ref[excluded_reference]
    candidates = [
        by_ref[r] for r in reserves.get(excluded.sentence_type, ()) if r not in gone and r in by_ref
    ]

    def tier(c: CaseRecord) -> int:
        same_lac = c.looked_after == excluded.looked_after
        same_rosh = c.rosh_level == excluded.rosh_level
        return 0 if same_lac and same_rosh else 1 if same_lac else 2 if same_rosh else 3

    return min(candidates, key=tier).reference if candidates else None
