"""Display of agreement estimates: rounded only here, for the page."""

from __future__ import annotations

from django import template

from casescreen.domain.agreement import Estimate

register = template.Library()


@register.filter
def estimate(value: Estimate | None) -> str:
    if value is None:
        return ""
    return f"{float(value.value):.2f} ({value.low:.2f} to {value.high:.2f})"
