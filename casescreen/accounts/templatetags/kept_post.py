"""``{% sender_field %}``: the hidden field naming who opened a form (``accounts.kept_post``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from casescreen.accounts.kept_post import SENDER_FIELD, sender_token

register = template.Library()


@register.simple_tag(takes_context=True)
def sender_field(context: dict[str, Any]) -> SafeString:
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        SENDER_FIELD,
        sender_token(context["request"].user),
    )
