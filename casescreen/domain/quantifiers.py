"""Counts into words: the quantifiers an inspection report uses instead of numbers.

A report says "in all but two cases", not "94%". A vocabulary is a table of terms
published by an inspectorate; the tables themselves are data, kept with the
frameworks (``casescreen/frameworks/vocabularies``), each citing its source. This
module applies one to a share ``met / applicable`` using exact ``Fraction``
arithmetic, so a boundary such as exactly four fifths can never be misjudged by
floating-point error.

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
    """One table of quantitative terms. ``bands`` run strongest first and cover (0, 1).

    ``failing`` words the share *not* met ("in too many cases ... did not"), strongest
    first; a vocabulary without them has no negative framing. ``percent`` states
    shares as whole percentages instead of words.
    """

    name: str
    bands: tuple[Band, ...]
    all_phrase: str = "all"
    none_phrase: str = "none"
    small_group_max: int = 0
    all_but_max: int = 0
    all_but_min_share: Fraction = Fraction(1)
    failing: tuple[Band, ...] = ()
    percent: bool = False
    source: str = ""


F = Fraction

# Shares stated as whole percentages ("33%") rather than words: the vocabulary of
# frameworks whose reports print percentages. It has no bands and no failing words.
PERCENT = Vocabulary(name="percent", bands=(), percent=True)

# The counts a report writes in words; the consistency check reads the same words back.
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty",
)  # fmt: skip


def number_words(n: int) -> str:
    """A count in words ("seven") for zero to twenty, digits beyond (report style)."""
    if n < 0:
        raise ValueError(f"count must not be negative, got {n}")
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def _check(met: int, applicable: int) -> None:
    if met < 0 or applicable < 0:
        raise ValueError(f"counts must not be negative, got {met} of {applicable}")
    if applicable == 0:
        raise ValueError("no applicable cases: a share of nothing cannot be described")
    if met > applicable:
        raise ValueError(f"met ({met}) exceeds applicable ({applicable})")


def _percent(met: int, applicable: int) -> int:
    return whole_percent(F(met, applicable))


def _band_index(bands: tuple[Band, ...], share: Fraction, name: str) -> int:
    for index, band in enumerate(bands):
        if band.admits(share):
            return index
    raise AssertionError(f"vocabulary {name} has no band for {share}")  # pragma: no cover


def _is_all_but(vocab: Vocabulary, met: int, applicable: int) -> bool:
    not_met = applicable - met
    return 0 < not_met <= vocab.all_but_max and F(met, applicable) >= vocab.all_but_min_share


def describe(met: int, applicable: int, *, vocabulary: Vocabulary) -> str:
    """The bare lower-case quantifier for ``met`` of ``applicable`` (module rules 1-4)."""
    _check(met, applicable)
    vocab = vocabulary
    if vocab.percent:
        return f"{_percent(met, applicable)}%"
    if met == applicable:
        return vocab.all_phrase
    if met == 0:
        return vocab.none_phrase
    if applicable <= vocab.small_group_max:
        return f"{number_words(met)} of the {number_words(applicable)}"
    if _is_all_but(vocab, met, applicable):
        return f"all but {number_words(applicable - met)}"
    return vocab.bands[_band_index(vocab.bands, F(met, applicable), vocab.name)].phrase


def strength(met: int, applicable: int, vocabulary: Vocabulary) -> int:
    """How strong a claim :func:`describe` makes; larger means a larger share claimed.

    Ranks: none 0; bands from weakest up; then "all but three", "all but two", "all
    but one"; "all" highest. A number phrase ("two of the four") takes the rank of the
    band the share would otherwise get. For percentages the rank is the percentage.
    For a fixed ``applicable`` the rank never falls as ``met`` rises.
    """
    _check(met, applicable)
    vocab = vocabulary
    if vocab.percent:
        return _percent(met, applicable)
    bands = len(vocab.bands)
    if met == 0:
        return 0
    if met == applicable:
        return bands + vocab.all_but_max + 1
    if _is_all_but(vocab, met, applicable):
        return bands + vocab.all_but_max + 1 - (applicable - met)
    return bands - _band_index(vocab.bands, F(met, applicable), vocab.name)


def band_strength(vocabulary: Vocabulary, phrase: str) -> int:
    """The rank :func:`strength` gives a share in the band named ``phrase``."""
    for index, band in enumerate(vocabulary.bands):
        if band.phrase == phrase:
            return len(vocabulary.bands) - index
    known = ", ".join(band.phrase for band in vocabulary.bands)
    raise ValueError(f"vocabulary {vocabulary.name} has no band {phrase!r} (bands: {known})")


def describe_failing(not_met: int, applicable: int, vocabulary: Vocabulary) -> str | None:
    """The words for the share not met ("too many"), or None when nothing failed or the
    vocabulary has no failing words."""
    _check(not_met, applicable)
    if not_met == 0 or not vocabulary.failing:
        return None
    share = F(not_met, applicable)
    return vocabulary.failing[_band_index(vocabulary.failing, share, vocabulary.name)].phrase
