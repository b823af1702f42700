"""Load the quantifier vocabularies: the tables of terms a report uses for shares.

Each table is a data file in ``vocabularies/`` citing the published table it comes
from. The files are validated like framework files (every error names the file and
the field) and a published one must match the checksum recorded in
``published.json``: a change of wording is a new version, never an edit.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casescreen.domain.quantifiers import (
    ENGLISH_NUMERALS,
    FEMININE,
    MASCULINE,
    PERCENT,
    Band,
    Noun,
    Numerals,
    Vocabulary,
    describe,
)
from casescreen.frameworks.checksums import FrameworkError, check_published, read_spec
from casescreen.frameworks.texts import ENGLISH, WELSH, requested

VOCABULARY_DIR = Path(__file__).resolve().parent / "vocabularies"
# How each language other than English counts: its numerals and counted nouns.
LANGUAGE_FILE = "languages/{language}.yaml"
WELSH_NOUNS_FILE = "vocabularies/" + LANGUAGE_FILE.format(language=WELSH)


def _fraction(text: str) -> Fraction:
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} is not a fraction such as 4/5") from None
    if not 0 <= value <= 1:
        raise ValueError(f"{text} is not between 0 and 1")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BandSpec(_Strict):
    phrase: str = Field(min_length=1)
    from_: str | None = Field(default=None, alias="from")
    above: str | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> BandSpec:
        if (self.from_ is None) == (self.above is None):
            raise ValueError("give exactly one of from (at or above) and above (strictly)")
        _fraction(self.from_ or self.above or "")
        return self

    def band(self) -> Band:
        inclusive = self.from_ is not None
        return Band(_fraction(self.from_ or self.above or ""), inclusive, self.phrase)


class VocabularySpec(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(min_length=1)
    status: Literal["draft", "published"]
    source: str = Field(min_length=1)
    all: str = Field(min_length=1)
    none: str = Field(min_length=1)
    small_group_max: int = Field(default=0, ge=0)
    all_but_max: int = Field(default=0, ge=0)
    all_but_min_share: str = "1"
    bands: list[BandSpec] = Field(min_length=1)
    failing: list[BandSpec] = Field(default_factory=list)


class NumeralsSpec(_Strict):
    words: list[str] = Field(min_length=2)
    feminine: list[str] = Field(default_factory=list)
    after_article: dict[str, str] = Field(default_factory=dict)
    before_noun: dict[str, str] = Field(default_factory=dict)
    noun_mutation: dict[str, str] = Field(default_factory=dict)
    mutations: dict[str, list[tuple[str, str]]] = Field(default_factory=dict)
    noun_max: int = Field(default=0, ge=0)
    of: str = ""
    of_mutation: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> NumeralsSpec:
        if self.feminine and len(self.feminine) != len(self.words):
            raise ValueError("feminine must give a form for every count in words")
        known = set(self.mutations)
        for mutation in [*self.noun_mutation.values(), self.of_mutation]:
            if mutation and mutation not in known:
                raise ValueError(f"unknown mutation {mutation!r} (known: {', '.join(known)})")
        return self

    def numerals(self) -> Numerals:
        return Numerals(
            words=tuple(self.words),
            feminine=tuple(self.feminine),
            after_article=self.after_article,
            before_noun=self.before_noun,
            noun_mutation=self.noun_mutation,
            mutations={name: tuple(pairs) for name, pairs in self.mutations.items()},
            noun_max=self.noun_max,
            of=self.of,
            of_mutation=self.of_mutation,
        )


class TranslationSpec(_Strict):
    """A vocabulary in another language: the words for the phrases of the vocabulary of
    the same name (whose bands and rules it keeps) and the language's numerals."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    language: Literal["cy"]
    version: str = Field(min_length=1)
    status: Literal["draft", "published"]
    source: str = Field(min_length=1)
    phrases: dict[str, str]
    small_form: str = Field(min_length=1)
    all_but_form: str = Field(min_length=1)


class NounSpec(_Strict):
    plural: str = Field(min_length=1)
    singular: str = Field(min_length=1)
    gender: Literal["m", "f"]


class LanguageSpec(_Strict):
    numerals: NumeralsSpec
    nouns: list[NounSpec] = Field(min_length=1)


def head_noun(phrase: str) -> str:
    """The noun a counted Welsh noun phrase starts with ("plant yn y ddalfa": plant); the
    composition counts it (``Vocabulary.noun``), so it must come first."""
    words = phrase.split()
    return words[0] if words else ""


@cache
def _language(language: str) -> tuple[Numerals, dict[str, Noun]]:
    path = VOCABULARY_DIR / LANGUAGE_FILE.format(language=language)
    _, _, spec = read_spec(path, LanguageSpec)
    genders = {"m": MASCULINE, "f": FEMININE}
    nouns = {n.plural: Noun(n.plural, n.singular, genders[n.gender]) for n in spec.nouns}
    return spec.numerals.numerals(), nouns


