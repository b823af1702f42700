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

from collections.abc import Mapping
from dataclasses import dataclass, field
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


# The counts a report writes in words; the consistency check reads the same words back.
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty",
)  # fmt: skip

MASCULINE = "m"
FEMININE = "f"


@dataclass(frozen=True)
class Noun:
    """A counted noun of a language whose numerals agree with it: its plural (as the
    frameworks write it), its singular (what follows a numeral) and its gender."""

    plural: str
    singular: str
    gender: str = MASCULINE


@dataclass(frozen=True)
class Numerals:
    """A language's number words and what they do to the words around them, as data.

    ``words`` are the counts from zero in words (the masculine forms where gender
    matters), ``feminine`` the feminine forms (the same words when empty); beyond them a
    count is written in digits. ``after_article`` gives a numeral's form after the
    definite article ("y ddau"), ``before_noun`` its form before a noun ("pum"), and
    ``noun_mutation`` the mutation a noun takes after a numeral: keyed by the numeral's
    word and gender ("un f"), or by the word alone for either gender. ``mutations``
    are the tables of initial-letter changes, each a list of (from, to), longest first.
    After ``noun_max`` a count is followed by ``of`` and the plural, mutated by
    ``of_mutation`` ("12 o blant"); up to it, by the mutated singular ("tri phlentyn").
    """

    words: tuple[str, ...] = NUMBER_WORDS
    feminine: tuple[str, ...] = ()
    after_article: Mapping[str, str] = field(default_factory=dict)
    before_noun: Mapping[str, str] = field(default_factory=dict)
    noun_mutation: Mapping[str, str] = field(default_factory=dict)
    mutations: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    noun_max: int = 0
    of: str = ""
    of_mutation: str = ""

    def word(self, n: int, gender: str = MASCULINE, *, after_article: bool = False) -> str:
        """``n`` in words (in the gender given), digits beyond the table."""
        if n < 0:
            raise ValueError(f"count must not be negative, got {n}")
        table = self.feminine if gender == FEMININE and self.feminine else self.words
        if n >= len(table):
            return str(n)
        word = table[n]
        return self.after_article.get(word, word) if after_article else word

    def read(self, token: str) -> int:
        """The count a word (any of its forms) or digits stand for."""
        if token.isdigit():
            return int(token)
        for table in (self.words, self.feminine):
            if token in table:
                return table.index(token)
        for forms in (self.after_article, self.before_noun):
            for word, form in forms.items():
                if token == form:
                    return self.read(word)
        raise ValueError(f"{token!r} is not a number word")

    def all_words(self) -> tuple[str, ...]:
        """Every form of every number word, longest first (for reading text back)."""
        forms = {*self.words, *self.feminine, *self.after_article.values()}
        forms |= set(self.before_noun.values())
        return tuple(sorted(forms, key=lambda w: (-len(w), w)))

    def mutate(self, word: str, mutation: str) -> str:
        """``word`` with the initial-letter change ``mutation`` (unchanged if none fits)."""
        for start, replacement in self.mutations.get(mutation, ()):
            if word.startswith(start):
                return replacement + word[len(start) :]
            if word[:1].isupper() and word.lower().startswith(start):
                return (replacement + word[len(start) :]).capitalize()
        return word

    def before(self, n: int, gender: str = MASCULINE) -> str:
        """``n`` in words as it reads before a noun of ``gender`` ("pum", "dwy")."""
        word = self.word(n, gender)
        return self.before_noun.get(word, word) if n <= self.noun_max else word

    def following(self, n: int, phrase: str, noun: Noun | None) -> str:
        """The noun phrase ``phrase`` (a plural, its head noun first) as it reads after
        the numeral of ``n``: "plant yn y ddalfa" after "tri" is "phlentyn yn y ddalfa".
        Without a noun (a language whose numerals change nothing) it is unchanged."""
        if noun is None or not phrase.startswith(noun.plural):
            return phrase
        rest = phrase[len(noun.plural) :]
        if n > self.noun_max or n >= len(self.words):
            return f"{self.of} {self.mutate(noun.plural, self.of_mutation)}{rest}"
        word = self.word(n, noun.gender)
        word = self.before_noun.get(word, word)
        mutation = self.noun_mutation.get(f"{word} {noun.gender}") or self.noun_mutation.get(
            word, ""
        )
        return f"{self.mutate(noun.singular, mutation)}{rest}"

    def counted(self, n: int, phrase: str, noun: Noun | None) -> str:
        """``n`` and the noun phrase it counts: "tri phlentyn", "12 o blant"."""
        word = self.word(n) if noun is None else self.before(n, noun.gender)
        return f"{word} {self.following(n, phrase, noun)}"


ENGLISH_NUMERALS = Numerals()


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
    # The language of its words, its number words, and how it words a small group
    # ("two of the four") and the exceptions to all ("all but two").
    language: str = "en"
    numerals: Numerals = ENGLISH_NUMERALS
    small_form: str = "{met} of the {applicable}"
    all_but_form: str = "all but {exceptions}"
    # The counted nouns whose numerals agree with them, by plural (none in English).
    nouns: Mapping[str, Noun] = field(default_factory=dict)

    def noun(self, phrase: str) -> Noun | None:
        """The counted noun heading ``phrase`` ("plant yn y ddalfa": plant), if known."""
        head = phrase.split(" ", 1)[0] if phrase else ""
        return self.nouns.get(head)

    def all_but(self, exceptions: int, gender: str = MASCULINE) -> str:
        """ "all but two": the exceptions to all, counted in the gender given."""
        return self.all_but_form.format(exceptions=self.numerals.word(exceptions, gender))


F = Fraction

# Shares stated as whole percentages ("33%") rather than words: the vocabulary of
# frameworks whose reports print percentages. It has no bands and no failing words.
PERCENT = Vocabulary(name="percent", bands=(), percent=True)


def number_words(n: int) -> str:
    """A count in words ("seven") for zero to twenty, digits beyond (report style)."""
    return ENGLISH_NUMERALS.word(n)


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


def is_all_but(vocab: Vocabulary, met: int, applicable: int) -> bool:
    """Whether :func:`describe` names the exceptions to all ("all but two")."""
    not_met = applicable - met
    return 0 < not_met <= vocab.all_but_max and F(met, applicable) >= vocab.all_but_min_share


def describe(met: int, applicable: int, *, vocabulary: Vocabulary, gender: str = MASCULINE) -> str:
    """The bare lower-case quantifier for ``met`` of ``applicable`` (module rules 1-4);
    number words agree with ``gender``, the gender of what is counted, where the
    vocabulary's language makes them."""
    _check(met, applicable)
    vocab = vocabulary
    if vocab.percent:
        return f"{_percent(met, applicable)}%"
    if met == applicable:
        return vocab.all_phrase
    if met == 0:
        return vocab.none_phrase
    if applicable <= vocab.small_group_max:
        words = vocab.numerals
        return vocab.small_form.format(
            met=words.word(met, gender),
            applicable=words.word(applicable, gender, after_article=True),
        )
    if is_all_but(vocab, met, applicable):
        return vocab.all_but(applicable - met, gender)
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
    if is_all_but(vocab, met, applicable):
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
