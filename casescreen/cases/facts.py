"""The case facts a framework may use in its applicability rules."""

from __future__ import annotations

FACT_FIELDS: tuple[str, ...] = (
    "sentence_type",
    "psr_prepared",
    "has_plan",
    "reoffending_review_required",
    "roh_review_required",
    "roh_plan_required",
    "identifiable_victim",
    "oversight_required",
    "vulnerability_review_required",
    "vulnerability_plan_required",
    "rosh_level",
    "vulnerability_level",
    "looked_after",
    "placed_from_other_la",
    "non_compliance",
)
