"""Applicability rules as database conditions, so aggregates respect them in SQL.

A framework rule (fact equals / in / is true, all, any, not) becomes a Q object
over Case columns. It must agree with Rule.evaluate on every combination of
facts; the tests check that property on generated facts.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Q

from casescreen.frameworks.loader import AllRule, AnyRule, FactRule, NotRule, Rule


def rule_to_q(rule: Rule | Any, prefix: str = "") -> Q:
    """The condition on ``<prefix><fact>`` columns under which the rule holds."""
    spec = rule.spec if isinstance(rule, Rule) else rule
    if spec == "always":
        # A condition that is always true and still negates correctly (Q() does not).
        return Q(**{f"{prefix}pk__isnull": False})
    if isinstance(spec, FactRule):
        column = f"{prefix}{spec.fact}"
        if spec.in_ is not None:
            return Q(**{f"{column}__in": list(spec.in_)})
        if spec.equals is not None:
            return Q(**{column: spec.equals})
        return Q(**{column: True})
    if isinstance(spec, AllRule):
        return _combine([rule_to_q(part, prefix) for part in spec.all], Q.AND)
    if isinstance(spec, AnyRule):
        return _combine([rule_to_q(part, prefix) for part in spec.any], Q.OR)
    if isinstance(spec, NotRule):
        return ~rule_to_q(spec.not_, prefix)
    raise ValueError(f"unknown applicability rule {spec!r}")


def _combine(parts: list[Q], connector: str) -> Q:
    join = operator.and_ if connector == Q.AND else operator.or_
    return reduce(join, parts)
