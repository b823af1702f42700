"""Sharing the sampled cases among the inspection team.

Each case is assessed with its case manager present, so an inspector who takes all
of one case manager's cases meets that case manager once rather than the case
manager meeting several inspectors. The rule: the cases are shared as evenly as
possible (no inspector has more than one case more than another), and a case
manager's cases are split between inspectors only where the balance requires it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseToAllocate:
    reference: str
    case_manager: str


def quotas(total: int, inspectors: Sequence[str]) -> dict[str, int]:
    """How many cases each inspector takes: ``total // n``, and one more for the first
    ``total % n`` inspectors in the order given."""
    if not inspectors:
        return {}
    base, extra = divmod(total, len(inspectors))
    return {name: base + (1 if i < extra else 0) for i, name in enumerate(inspectors)}


def suggest_allocation(
    cases: Sequence[CaseToAllocate],
    inspectors: Sequence[str],
    fixed: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Case reference -> inspector for every case in ``cases``.

    ``fixed`` holds allocations already made (reference -> inspector); they are kept
    and count towards each inspector's share. The other cases are grouped by case
    manager and placed greedily, largest group first: a group goes whole to the
    inspector who already holds that case manager's cases, else to the one with most
    room left; it is split only when no inspector has room for all of it, and then
    fills the inspector with most room before the rest moves on. Cases with no case
    manager recorded are each a group of their own. Ties go to the earlier inspector
    in ``inspectors`` and the earlier reference, so the result is reproducible.
    """
    if not inspectors:
        return {}
    fixed = {ref: who for ref, who in (fixed or {}).items() if who in inspectors}
    result: dict[str, str] = {}
    room = quotas(len(cases), inspectors)
    held: dict[str, set[str]] = {name: set() for name in inspectors}
    by_reference = {case.reference: case for case in cases}
    for reference, who in fixed.items():
        if reference in by_reference:
            result[reference] = who
            room[who] -= 1
            held[who].add(by_reference[reference].case_manager)

    groups: dict[str, list[str]] = {}
    for case in sorted(cases, key=lambda c: c.reference):
        if case.reference in result:
            continue
        key = case.case_manager.strip().casefold() or f"\0{case.reference}"
        groups.setdefault(key, []).append(case.reference)
    order = {name: i for i, name in enumerate(inspectors)}
    for references in sorted(groups.values(), key=lambda refs: (-len(refs), refs[0])):
        manager = by_reference[references[0]].case_manager
        pending = list(references)
        while pending:
            holders = [n for n in inspectors if manager and manager in held[n] and room[n] > 0]
            fits = [n for n in holders if room[n] >= len(pending)]
            if fits:
                chosen = fits[0]
            else:
                # Most room left; an inspector already over their share (from the fixed
                # allocations) is chosen only when nobody has room.
                chosen = min(inspectors, key=lambda n: (-room[n], order[n]))
                whole = [n for n in inspectors if room[n] >= len(pending)]
                if whole:
                    chosen = min(whole, key=lambda n: (-room[n], order[n]))
            take = len(pending) if room[chosen] <= 0 else min(len(pending), room[chosen])
            for reference in pending[:take]:
                result[reference] = chosen
            pending = pending[take:]
            room[chosen] -= take
            held[chosen].add(manager)
    return result


def inspectors_per_case_manager(
    cases: Sequence[CaseToAllocate], allocation: Mapping[str, str]
) -> dict[str, int]:
    """How many inspectors each (named) case manager meets under ``allocation``."""
    seen: dict[str, set[str]] = {}
    for case in cases:
        if case.case_manager and case.reference in allocation:
            seen.setdefault(case.case_manager, set()).add(allocation[case.reference])
    return {manager: len(who) for manager, who in seen.items()}
