"""Display of agreement estimates: rounded only here, for the page."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from casescreen.domain.agreement import Estimate

register = template.Library()


@register.filter
def estimate(value: Estimate | None) -> str:
    if value is None:
        return ""
    interval = gettext("%(low)s to %(high)s") % {
        "low": f"{value.low:.2f}",
        "high": f"{value.high:.2f}",
    }
    return f"{float(value.value):.2f} ({interval})"