def numerals(language: str) -> Numerals:
    """How ``language`` writes counts in words (English: zero to twenty)."""
    return ENGLISH_NUMERALS if language == ENGLISH else _language(language)[0]


def count_words(n: int, gender: str = MASCULINE) -> str:
    """``n`` in words in the active language, as it reads before a noun of ``gender``
    ("two weeks", "dwy wythnos")."""
    return numerals(requested(None)).before(n, gender)


def welsh_nouns() -> dict[str, Noun]:
    """The Welsh counted nouns by plural (see ``WELSH_NOUNS_FILE``)."""
    return _language(WELSH)[1]


def _covers(bands: tuple[Band, ...]) -> bool:
    """Bands run strongest first and every share in (0, 1) finds one."""
    lowers = [band.lower for band in bands]
    last = bands[-1]
    return lowers == sorted(lowers, reverse=True) and last.lower == 0 and not last.inclusive


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and validate one vocabulary file; FrameworkError names the file and field."""
    text, _, spec = read_spec(path, VocabularySpec)
    try:
        all_but_min_share = _fraction(spec.all_but_min_share)
    except ValueError as exc:
        raise FrameworkError(f"{path.name}: field all_but_min_share: {exc}") from exc
    vocabulary = Vocabulary(
        name=spec.name,
        bands=tuple(b.band() for b in spec.bands),
        all_phrase=spec.all,
        none_phrase=spec.none,
        small_group_max=spec.small_group_max,
        all_but_max=spec.all_but_max,
        all_but_min_share=all_but_min_share,
        failing=tuple(b.band() for b in spec.failing),
        source=spec.source,
    )
    for field, bands in (("bands", vocabulary.bands), ("failing", vocabulary.failing)):
        if bands and not _covers(bands):
            raise FrameworkError(
                f"{path.name}: field {field}: bands must run strongest first and the last "
                'must be above "0", so that every share has a word'
            )
    if spec.status == "published":
        check_published(path, f"vocabulary:{spec.name}@{spec.version}", text)
    describe(1, 2, vocabulary=vocabulary)  # every vocabulary can describe a share
    return vocabulary


def load_translation(path: Path, english: Vocabulary) -> Vocabulary:
    """A vocabulary in another language: ``english``'s bands and rules with the words of
    the file at ``path``; FrameworkError names the file and the phrase missing."""
    text, _, spec = read_spec(path, TranslationSpec)
    phrases = spec.phrases
    needed = [english.all_phrase, english.none_phrase]
    needed += [band.phrase for band in (*english.bands, *english.failing)]
    missing = [phrase for phrase in needed if phrase not in phrases]
    if missing:
        raise FrameworkError(f"{path.name}: field phrases: no words for {missing[0]!r}")

    def words(bands: tuple[Band, ...]) -> tuple[Band, ...]:
        return tuple(replace(band, phrase=phrases[band.phrase]) for band in bands)

    vocabulary = replace(
        english,
        bands=words(english.bands),
        failing=words(english.failing),
        all_phrase=phrases[english.all_phrase],
        none_phrase=phrases[english.none_phrase],
        source=spec.source,
        language=spec.language,
        numerals=numerals(spec.language),
        small_form=spec.small_form,
        all_but_form=spec.all_but_form,
        nouns=_language(spec.language)[1],
    )
    if spec.status == "published":
        check_published(path, f"vocabulary:{spec.name}@{spec.version}:{spec.language}", text)
    describe(1, 2, vocabulary=vocabulary)
    return vocabulary


@cache
def vocabularies(language: str = ENGLISH) -> dict[str, Vocabulary]:
    """Every vocabulary shipped in ``language``, by name, with ``percent`` for percentage
    reports; English ones are the files ``<name>.yaml``, others ``<name>.<language>.yaml``."""
    found: dict[str, Vocabulary] = {PERCENT.name: PERCENT}
    if language != ENGLISH:
        english = vocabularies(ENGLISH)
        for path in sorted(VOCABULARY_DIR.glob(f"*.{language}.yaml")):
            name = path.name.split(".")[0]
            if name not in english:
                raise FrameworkError(f"{path.name}: field name: no vocabulary {name} to translate")
            found[name] = load_translation(path, english[name])
        return found
    for path in sorted(VOCABULARY_DIR.glob("*.yaml")):
        if path.name.count(".") > 1:
            continue  # a translation
        vocabulary = load_vocabulary(path)
        if vocabulary.name in found:
            raise FrameworkError(f"{path.name}: field name: {vocabulary.name} is defined twice")
        found[vocabulary.name] = vocabulary
    return found


def get_vocabulary(name: str, language: str = ENGLISH) -> Vocabulary:
    """The vocabulary ``name`` in ``language``; FrameworkError when it has none."""
    try:
        return vocabularies(language)[name]
    except KeyError:
        known = ", ".join(vocabularies(language))
        raise FrameworkError(
            f"unknown vocabulary {name!r} in language {language}; known vocabularies: {known}"
        ) from None
