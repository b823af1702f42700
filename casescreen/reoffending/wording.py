"""The reoffending comparison in words, in the active language.

The one place that words the verdicts of ``casescreen.domain.reoffending``: the
reoffending page, the report's summary (its data is taken in the report's language)
and the report's consistency check, which reads the same phrases back.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from casescreen.domain.reoffending import RateComparison, Verdict

VERSUS = ("versus_previous", "versus_national")


def comparison_phrases() -> dict[str, dict[Verdict, str]]:
    """Each comparison's phrase for each verdict, by the field holding the verdict. The
    England and Wales phrase is without its rate ("... average"), as a writer may say it."""
    return {
        "versus_previous": {
            "better": _("better than the previous year"),
            "worse": _("worse than the previous year"),
            "the same": _("the same as the previous year"),
        },
        "versus_national": {
            "better": _("better than the England and Wales average"),
            "worse": _("worse than the England and Wales average"),
            "the same": _("the same as the England and Wales average"),
        },
    }


def comparison_sentence(comparison: RateComparison) -> str:
    """The comparison as the sentence continues "This was ...": the previous year's
    clause (if any) joined to the England and Wales one by "but" where they point
    opposite ways, otherwise by "and"."""
    phrases = comparison_phrases()
    national = _("%(comparison)s of %(rate)s%%") % {
        "comparison": phrases["versus_national"][comparison.versus_national],
        "rate": comparison.national,
    }
    if comparison.versus_previous is None:
        return national
    parts = {
        "previous": phrases["versus_previous"][comparison.versus_previous],
        "national": national,
    }
    if comparison.contrast:
        return _("%(previous)s but %(national)s") % parts
    return _("%(previous)s and %(national)s") % parts
