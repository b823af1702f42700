"""Texts in more than one language in the data files.

A file declares its languages at the top (``languages: [en, cy]``; English alone when
absent). Any text may then be a plain string (English only) or a mapping of a form per
language, ``{en: ..., cy: ...}``, whose forms are strings or lists of strings (lists of
alternative sentences). In a file that declares Welsh every text must be such a
mapping with a Welsh form, and a missing one is named like any other error.

Which fields are texts is the schema's business: a field typed :data:`Text` (or
:data:`TextForms`) is one, and every other value (ids, rules, numbers, choice keys,
fractions) is never a mapping. The language is chosen while the file is validated:
:func:`context` gives the validation context for a language, and each text field
keeps the form in that language, or the English one in a file without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from pydantic import BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

ENGLISH = "en"
WELSH = "cy"
# The languages a file may declare, with their names in error messages.
LANGUAGES: dict[str, str] = {ENGLISH: "English", WELSH: "Welsh"}


class Language(models.TextChoices):
    """The languages documents and quotes are written in, each named in itself."""

    ENGLISH = ENGLISH, "English"
    WELSH = WELSH, "Cymraeg"


# The tag a page or document marks each language with (HTML's ``lang``, the PDF's).
_HTML_LANGS = {ENGLISH: "en-GB", WELSH: "cy"}


def html_lang(code: str) -> str:
    """The ``lang`` of a passage or document in the language ``code`` ("en" -> "en-GB")."""
    return _HTML_LANGS.get(code, code)


def _named(code: str) -> str:
    """A language's name in a message, in the message's language ("dim testun Cymraeg")."""
    names = {
        ENGLISH: pgettext("a language named in a message", "English"),
        WELSH: pgettext("a language named in a message", "Welsh"),
    }
    return names[code]


def base_language(code: str | None) -> str:
    """The language a texts' language code names ("cy-gb" -> "cy"); English when it is
    none we write in."""
    base = (code or "").lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else ENGLISH


def requested(language: str | None) -> str:
    """The language asked for, or the active Django language when None."""
    if language is None:
        try:
            language = get_language()
        except ImproperlyConfigured:  # pragma: no cover - outside a configured project
            language = None
    return base_language(language)


def declared(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """The languages a file's data declares (the schema validates the field itself)."""
    value = raw.get("languages", [ENGLISH])
    if isinstance(value, list) and all(isinstance(v, str) and v in LANGUAGES for v in value):
        return tuple(value) or (ENGLISH,)
    return (ENGLISH,)


def resolved(raw: Mapping[str, Any], language: str | None) -> str:
    """The language the file's texts are read in: the one requested when the file has
    it, else English."""
    wanted = requested(language)
    return wanted if wanted in declared(raw) else ENGLISH


def context(raw: Mapping[str, Any], language: str | None) -> dict[str, Any]:
    """The validation context that reads ``raw``'s texts in ``language``."""
    return {"languages": declared(raw), "language": resolved(raw, language)}


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value or any(_blank(v) for v in value)
    return value is None


def _pick(value: object, info: ValidationInfo) -> object:
    ctx = info.context or {}
    languages: tuple[str, ...] = ctx.get("languages", (ENGLISH,))
    language: str = ctx.get("language", ENGLISH)
    if isinstance(value, Mapping):
        unknown = sorted(str(key) for key in value if key not in LANGUAGES)
        if unknown:
            raise PydanticCustomError(
                "text_language",
                _("unknown language %(code)s (write en for English, cy for Welsh)")
                % {"code": unknown[0]},
            )
        for code in languages:
            if _blank(value.get(code)):
                raise _missing(code)
        chosen = value.get(language)
        return value.get(ENGLISH) if _blank(chosen) else chosen
    if value != "" and any(code != ENGLISH for code in languages):
        raise _missing(next(code for code in languages if code != ENGLISH))
    return value


def _missing(code: str) -> PydanticCustomError:
    # The message holds no braces: pydantic would read them as its own placeholders.
    message = _("no %(language)s text") % {"language": _named(code)}
    return PydanticCustomError("text_missing", message.replace("{", "(").replace("}", ")"))


# A text: a string, or a mapping of a string per language.
Text = Annotated[str, BeforeValidator(_pick)]
# A text that may be a list of alternative sentences, in each language.
TextForms = Annotated[str | list[str], BeforeValidator(_pick)]
