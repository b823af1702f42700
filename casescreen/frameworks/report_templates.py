"""Load and validate report templates: how the inspectorate words a framework's report.

A report template belongs to one framework version (``framework: sqs@2015.1``) and
holds everything written the same way in every report of that framework (see the
template file's own header). It is validated like a framework file: the schema is
strict, every placeholder must be one its field may use, every paragraph and question
it names must exist in its framework, and every error names the file and the field.
A published template must match the checksum in ``published.json``.

A template has the style of its framework. ``quantifiers`` (the default) is a letter
whose findings are words from a vocabulary ("in all but two cases"): it needs the
letter's parts (header, context, summary, sentences, key strengths, areas for
improvement, closing). ``percentages`` is a report of rated standards whose findings
are percentages ("in 75 per cent of cases"): it needs a foreword, a ratings table,
recommendations, the case sample, its domains and the percentage sentences.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from casescreen.domain.quantifiers import Vocabulary, band_strength, strength
from casescreen.frameworks import texts
from casescreen.frameworks.checksums import FrameworkError, check_published, read_spec
from casescreen.frameworks.loader import Framework, available_frameworks
from casescreen.frameworks.texts import ENGLISH, Text, TextForms
from casescreen.frameworks.vocabularies import get_vocabulary

TEMPLATE_DIR = Path(__file__).resolve().parent / "reports"

# The placeholders each kind of text may use.
LETTER = {"local_authority", "area", "yot", "fieldwork_dates", "cases_examined"}
# A finding not stated as a share (no case, too few, a count) has no percentage.
UNSHARED_PERCENT_SENTENCE = {"met", "not_met", "applies_to"}
PERCENT_SENTENCE = UNSHARED_PERCENT_SENTENCE | {"percent"}
# What every sentence of a question's findings may use, the count and the sentences
# for no case or too few among them: none of these is a share.
COUNTED_SENTENCE = {
    "met",
    "not_met",
    "applies_to",
    "noun",
    "applicable",
    "met_count",
    # Counted nouns as a language whose numerals agree and mutate writes them (Welsh):
    # the {applicable} cases or items counted, the {met} items counted, and the noun
    # phrase as it reads after the numeral of {applicable}.
    "counted_applies_to",
    "counted_noun",
    "counted_met",
    "applies_to_after",
    "noun_after",
}
SENTENCE = COUNTED_SENTENCE | {
    "quantifier",
    # The vocabulary's phrase itself, where a sentence does not put a noun after it
    # ("{phrase} of them"); {quantifier} is its form before a noun (quantifier_forms).
    "phrase",
    "exceptions",
    "exception_count",
}
PLACEHOLDERS: dict[str, set[str]] = {
    "title": LETTER,
    "header.to": {"board_chair"},
    "opening": LETTER,
    "context.text": LETTER,
    "summary.reoffending": {"area", "rate", "comparison"},
    "summary.reoffending_footnote": {"published", "cohort"},
    "summary.judgement_prompt_previous": {"previous"},
    "summary.commentary": {"area"},
    "sentences": SENTENCE,
    "sentences.no_cases": COUNTED_SENTENCE,
    "sentences.too_small": COUNTED_SENTENCE,
    "sentences.count": COUNTED_SENTENCE,
    "sentences.count_none": COUNTED_SENTENCE,
    # Words put into the sentences as they are, never filled in themselves.
    "sentences.quantifier_forms": set(),
    "sentences.case_noun": set(),
    # {failing}: the vocabulary's failing words; {failing_quantifier}: the same before a
    # noun, as the quantifier_forms give it; {not_met}: the question's own wording.
    "areas_for_improvement.sentence": {"failing", "failing_quantifier", "not_met"},
    "areas_for_improvement.sentences": {"failing", "failing_quantifier", "not_met"},
    "closing.contact": {"lead_name", "lead_email"},
    "closing.contact_with_phone": {"lead_name", "lead_email", "lead_phone"},
    "copy_list": LETTER,
    "foreword": LETTER,
    "sample": LETTER | {"kinds"},
    "sample.kinds": {"count"},
    "percent_sentences": PERCENT_SENTENCE,
    "percent_sentences.no_cases": UNSHARED_PERCENT_SENTENCE,
    "percent_sentences.too_small": UNSHARED_PERCENT_SENTENCE,
    "percent_sentences.rating": {"standard", "rating"},
    "percent_sentences.not_rated": {"standard"},
    "percent_sentences.judged_prompt": {"standard"},
    "ratings_table": LETTER,
    "ratings_table.overall_text": LETTER | {"rating"},
    "recommendations": LETTER,
    "domains": LETTER,
}

STYLES = ("quantifiers", "percentages")
# The parts each style of template must have (the others it may leave out).
REQUIRED: dict[str, tuple[str, ...]] = {
    "quantifiers": (
        "vocabulary",
        "header",
        "context",
        "summary",
        "operational_management",
        "sentences",
        "key_strengths",
        "areas_for_improvement",
        "closing",
    ),
    "percentages": (
        "foreword",
        "ratings_table",
        "recommendations",
        "sample",
        "domains",
        "percent_sentences",
    ),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Line = Text
Forms = TextForms


class Header(_Strict):
    to: Line = Field(min_length=1)
    to_unnamed: Line = Field(min_length=1)
    from_: Line = Field(min_length=1, alias="from")
    copy_to: Line = Field(min_length=1)


class Titled(_Strict):
    title: Line = Field(min_length=1)
    text: Line = Field(min_length=1)


class Summary(_Strict):
    title: Line = Field(min_length=1)
    reoffending: Line = Field(min_length=1)
    reoffending_footnote: Line = Field(min_length=1)
    judgement_prompt: Line = Field(min_length=1)
    judgement_prompt_previous: Line = Field(min_length=1)
    commentary: Line = ""


class ParagraphText(_Strict):
    opening: Line = ""
    prompt: Line = ""


class Operational(_Strict):
    title: Line = Field(min_length=1)
    paragraph: str = Field(min_length=1)


class ScopeForms(_Strict):
    all: Forms
    each: Forms | None = None
    none: Forms
    all_but: Forms
    band: Forms
    small: Forms


class Sentences(_Strict):
    no_cases: Line = Field(min_length=1)
    too_small: Line = Field(min_length=1)
    count: Line = Field(min_length=1)
    count_none: Line = Field(min_length=1)
    all_cases: ScopeForms
    group: ScopeForms
    items: ScopeForms
    # Keyed by the English vocabulary's phrase (its bands' and failing words'), in every
    # language: the bands are the same.
    quantifier_forms: dict[str, Line] = Field(default_factory=dict)
    case_noun: dict[Literal["one", "other"], Line]


class KeyStrengths(_Strict):
    title: Line = Field(min_length=1)
    max: int = Field(ge=1)
    per_theme: int = Field(ge=1)
    max_not_met: int = Field(ge=0)
    min_applicable: int = Field(ge=1)
    sentences: dict[str, Line]


class AreasForImprovement(_Strict):
    title: Line = Field(min_length=1)
    weaker_than: str = Field(min_length=1)
    min_applicable: int = Field(ge=1)
    sentence: Line = Field(min_length=1)
    sentences: dict[str, Line] = Field(default_factory=dict)


class Closing(_Strict):
    thanks: Line = Field(min_length=1)
    contact: Line = Field(min_length=1)
    contact_with_phone: Line = Field(min_length=1)
    contact_unnamed: Line = Field(min_length=1)


class CopyListRole(_Strict):
    role: Line = Field(min_length=1)
    organisation: Line = Field(min_length=1)


class Labels(_Strict):
    """The words the letter prints around its text (headings, header labels)."""

    to: Line = Field(min_length=1)
    copy_to: Line = Field(min_length=1)
    from_: Line = Field(min_length=1, alias="from")
    publication_date: Line = Field(min_length=1)
    not_yet_published: Line = Field(min_length=1)
    quote: Line = Field(min_length=1)
    copy_list: Line = Field(min_length=1)
    recipient: Line = Field(min_length=1)
    name: Line = Field(min_length=1)
    organisation: Line = Field(min_length=1)
    notes: Line = Field(min_length=1)
    annex: Line = Field(min_length=1)


class Prompted(_Strict):
    """A part the lead inspector writes: its heading and what they are asked to write."""

    title: Line = Field(min_length=1)
    prompt: Line = Field(min_length=1)


class RatingsTable(_Strict):
    """The table of ratings: the overall rating, then each standard's, by domain."""

    title: Line = Field(min_length=1)
    caption: Line = Field(min_length=1)
    standard: Line = Field(min_length=1)
    rating: Line = Field(min_length=1)
    overall: Line = Field(min_length=1)
    overall_text: Line = Field(min_length=1)
    not_rated: Line = Field(min_length=1)


