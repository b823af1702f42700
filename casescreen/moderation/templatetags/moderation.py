"""Display of agreement estimates: rounded only here, for the page."""

from __future__ import annotations

from django import template

from casescreen.domain.agreement import Estimate
from casescreen.moderation.selectors import estimate_text

register = template.Library()


@register.filter
def estimate(value: Estimate | None) -> str:
    return estimate_text(value)
