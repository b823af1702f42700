"""Eligibility in words, in the active language.

The one place that words the reasons ``casescreen.domain.sampling`` gives for leaving a
case out of the eligible population, and the list of the eligible kinds of case that the
sample page names.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from casescreen.cases.models import SentenceType
from casescreen.domain import sampling as domain
from casescreen.lib.text import joined, lower_first

# The sample fractions a person names with a word ("a third"); any other is said in
# figures ("3 in 7").
_NAMED_FRACTIONS = {
    Fraction(1): pgettext_lazy("sample fraction", "all"),
    Fraction(1, 2): pgettext_lazy("sample fraction", "half"),
    Fraction(1, 3): pgettext_lazy("sample fraction", "a third"),
    Fraction(2, 3): pgettext_lazy("sample fraction", "two thirds"),
    Fraction(1, 4): pgettext_lazy("sample fraction", "a quarter"),
    Fraction(3, 4): pgettext_lazy("sample fraction", "three quarters"),
    Fraction(1, 5): pgettext_lazy("sample fraction", "a fifth"),
    Fraction(2, 5): pgettext_lazy("sample fraction", "two fifths"),
    Fraction(1, 10): pgettext_lazy("sample fraction", "a tenth"),
}


def fraction_words(fraction: Fraction) -> str:
    """The sample fraction as the sample page says it: "a third", "3 in 7"."""
    named = _NAMED_FRACTIONS.get(fraction)
    if named is not None:
        return str(named)
    return _("%(number)s in %(part)s") % {
        "number": fraction.numerator,
        "part": fraction.denominator,
    }


def and_list(names: Sequence[str]) -> str:
    """Names listed as a sentence lists them: "gender, ethnicity and looked after"."""
    return joined(names, pgettext("between the last two items of a list", "and"))


def listed_kinds(labels: Sequence[str]) -> str:
    """The eligible kinds of case as the sample page names them: "Court disposal and
    out-of-court disposal"."""
    text = and_list([lower_first(label) for label in labels])
    return capfirst(text) if text else _("Eligible kinds of case")


def _kinds_phrase(labels: Sequence[str]) -> str:
    """The eligible kinds as a reason says them: "a statutory court sentence"."""
    if not labels:
        return _("an eligible kind of case")
    words = lower_first(labels[0])
    for label in labels[1:]:
        words = _("%(kinds)s or %(kind)s") % {"kinds": words, "kind": lower_first(label)}
    if words[:1] in "aeiou":
        return _("an %(kinds)s") % {"kinds": words}
    return _("a %(kinds)s") % {"kinds": words}


def _sentence_words(sentence_type: str) -> str:
    """The case's own sentence type, as a reason names it: "out of court disposal"."""
    if sentence_type in domain.OUT_OF_COURT_DISPOSALS:
        return _("out of court disposal")
    if not sentence_type:
        return _("no sentence type")
    labels = dict(SentenceType.choices)
    if sentence_type in labels:
        return lower_first(str(labels[sentence_type]))
    return sentence_type.replace("_", " ")


def reason_text(reason: domain.Reason, rule: domain.EligibilityRule) -> str:
    """A reason a case is not eligible under ``rule``, in words: "supervised for more
    than 3 months before fieldwork"."""
    if reason.code == domain.NOT_ELIGIBLE_KIND:
        return _("not %(kinds)s (%(kind)s)") % {
            "kinds": _kinds_phrase(rule.kinds),
            "kind": _sentence_words(reason.sentence_type),
        }
    if reason.code == domain.NO_START:
        return _("no supervision start date")
    if reason.code == domain.TOO_RECENT:
        return ngettext(
            "supervised for less than %(weeks)d week before fieldwork (since %(since)s)",
            "supervised for less than %(weeks)d weeks before fieldwork (since %(since)s)",
            reason.weeks,
        ) % {"weeks": reason.weeks, "since": reason.since.isoformat() if reason.since else ""}
    if reason.code == domain.TOO_LONG:
        return ngettext(
            "supervised for more than %(months)d month before fieldwork",
            "supervised for more than %(months)d months before fieldwork",
            reason.months,
        ) % {"months": reason.months}
    raise ValueError(f"unknown reason code {reason.code!r}")
