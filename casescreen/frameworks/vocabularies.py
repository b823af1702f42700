"""Load the quantifier vocabularies: the tables of terms a report uses for shares.

Each table is a data file in ``vocabularies/`` citing the published table it comes
from. The files are validated like framework files (every error names the file and
the field) and a published one must match the checksum recorded in
``published.json``: a change of wording is a new version, never an edit.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casescreen.domain.quantifiers import PERCENT, Band, Vocabulary, describe
from casescreen.frameworks.checksums import FrameworkError, check_published, read_spec

VOCABULARY_DIR = Path(__file__).resolve().parent / "vocabularies"


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


@cache
def vocabularies() -> dict[str, Vocabulary]:
    """Every vocabulary shipped, by name, with ``percent`` for percentage reports."""
    found: dict[str, Vocabulary] = {PERCENT.name: PERCENT}
    for path in sorted(VOCABULARY_DIR.glob("*.yaml")):
        vocabulary = load_vocabulary(path)
        if vocabulary.name in found:
            raise FrameworkError(f"{path.name}: field name: {vocabulary.name} is defined twice")
        found[vocabulary.name] = vocabulary
    return found


def get_vocabulary(name: str) -> Vocabulary:
    try:
        return vocabularies()[name]
    except KeyError:
        known = ", ".join(vocabularies())
        raise FrameworkError(f"unknown vocabulary {name!r}; known vocabularies: {known}") from None
