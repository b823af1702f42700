"""The reoffending comparison in words, in the active language.

The one place that words the verdicts of ``casescreen.domain.reoffending``: the
reoffending page, the report's summary (its data is taken in the report's language)
and the report's consistency check, which reads the same phrases back.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils import translation
from django.utils.formats import date_format
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


def months_in_language(text: str) -> str:
    """A cohort or publication month as the quoted figures keep it, in English as the
    Ministry of Justice's tables write it ("April 2012 – March 2013"), with its month
    names in the active language."""
    months = [date(2000, month, 1) for month in range(1, 13)]
    with translation.override("en"):
        english = [date_format(month, "F") for month in months]
    names = dict(zip(english, (date_format(month, "F") for month in months), strict=True))
    return re.sub(rf"\b({'|'.join(english)})\b", lambda found: names[found[0]], text)
