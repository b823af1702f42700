"""The reasons a case is not eligible and the eligible kinds, in the active language."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from django.utils import translation

from casescreen.domain.sampling import (
    NO_START,
    NOT_ELIGIBLE_KIND,
    TOO_LONG,
    TOO_RECENT,
    EligibilityRule,
    Reason,
)
from casescreen.sampling.wording import fraction_words, listed_kinds, reason_text

SQS = EligibilityRule()
BOTH = EligibilityRule(kinds=("Court disposal", "Out-of-court disposal"))
OUT_OF_COURT = EligibilityRule(kinds=("Out-of-court disposal",))


@pytest.mark.parametrize(
    ("reason", "rule", "expected"),
    [
        (
            Reason(TOO_RECENT, weeks=6, since=date(2015, 1, 20)),
            SQS,
            "supervised for less than 6 weeks before fieldwork (since 2015-01-20)",
        ),
        (
            Reason(TOO_RECENT, weeks=1, since=date(2015, 2, 27)),
            SQS,
            "supervised for less than 1 week before fieldwork (since 2015-02-27)",
        ),
        (Reason(TOO_LONG, months=3), SQS, "supervised for more than 3 months before fieldwork"),
        (Reason(TOO_LONG, months=1), SQS, "supervised for more than 1 month before fieldwork"),
        (Reason(NO_START), SQS, "no supervision start date"),
        (
            Reason(NOT_ELIGIBLE_KIND, sentence_type="out_of_court"),
            SQS,
            "not a statutory court sentence (out of court disposal)",
        ),
        (
            Reason(NOT_ELIGIBLE_KIND, sentence_type="caution"),
            SQS,
            "not a statutory court sentence (out of court disposal)",
        ),
        (
            Reason(NOT_ELIGIBLE_KIND, sentence_type="bail_support"),
            SQS,
            "not a statutory court sentence (bail support)",
        ),
        (
            Reason(NOT_ELIGIBLE_KIND, sentence_type=""),
            SQS,
            "not a statutory court sentence (no sentence type)",
        ),
        (
            Reason(NOT_ELIGIBLE_KIND, sentence_type="bail_support"),
            BOTH,
            "not a court disposal or out-of-court disposal (bail support)",
        ),
        (
            Reason(NOT_ELIGIBLE_KIND, sentence_type="bail_support"),
            OUT_OF_COURT,
            "not an out-of-court disposal (bail support)",
        ),
    ],
)
def test_reasons_in_english(reason: Reason, rule: EligibilityRule, expected: str) -> None:
    with translation.override("en-gb"):
        assert reason_text(reason, rule) == expected


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (
            Reason(TOO_RECENT, weeks=6, since=date(2015, 1, 20)),
            "dan oruchwyliaeth am lai na 6 wythnos cyn y gwaith maes (ers 2015-01-20)",
        ),
        (Reason(TOO_LONG, months=3), "dan oruchwyliaeth am fwy na 3 mis cyn y gwaith maes"),
        (Reason(NO_START), "dim dyddiad dechrau'r goruchwyliaeth"),
        (
            Reason(NOT_ELIGIBLE_KIND, sentence_type="caution"),
            "nid dedfryd statudol gan y llys (gwarediad y tu allan i'r llys)",
        ),
    ],
)
def test_reasons_in_welsh(reason: Reason, expected: str) -> None:
    with translation.override("cy"):
        # The kinds' labels come from the framework in the reader's language.
        assert reason_text(reason, EligibilityRule(kinds=("Dedfryd statudol gan y llys",))) == (
            expected
        )


@pytest.mark.parametrize(
    ("language", "labels", "expected"),
    [
        ("en-gb", ("Statutory court sentence",), "Statutory court sentence"),
        (
            "en-gb",
            ("Court disposal", "Out-of-court disposal"),
            "Court disposal and out-of-court disposal",
        ),
        (
            "cy",
            ("Gwarediad llys", "Gwarediad y tu allan i'r llys"),
            "Gwarediad llys a gwarediad y tu allan i'r llys",
        ),
        ("en-gb", (), "Eligible kinds of case"),
    ],
)
def test_the_eligible_kinds_are_listed_without_an_english_plural(
    language: str, labels: tuple[str, ...], expected: str
) -> None:
    with translation.override(language):
        assert listed_kinds(labels) == expected


def test_an_unknown_reason_code_is_named() -> None:
    with pytest.raises(ValueError, match="'odd'"):
        reason_text(Reason("odd"), SQS)


@pytest.mark.parametrize(
    ("fraction", "english", "welsh"),
    [
        (Fraction(1, 3), "a third", "traean"),
        (Fraction(1, 2), "half", "hanner"),
        (Fraction(2, 5), "two fifths", "dwy ran o bump"),
        (Fraction(3, 4), "three quarters", "tri chwarter"),
        (Fraction(1, 7), "1 in 7", "1 o bob 7"),
        (Fraction(1, 1), "all", "pob un"),
    ],
)
def test_the_sample_fraction_reads_as_a_person_says_it(
    fraction: Fraction, english: str, welsh: str
) -> None:
    with translation.override("en-gb"):
        assert fraction_words(fraction) == english
    with translation.override("cy"):
        assert fraction_words(fraction) == welsh
