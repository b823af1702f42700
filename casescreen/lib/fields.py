"""Form fields and checks that every form of the service uses for text and numbers.

One place decides what text a person can type (no NUL or other control characters:
PostgreSQL refuses NUL in text, and none of them belongs in evidence about a child)
and what a version number can be (the range of the database column that holds it).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Line breaks and tabs are typed in a textarea; every other control character is not.
TEXTAREA_CONTROLS = frozenset("\t\n\r")
# A PositiveIntegerField holds at most this on every database the service runs on.
VERSION_MAX = 2_147_483_647


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first control character in ``value`` that a person could not have typed, shown
    as its code point (``U+0000``), or None."""
    allowed = TEXTAREA_CONTROLS if multiline else frozenset()
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            return f"U+{ord(char):04X}"
    return None


def refuse_control_characters(value: str, *, label: str, multiline: bool = False) -> None:
    """Raise ValidationError naming ``label`` when ``value`` holds a control character."""
    found = control_character(value, multiline=multiline)
    if found is not None:
        raise ValidationError(
            _("%(label)s contains a control character (%(found)s) that cannot be saved: remove it")
            % {"label": label, "found": found},
            code="control_character",
        )


class PlainTextField(forms.CharField):
    """A CharField that refuses control characters (but line breaks and tabs in a
    textarea) with a message naming the field."""

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value))
        if isinstance(self.widget, forms.Textarea):
            # A browser sends each line break of a textarea as two characters (CRLF); the
            # character count the person sees, and the length allowed, count one.
            text = text.replace("\r\n", "\n")
        return text

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            refuse_control_characters(
                value,
                label=str(self.label or _("The text")),
                multiline=isinstance(self.widget, forms.Textarea),
            )


class VersionField(forms.IntegerField):
    """The version a form was opened with: a whole number the database can hold."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", VERSION_MAX)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)
        self.error_messages = {
            **self.error_messages,
            "required": _("The form was sent without its version: nothing was saved"),
            "invalid": _("The version sent with the form is not a number: nothing was saved"),
            "min_value": _("The version sent with the form cannot be negative: nothing was saved"),
            "max_value": _("The version sent with the form is too large: nothing was saved"),
        }


def clean_version(value: str) -> int:
    """A version sent outside a Django form (a hand-parsed post), checked by VersionField."""
    return int(VersionField().clean(value))