class CaseSample(_Strict):
    """The case sample described by kind: ``kinds`` words one kind's count ({count})."""

    title: Line = Field(min_length=1)
    text: Line = Field(min_length=1)
    kinds: dict[str, dict[Literal["one", "other"], Line]] = Field(min_length=1)
    conjunction: Line = Field(min_length=1)


class Domain(_Strict):
    """One domain of the report: its heading, the framework's themes it gathers, and what
    the lead is asked to write as its summary."""

    title: Line = Field(min_length=1)
    themes: list[str] = Field(min_length=1)
    summary_prompt: Line = Field(min_length=1)


class PercentSentences(_Strict):
    """How one key question's finding is stated as a percentage, and a standard's rating."""

    no_cases: Line = Field(min_length=1)
    too_small: Line = Field(min_length=1)
    # Of every case of the standard's kind examined; of a narrower group ({applies_to}).
    kind: Line = Field(min_length=1)
    group: Line = Field(min_length=1)
    rating: Line = Field(min_length=1)
    not_rated: Line = Field(min_length=1)
    judged_prompt: Line = Field(min_length=1)


class TemplateSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    # A whole number: a framework's report is written with its highest published version.
    version: str = Field(pattern=r"^[1-9][0-9]{0,5}$")
    framework: str = Field(pattern=r"^[a-z][a-z0-9-]*@.+$")
    status: Literal["draft", "published"]
    # The language tag of its English texts; see casescreen.frameworks.texts.
    lang: str = Field(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")
    languages: list[Literal["en", "cy"]] = Field(default=["en"], min_length=1)
    style: Literal["quantifiers", "percentages"] = "quantifiers"
    vocabulary: str | None = None
    title: Line = Field(min_length=1)
    # The parts of a letter (style quantifiers).
    header: Header | None = None
    opening: Line = ""
    context: Titled | None = None
    summary: Summary | None = None
    paragraphs: dict[str, ParagraphText] = Field(default_factory=dict)
    commentary_themes: Literal["numbered"] = "numbered"
    operational_management: Operational | None = None
    sentences: Sentences | None = None
    key_strengths: KeyStrengths | None = None
    areas_for_improvement: AreasForImprovement | None = None
    closing: Closing | None = None
    # The parts of a report of rated standards (style percentages).
    foreword: Prompted | None = None
    ratings_table: RatingsTable | None = None
    recommendations: Prompted | None = None
    sample: CaseSample | None = None
    domains: list[Domain] | None = None
    percent_sentences: PercentSentences | None = None
    copy_list: list[CopyListRole] = Field(default_factory=list)
    labels: Labels
    notes: list[Line]


@dataclass(frozen=True)
class LetterParts:
    """The parts a template of style ``quantifiers`` has (a letter)."""

    header: Header
    context: Titled
    summary: Summary
    operational_management: Operational
    sentences: Sentences
    key_strengths: KeyStrengths
    areas_for_improvement: AreasForImprovement
    closing: Closing


@dataclass(frozen=True)
class RatedParts:
    """The parts a template of style ``percentages`` has (a report of rated standards)."""

    foreword: Prompted
    ratings_table: RatingsTable
    recommendations: Prompted
    sample: CaseSample
    domains: list[Domain]
    percent_sentences: PercentSentences


def _missing(spec: TemplateSpec) -> str | None:
    """The first part the template's style needs that it does not have."""
    return next((name for name in REQUIRED[spec.style] if getattr(spec, name) is None), None)


@dataclass(frozen=True)
class ReportTemplate:
    """A validated template; ``spec`` holds its wording, ``words`` its quantifiers (None
    for a template that states findings as percentages)."""

    spec: TemplateSpec
    words: Vocabulary | None
    path: Path
    # The language of its texts (the file's English when it has not the one asked for).
    language: str = ENGLISH

    @property
    def lang(self) -> str:
        """The language tag of its texts ("en-GB", "cy")."""
        return self.spec.lang if self.language == ENGLISH else self.language

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.spec.languages)

    @property
    def framework(self) -> str:
        """The framework version it belongs to (``sqs@2015.1``)."""
        return self.spec.framework

    @property
    def key(self) -> str:
        return f"{self.spec.id}@{self.spec.version}"

    @property
    def percentages(self) -> bool:
        return self.spec.style == "percentages"

    @property
    def vocabulary(self) -> Vocabulary:
        if self.words is None:
            raise FrameworkError(
                f"report template {self.key} states findings as percentages: no vocabulary"
            )
        return self.words

    @property
    def letter(self) -> LetterParts:
        """The letter's parts (loading has checked a template of quantifiers has them)."""
        if self.spec.style != "quantifiers" or _missing(self.spec):
            raise FrameworkError(f"report template {self.key} is not a letter")
        return LetterParts(
            **{name: getattr(self.spec, name) for name in LetterParts.__dataclass_fields__}
        )

    @property
    def rated(self) -> RatedParts:
        """The parts of a report of rated standards (checked at loading, like ``letter``)."""
        if self.spec.style != "percentages" or _missing(self.spec):
            raise FrameworkError(f"report template {self.key} is not a report of ratings")
        return RatedParts(
            **{name: getattr(self.spec, name) for name in RatedParts.__dataclass_fields__}
        )

    @property
    def improvement_below(self) -> int:
        """The strength rank a finding must fall below to be an area for improvement."""
        # Named by the English phrase; the bands, and so the ranks, are the same in every
        # language.
        english = get_vocabulary(self.vocabulary.name)
        return band_strength(english, self.letter.areas_for_improvement.weaker_than)

    def is_key_strength(self, question_id: str, met: int, applicable: int) -> bool:
        """The template's rule for proposing a finding as a key strength (before the
        limits per theme and in all)."""
        rule = self.letter.key_strengths
        return (
            question_id in rule.sentences
            and applicable >= rule.min_applicable
            and applicable - met <= rule.max_not_met
        )

    def is_area_for_improvement(self, met: int, applicable: int, style: str) -> bool:
        """The template's rule for proposing a finding as an area requiring improvement:
        weaker than its band, among enough cases; a count of events never is."""
        rule = self.letter.areas_for_improvement
        return (
            style != "count"
            and applicable >= rule.min_applicable
            and strength(met, applicable, self.vocabulary) < self.improvement_below
        )


