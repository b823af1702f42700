"""Counts into words: the quantifiers an inspection report uses instead of numbers.

A report says "in all but two cases", not "94%". Each vocabulary below is a data
table; :func:`describe` applies one to a share ``met / applicable`` using exact
``Fraction`` arithmetic, so a boundary such as exactly four fifths can never be
misjudged by floating-point error.

How a band vocabulary is applied, in order:

1. ``met == applicable`` gives the ``all`` phrase; ``met == 0`` the ``none`` phrase.
2. Small groups (``applicable <= small_group_max``) are stated in number words,
   "two of the four": a share of a tiny group reads as a judgement of one child.
3. A near-complete share (``not_met <= all_but_max`` and share at least
   ``all_but_min_share``) names the exceptions: "all but two".
4. Otherwise the first band (strongest first) whose lower bound the share
   reaches gives the phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from casescreen.domain.percent import whole_percent


@dataclass(frozen=True)
class Band:
    """A share at or above ``lower`` (strictly above when not ``inclusive``) gets ``phrase``."""

    lower: Fraction
    inclusive: bool
    phrase: str

    def admits(self, share: Fraction) -> bool:
        return share >= self.lower if self.inclusive else share > self.lower


@dataclass(frozen=True)
class Vocabulary:
    """One table of quantitative terms. ``bands`` run strongest first and cover (0, 1)."""

    name: str
    bands: tuple[Band, ...]
    all_phrase: str = "all"
    none_phrase: str = "none"
    small_group_max: int = 0
    all_but_max: int = 0
    all_but_min_share: Fraction = Fraction(1)


F = Fraction

SQS = Vocabulary(
    name="sqs",
    # HMI Probation Short Quality Screening wording, reverse-engineered from the
    # Redbridge 2015 report (31/33 "all but two", 32/33 "all but one", 17/20
    # "all but three", 22/22 "every one"/"all"):
    #  - naming up to three exceptions is what the report does; it is only honest
    #    when the exceptions are few relative to the group, hence the 4/5 floor;
    #  - "almost all" from four fifths: the remaining exceptions are too many to name;
    #  - "most" from two thirds: clearly more than a bare majority;
    #  - "the majority" strictly above half, "half" exactly half;
    #  - "a minority" from one fifth, "a few" below that.
    bands=(
        Band(F(4, 5), True, "almost all"),
        Band(F(2, 3), True, "most"),
        Band(F(1, 2), False, "the majority"),
        Band(F(1, 2), True, "half"),
        Band(F(1, 5), True, "a minority"),
        Band(F(0), False, "a few"),
    ),
    small_group_max=4,
    all_but_max=3,
    all_but_min_share=F(4, 5),
)

EDUCATION_SCOTLAND = Vocabulary(
    name="education-scotland",
    # Education Scotland, "Terms we use in the inspection process" (education.gov.scot,
    # principles and frameworks; the table "Quantitative terms used in this report" in
    # its inspection reports): almost all = over 90%; most = 75% to 90%; majority =
    # 50% to 74%; less than half = 15% to 49%; few = up to 15%; plus all (100%) and none.
    # The published bands are whole percentages and leave gaps (74%..75%, 49%..50%);
    # we read each band as running up to the next band's lower bound, so 74.6% is
    # "the majority" and 49.9% "a minority" (no rounding up into a stronger word).
    # Exactly 15% is in both "up to 15%" and "15% to 49%"; we take the weaker, "a few".
    bands=(
        Band(F(90, 100), False, "almost all"),
        Band(F(75, 100), True, "most"),
        Band(F(50, 100), True, "the majority"),
        Band(F(15, 100), False, "a minority"),
        Band(F(0), False, "a few"),
    ),
)

_BAND_VOCABULARIES: dict[str, Vocabulary] = {v.name: v for v in (SQS, EDUCATION_SCOTLAND)}
PERCENT = "percent"
VOCABULARIES: tuple[str, ...] = (*_BAND_VOCABULARIES, PERCENT)

_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty",
)  # fmt: skip

# A quarter or more of cases failing a duty is an area for improvement ("in too many
# cases ... did not"); the Redbridge placed-children finding is of this kind.
TOO_MANY_FAILING = F(1, 4)


def number_words(n: int) -> str:
    """A count in words ("seven") for zero to twenty, digits beyond (report style)."""
    if n < 0:
        raise ValueError(f"count must not be negative, got {n}")
    return _WORDS[n] if n < len(_WORDS) else str(n)


def _check(met: int, applicable: int) -> None:
    if met < 0 or applicable < 0:
        raise ValueError(f"counts must not be negative, got {met} of {applicable}")
    if applicable == 0:
        raise ValueError("no applicable cases: a share of nothing cannot be described")
    if met > applicable:
        raise ValueError(f"met ({met}) exceeds applicable ({applicable})")


def _vocabulary(name: str) -> Vocabulary | None:
    if name == PERCENT:
        return None
    try:
        return _BAND_VOCABULARIES[name]
    except KeyError:
        known = ", ".join(VOCABULARIES)
        raise ValueError(f"unknown vocabulary {name!r}; known vocabularies: {known}") from None


def _percent(met: int, applicable: int) -> int:
    return whole_percent(F(met, applicable))


def _band_index(vocab: Vocabulary, share: Fraction) -> int:
    for index, band in enumerate(vocab.bands):
        if band.admits(share):
            return index
    raise AssertionError(f"vocabulary {vocab.name} has no band for {share}")  # pragma: no cover


def _is_all_but(vocab: Vocabulary, met: int, applicable: int) -> bool:
    not_met = applicable - met
    return 0 < not_met <= vocab.all_but_max and F(met, applicable) >= vocab.all_but_min_share


def describe(met: int, applicable: int, *, vocabulary: str = "sqs") -> str:
    """The bare lower-case quantifier for ``met`` of ``applicable`` (module rules 1-4).

    >>> describe(31, 33)
    'all but two'
    """
    _check(met, applicable)
    vocab = _vocabulary(vocabulary)
    if vocab is None:
        return f"{_percent(met, applicable)}%"
    if met == applicable:
        return vocab.all_phrase
    if met == 0:
        return vocab.none_phrase
    if applicable <= vocab.small_group_max:
        return f"{number_words(met)} of the {number_words(applicable)}"
    if _is_all_but(vocab, met, applicable):
        return f"all but {number_words(applicable - met)}"
    return vocab.bands[_band_index(vocab, F(met, applicable))].phrase


def strength(met: int, applicable: int, vocabulary: str = "sqs") -> int:
    """How strong a claim :func:`describe` makes; larger means a larger share claimed.

    Ranks: none 0; bands from weakest up; then "all but three", "all but two", "all
    but one"; "all" highest. A number phrase ("two of the four") takes the rank of the
    band the share would otherwise get. For "percent" the rank is the percentage.
    For a fixed ``applicable`` the rank never falls as ``met`` rises.
    """
    _check(met, applicable)
    vocab = _vocabulary(vocabulary)
    if vocab is None:
        return _percent(met, applicable)
    bands = len(vocab.bands)
    if met == 0:
        return 0
    if met == applicable:
        return bands + vocab.all_but_max + 1
    if _is_all_but(vocab, met, applicable):
        return bands + vocab.all_but_max + 1 - (applicable - met)
    return bands - _band_index(vocab, F(met, applicable))


def describe_failing(not_met: int, applicable: int) -> str | None:
    """Negative framing for areas for improvement.

    None when nothing failed; "too many" when at least a quarter of applicable cases
    failed ("in too many cases ... did not", proposed as an area requiring
    improvement); otherwise "a minority" ("in a minority of cases ... did not").
    """
    _check(not_met, applicable)
    if not_met == 0:
        return None
    return "too many" if F(not_met, applicable) >= TOO_MANY_FAILING else "a minority"


def is_area_for_improvement(not_met: int, applicable: int) -> bool:
    """True when :func:`describe_failing` says "too many" (a quarter or more failed)."""
    return describe_failing(not_met, applicable) == "too many"
