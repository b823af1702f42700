"""What is wrong with a field of an uploaded question set, in the reader's language.

pydantic, which checks a file's shape, words its messages in English only. Those a
person meets when a field of their file is missing, unknown or of the wrong kind are
given here by the error's type, in pydantic's English and in the catalogue's Welsh; any
other type keeps pydantic's English. A ``ValueError`` of the project's own validators
gives its own (translated) message, without pydantic's "Value error, " in front.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# By pydantic's error type; %(name)s stands for the value of that name in its context.
MESSAGES = {
    "missing": _("Field required"),
    "extra_forbidden": _("Extra inputs are not permitted"),
    "string_type": _("Input should be a valid string"),
    "int_type": _("Input should be a valid integer"),
    "int_parsing": _("Input should be a valid integer"),
    "int_from_float": _("Input should be a valid integer"),
    "float_type": _("Input should be a valid number"),
    "float_parsing": _("Input should be a valid number"),
    "bool_type": _("Input should be a valid boolean"),
    "bool_parsing": _("Input should be a valid boolean"),
    "list_type": _("Input should be a valid list"),
    "dict_type": _("Input should be a valid dictionary"),
    "model_type": _("Input should be a valid dictionary"),
    "literal_error": _("Input should be one of: %(expected)s"),
    "enum": _("Input should be one of: %(expected)s"),
    "string_too_short": _("String should have at least %(min_length)s characters"),
    "string_too_long": _("String should have at most %(max_length)s characters"),
    "string_pattern_mismatch": _("String should match pattern '%(pattern)s'"),
    "greater_than_equal": _("Input should be greater than or equal to %(ge)s"),
    "less_than_equal": _("Input should be less than or equal to %(le)s"),
    "greater_than": _("Input should be greater than %(gt)s"),
    "less_than": _("Input should be less than %(lt)s"),
}


def schema_message(error: Any) -> str:
    """The message of one of pydantic's ``ValidationError.errors()``."""
    context = dict(error.get("ctx") or {})
    if error["type"] == "value_error" and "error" in context:
        return str(context["error"])
    if error["type"] == "too_short" and "min_length" in context:
        count = context["min_length"]
        return ngettext(
            "Should have at least %(count)s item", "Should have at least %(count)s items", count
        ) % {"count": count}
    if error["type"] == "too_long" and "max_length" in context:
        count = context["max_length"]
        return ngettext(
            "Should have at most %(count)s item", "Should have at most %(count)s items", count
        ) % {"count": count}
    if "expected" in context:
        # pydantic joins the choices with an English "or": a plain list reads in any language.
        context["expected"] = str(context["expected"]).replace("' or '", "', '")
    message = MESSAGES.get(error["type"])
    if message is None:
        return str(error["msg"])
    try:
        return str(message) % context
    except (KeyError, TypeError, ValueError):
        return str(error["msg"])