def _texts(node: Any, where: str = "") -> list[tuple[str, str]]:
    """Every string in ``node`` with the dotted place it sits at ("closing.contact")."""
    prefix = f"{where}." if where else ""
    if isinstance(node, str):
        return [(where, node)]
    if isinstance(node, dict):
        return [pair for key, value in node.items() for pair in _texts(value, f"{prefix}{key}")]
    if isinstance(node, list):
        return [pair for i, value in enumerate(node) for pair in _texts(value, f"{prefix}{i + 1}")]
    return []


def _allowed(where: str) -> set[str]:
    best = ""
    for prefix in PLACEHOLDERS:
        if (where == prefix or where.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    return PLACEHOLDERS.get(best, set())


def _placeholder_problem(raw: dict[str, Any]) -> tuple[str, str] | None:
    for where, text in _texts(raw):
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as exc:
            return where, f"unbalanced braces ({exc})"
        unknown = names - _allowed(where)
        if unknown:
            allowed = ", ".join(sorted(_allowed(where))) or "none"
            return where, f"unknown placeholder {{{sorted(unknown)[0]}}} (allowed here: {allowed})"
    return None


def _cross_problems(spec: TemplateSpec, framework: Framework) -> list[tuple[str, str]]:
    paragraphs = {p.id for theme in framework.themes for p in theme.paragraphs}
    questions = {q.id for q in framework.questions}
    problems = [
        (f"paragraphs.{pid}", f"unknown paragraph {pid!r} of {framework.key}")
        for pid in spec.paragraphs
        if pid not in paragraphs
    ]
    om = spec.operational_management
    if om is not None and om.paragraph not in paragraphs:
        problems.append(("operational_management.paragraph", "unknown paragraph"))
    for field, ids in (
        ("key_strengths.sentences", spec.key_strengths.sentences if spec.key_strengths else {}),
        (
            "areas_for_improvement.sentences",
            spec.areas_for_improvement.sentences if spec.areas_for_improvement else {},
        ),
    ):
        problems.extend(
            (f"{field}.{qid}", f"unknown question {qid!r} of {framework.key}")
            for qid in ids
            if qid not in questions
        )
    if spec.sample is not None:
        problems.extend(
            (f"sample.kinds.{kind}", f"unknown kind of case {kind!r} of {framework.key}")
            for kind in spec.sample.kinds
            if kind not in framework.case_kinds
        )
    if spec.domains is not None:
        themes = [theme.id for theme in framework.themes]
        placed = [tid for domain in spec.domains for tid in domain.themes]
        for i, domain in enumerate(spec.domains, start=1):
            problems.extend(
                (f"domains.{i}.themes", f"unknown theme {tid!r} of {framework.key}")
                for tid in domain.themes
                if tid not in themes
            )
        problems.extend(
            ("domains", f"theme {tid!r} is in no domain, or in more than one")
            for tid in themes
            if placed.count(tid) != 1
        )
    return problems


def _check_quantifier_forms(path: Path, spec: TemplateSpec) -> None:
    """Refuse a form for a phrase the vocabulary has not: it would never be used, and its
    finding would print the bare phrase before a noun ("the majority cases")."""
    if spec.sentences is None or spec.vocabulary is None:
        return
    english = get_vocabulary(spec.vocabulary)
    phrases = list(dict.fromkeys(band.phrase for band in (*english.bands, *english.failing)))
    for phrase in spec.sentences.quantifier_forms:
        if phrase not in phrases:
            raise FrameworkError(
                f"{path.name}: field sentences.quantifier_forms.{phrase}: {phrase!r} is not a "
                f"phrase of vocabulary {english.name} (its phrases: {', '.join(phrases)})"
            )


def load_template(
    path: Path, frameworks: dict[str, Framework] | None = None, language: str | None = ENGLISH
) -> ReportTemplate:
    """Read and validate a template file, its texts in ``language`` (None: the active
    language) when it has it, else in English; FrameworkError names the file and field."""
    text, raw, spec = read_spec(path, TemplateSpec, language)
    language = texts.resolved(raw, language)
    missing = _missing(spec)
    if missing:
        raise FrameworkError(
            f"{path.name}: field {missing}: required in a template of style {spec.style}"
        )
    problem = _placeholder_problem(raw)
    if problem:
        raise FrameworkError(f"{path.name}: field {problem[0]}: {problem[1]}")
    framework = (frameworks if frameworks is not None else available_frameworks(language)).get(
        spec.framework
    )
    if framework is None:
        raise FrameworkError(f"{path.name}: field framework: no framework {spec.framework}")
    if spec.style != framework.style:
        raise FrameworkError(
            f"{path.name}: field style: {spec.style!r} is not the style of "
            f"{framework.key} ({framework.style!r})"
        )
    if spec.vocabulary != framework.vocabulary:
        raise FrameworkError(
            f"{path.name}: field vocabulary: {spec.vocabulary!r} is not the vocabulary of "
            f"{framework.key} ({framework.vocabulary!r})"
        )
    if spec.ratings_table is not None and framework.ratings is None:
        raise FrameworkError(
            f"{path.name}: field ratings_table: {framework.key} has no rating rules"
        )
    for where, message in _cross_problems(spec, framework):
        raise FrameworkError(f"{path.name}: field {where}: {message}")
    if spec.vocabulary is None:
        template = ReportTemplate(spec, None, path, language)
    else:
        try:
            template = ReportTemplate(
                spec, get_vocabulary(spec.vocabulary, language), path, language
            )
            template.improvement_below  # noqa: B018 - the band must exist in the vocabulary
        except (FrameworkError, ValueError) as exc:
            field = "vocabulary" if isinstance(exc, FrameworkError) else "areas_for_improvement"
            raise FrameworkError(f"{path.name}: field {field}: {exc}") from exc
        _check_quantifier_forms(path, spec)
    if spec.status == "published":
        check_published(path, f"report:{template.key}", text)
    return template


def available_templates(language: str | None = None) -> dict[str, ReportTemplate]:
    """The report template of each framework shipped (its highest version), keyed by the
    framework it belongs to, its texts in ``language`` (None: the active language) where
    it has it, else in English."""
    return _shipped(texts.requested(language))[0]


def template_by_key(key: str, language: str | None = None) -> ReportTemplate | None:
    """A shipped template by its key (``sqs-letter@1``), a later version's predecessors
    included: what a document composed with it was written in."""
    return _shipped(texts.requested(language))[1].get(key)


@cache
def _shipped(language: str) -> tuple[dict[str, ReportTemplate], dict[str, ReportTemplate]]:
    """The current template of each framework, and every template by its key."""
    current: dict[str, ReportTemplate] = {}
    by_key: dict[str, ReportTemplate] = {}
    for path in sorted(TEMPLATE_DIR.glob("*.yaml")):
        template = load_template(path, language=language)
        if template.key in by_key:
            raise FrameworkError(f"{path.name}: field version: {template.key} is shipped twice")
        by_key[template.key] = template
        held = current.get(template.framework)
        if held is not None and held.spec.id != template.spec.id:
            raise FrameworkError(
                f"{path.name}: field framework: {template.framework} already has a "
                f"template ({held.spec.id})"
            )
        if held is None or int(template.spec.version) > int(held.spec.version):
            current[template.framework] = template
    return current, by_key


def template_for(framework_key: str, language: str | None = None) -> ReportTemplate:
    """The report template of a framework version, its texts in ``language`` (None: the
    active language) where it has it, else in English."""
    try:
        return available_templates(language)[framework_key]
    except KeyError:
        raise FrameworkError(f"no report template for {framework_key}") from None
