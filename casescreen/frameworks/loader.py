"""Load and validate framework files.

A framework file describes the themes, report paragraphs, case facts and
questions of one version of a case assessment. Validation is strict and every
error names the file, the question (or other element) and the field, so a
mistake in the methodology cannot reach an inspection unnoticed.

Applicability rules are structured data, evaluated by :func:`Rule.evaluate`;
nothing in a framework file is ever executed.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cache, reduce
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from casescreen.domain.ratings import RatingRules
from casescreen.domain.sampling import BALANCED_DIMENSIONS
from casescreen.frameworks import texts
from casescreen.frameworks.checksums import (
    YAML_LOADER,
    FrameworkError,
    check_published,
    checksum,
)
from casescreen.frameworks.ratings import RatingsSpec, build_rating_rules, rating_problems
from casescreen.frameworks.schema_messages import schema_message
from casescreen.frameworks.texts import ENGLISH, WELSH, Text
from casescreen.frameworks.vocabularies import (
    WELSH_NOUNS_FILE,
    head_noun,
    vocabularies,
    welsh_nouns,
)

FRAMEWORK_DIR = Path(__file__).resolve().parent

# The case fact whose values make the kinds of case (court disposal, out-of-court...).
KIND_FACT = "sentence_type"

# What a question counts when its file does not say, in each language.
CASES = {ENGLISH: "cases", WELSH: "achosion"}

# The answers a question's scale offers: the stored value, and its label in the
# language of the page (the labels are the service's words, not the framework's).
AnswerScale = tuple[tuple[str, "str | Promise"], ...]
ANSWER_SCALES: dict[str, AnswerScale] = {
    "yes_no": (("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))),
}


# The lengths of the database columns an id or version is stored in: Inspection and
# Assessment.framework_id and framework_version, Answer.question_id,
# PracticeExample.paragraph. Themes are stored nowhere but named in URLs.
FRAMEWORK_ID_MAX = 40
VERSION_MAX = 20
THEME_ID_MAX = 40
PARAGRAPH_ID_MAX = 10
QUESTION_ID_MAX = 60

# What a version or a theme or paragraph id may be made of: it goes into URLs, so
# nothing that a path would split ("/") or resolve ("..").
_URL_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _url_safe(value: str) -> str:
    if not _URL_SAFE.fullmatch(value):
        raise ValueError(
            _(
                "use only letters, digits, dots, hyphens and underscores, "
                "starting with a letter or digit"
            )
        )
    return value


# Strings safe in a URL that fit their database columns.
VersionStr = Annotated[str, Field(min_length=1, max_length=VERSION_MAX), AfterValidator(_url_safe)]
ThemeId = Annotated[str, Field(min_length=1, max_length=THEME_ID_MAX), AfterValidator(_url_safe)]
ParagraphId = Annotated[
    str, Field(min_length=1, max_length=PARAGRAPH_ID_MAX), AfterValidator(_url_safe)
]

# What a text may not contain: the control characters other than tab, line feed and
# carriage return, which a spreadsheet cannot hold (a line break pasted from a word
# processor is often one), so that every accepted set can be downloaded as a workbook.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactSpec(_Strict):
    label: Text = Field(min_length=1)
    type: Literal["boolean", "choice"]
    choices: dict[str, Text] | None = None


# Applicability rules. Every use of a rule (evaluating it, validating it, knowing which
# facts it reads, turning it into a database condition for the programme's aggregates)
# is a method of the rule, so a new kind of rule is written in one place.


class _Always:
    """``applies: always``, written as the bare word in a framework file."""

    def evaluate(self, facts: Mapping[str, object]) -> bool:
        return True

    def facts_read(self) -> frozenset[str]:
        return frozenset()

    def problems(self, facts: Mapping[str, FactSpec]) -> list[str]:
        return []

    def to_q(self, prefix: str = "") -> Q:
        # A condition that is always true and still negates correctly (Q() does not).
        return Q(**{f"{prefix}pk__isnull": False})


ALWAYS = _Always()


def _node(spec: Any) -> Any:
    return ALWAYS if spec == "always" else spec


class FactRule(_Strict):
    fact: str
    equals: str | bool | None = None
    in_: list[str] | None = Field(default=None, alias="in")

    def evaluate(self, facts: Mapping[str, object]) -> bool:
        value = facts.get(self.fact)
        if self.in_ is not None:
            return value in self.in_
        if self.equals is not None:
            return bool(value == self.equals)
        return value is True

    def facts_read(self) -> frozenset[str]:
        return frozenset({self.fact})

    def problems(self, facts: Mapping[str, FactSpec]) -> list[str]:
        fact = facts.get(self.fact)
        if fact is None:
            return [
                _("unknown fact %(fact)r (known facts: %(known)s)")
                % {"fact": self.fact, "known": ", ".join(sorted(facts))}
            ]
        values = list(self.in_ or []) + ([self.equals] if self.equals is not None else [])
        if fact.type == "boolean" and values:
            return [
                _("fact %(fact)r is yes/no: write {fact: %(name)s} or wrap it in not")
                % {"fact": self.fact, "name": self.fact}
            ]
        allowed = set(fact.choices or {})
        return [
            _("%(value)r is not a choice of fact %(fact)r (choices: %(choices)s)")
            % {"value": value, "fact": self.fact, "choices": ", ".join(sorted(allowed))}
            for value in values
            if value not in allowed
        ]

    def to_q(self, prefix: str = "") -> Q:
        column = f"{prefix}{self.fact}"
        if self.in_ is not None:
            return Q(**{f"{column}__in": list(self.in_)})
        if self.equals is not None:
            return Q(**{column: self.equals})
        return Q(**{column: True})


class _Compound(_Strict):
    """A rule made of other rules."""

    def parts(self) -> list[Any]:
        raise NotImplementedError

    def facts_read(self) -> frozenset[str]:
        return frozenset().union(*(_node(p).facts_read() for p in self.parts()))

    def problems(self, facts: Mapping[str, FactSpec]) -> list[str]:
        return [problem for p in self.parts() for problem in _node(p).problems(facts)]


class AllRule(_Compound):
    all: list[RuleSpec] = Field(min_length=1)

    def parts(self) -> list[Any]:
        return list(self.all)

    def evaluate(self, facts: Mapping[str, object]) -> bool:
        return all(_node(p).evaluate(facts) for p in self.all)

    def to_q(self, prefix: str = "") -> Q:
        return reduce(operator.and_, (_node(p).to_q(prefix) for p in self.all))


class AnyRule(_Compound):
    any: list[RuleSpec] = Field(min_length=1)

    def parts(self) -> list[Any]:
        return list(self.any)

    def evaluate(self, facts: Mapping[str, object]) -> bool:
        return any(_node(p).evaluate(facts) for p in self.any)

    def to_q(self, prefix: str = "") -> Q:
        return reduce(operator.or_, (_node(p).to_q(prefix) for p in self.any))


class NotRule(_Compound):
    not_: RuleSpec = Field(alias="not")

    def parts(self) -> list[Any]:
        return [self.not_]

    def evaluate(self, facts: Mapping[str, object]) -> bool:
        return not _node(self.not_).evaluate(facts)

    def to_q(self, prefix: str = "") -> Q:
        return ~_node(self.not_).to_q(prefix)


RuleSpec = Union[Literal["always"], FactRule, AllRule, AnyRule, NotRule]  # noqa: UP007
AllRule.model_rebuild()
AnyRule.model_rebuild()
NotRule.model_rebuild()


class ReportWording(_Strict):
    met: Text = Field(min_length=1)
    not_met: Text = Field(min_length=1)
    # What a count-style question counts; cases (in the file's language) when absent.
    count_noun: Text | None = None


class QuestionSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=QUESTION_ID_MAX)
    paragraph: str
    key_question: str | None = None
    text: Text = Field(min_length=1)
    guidance: Text = Field(min_length=1)
    scale: Literal["yes_no"] = "yes_no"
    applies: RuleSpec
    applies_to: Text = Field(min_length=1)
    evidence_required_on: list[str] = Field(default_factory=list)
    style: Literal["quantified", "count"] = "quantified"
    report: ReportWording


class ParagraphSpec(_Strict):
    id: ParagraphId
    title: Text = Field(min_length=1)
    narrative: bool = False
    # What inspectors weigh when they judge an organisational standard.
    guidance: Text | None = None


class ThemeSpec(_Strict):
    id: ThemeId
    title: Text = Field(min_length=1)
    # The kind of case its questions apply to (every kind when absent).
    kind: str | None = None
    # Rated by the inspectors' judgement on evidence, not from case answers.
    judged: bool = False
    paragraphs: list[ParagraphSpec] = Field(min_length=1)


class CaseKindSpec(_Strict):
    label: Text = Field(min_length=1)
    sentence_types: list[str] = Field(min_length=1)


FRACTION = r"^[1-9][0-9]*/[1-9][0-9]*$"


class SizeSpec(_Strict):
    floor: int = Field(ge=0)
    ceiling: int = Field(ge=0)
    fraction: str = Field(pattern=FRACTION)
    take_all_below: int = Field(ge=0)


class SamplingSpec(_Strict):
    kinds: list[str] = Field(min_length=1)
    min_weeks: int = Field(ge=0)
    max_months: int = Field(ge=0)
    size: SizeSpec
    manager_share: str = Field(pattern=FRACTION)
    strata: list[str]


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday"]
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday")


class ScheduleSpec(_Strict):
    announce_weeks_before: int = Field(ge=0)
    announce_weekday: Weekday
    fieldwork_days: int = Field(ge=1)


class AnnouncementSpec(_Strict):
    """The framework's own sentences of the announcement letter."""

    heading: Text = Field(min_length=1)
    purpose: Text = Field(min_length=1)
    sample: Text = Field(min_length=1)
    case_list: Text = Field(min_length=1)


class FrameworkSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=FRAMEWORK_ID_MAX)
    version: VersionStr
    # The languages its texts are written in (see casescreen.frameworks.texts).
    languages: list[Literal["en", "cy"]] = Field(default=["en"], min_length=1)
    title: Text = Field(min_length=1)
    # What the inspection is called in a sentence: "the draft report of the <name> of ...".
    name: Text = Field(min_length=1)
    announcement: AnnouncementSpec
    status: Literal["draft", "published"]
    style: Literal["quantifiers", "percentages"]
    vocabulary: str | None = None
    case_kinds: dict[str, CaseKindSpec] = Field(min_length=1)
    sampling: SamplingSpec
    schedule: ScheduleSpec
    facts: dict[str, FactSpec]
    key_questions: dict[str, Text] = Field(default_factory=dict)
    ratings: RatingsSpec | None = None
    themes: list[ThemeSpec] = Field(min_length=1)
    questions: list[QuestionSpec] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_text(cls, value: object) -> object:
        if isinstance(value, int | float):
            raise ValueError(_('write the version in quotes, e.g. "2015.1"'))
        return value


@dataclass(frozen=True)
class Rule:
    """A validated applicability rule over case facts."""

    spec: Any

    def evaluate(self, facts: Mapping[str, object]) -> bool:
        return bool(_node(self.spec).evaluate(facts))

    def facts_read(self) -> frozenset[str]:
        """The facts the rule reads: its decision depends on their values only."""
        return frozenset(_node(self.spec).facts_read())

    def to_q(self, prefix: str = "") -> Q:
        """The condition on ``<prefix><fact>`` columns under which the rule holds, so that
        aggregates in the database respect it (the programme's figures)."""
        q: Q = _node(self.spec).to_q(prefix)
        return q

    @property
    def always(self) -> bool:
        return self.spec == "always"


@dataclass(frozen=True)
class Question:
    id: str
    paragraph: str
    theme: str
    key_question: str | None
    text: str
    guidance: str
    scale: AnswerScale
    rule: Rule
    applies_to: str
    evidence_required_on: frozenset[str]
    style: str
    met_wording: str
    not_met_wording: str
    count_noun: str

    def applies(self, facts: Mapping[str, object]) -> bool:
        return self.rule.evaluate(facts)

    def evidence_required(self, value: str) -> bool:
        return value in self.evidence_required_on

    @property
    def values(self) -> frozenset[str]:
        return frozenset(value for value, _ in self.scale)


@dataclass(frozen=True)
class Paragraph:
    id: str
    title: str
    theme: str
    narrative: bool
    guidance: str | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    kind: str | None = None
    judged: bool = False


@dataclass(frozen=True)
class CaseKind:
    id: str
    label: str
    sentence_types: frozenset[str]


@dataclass(frozen=True)
class SamplingPlan:
    """How the framework draws its sample: the defaults of an inspection's settings."""

    kinds: tuple[str, ...]
    sentence_types: frozenset[str]
    min_weeks: int
    max_months: int
    size_floor: int
    size_ceiling: int
    fraction: Fraction
    take_all_below: int
    manager_share: Fraction
    strata: tuple[str, ...]


@dataclass(frozen=True)
class Schedule:
    """When the service is told and how long fieldwork lasts."""

    announce_weeks_before: int
    announce_weekday: int  # Monday is 0
    fieldwork_days: int


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    title: str
    name: str
    announcement: AnnouncementSpec
    status: str
    style: str
    vocabulary: str | None
    case_kinds: Mapping[str, CaseKind]
    sampling: SamplingPlan
    schedule: Schedule
    facts: Mapping[str, FactSpec]
    key_questions: Mapping[str, str]
    ratings: RatingRules | None
    themes: tuple[Theme, ...]
    questions: tuple[Question, ...]
    checksum: str
    path: Path
    # The languages the file is written in, and the one these texts are in.
    languages: tuple[str, ...] = (ENGLISH,)
    language: str = ENGLISH

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def label(self) -> str:
        """How a page names the framework: its title and version, in the active language."""
        return _("%(title)s, version %(version)s") % {"title": self.title, "version": self.version}

    @property
    def percentages(self) -> bool:
        """Findings are stated as percentages rather than in a vocabulary's words."""
        return self.style == "percentages"

    def kind_of(self, sentence_type: str) -> CaseKind | None:
        """The kind of case a sentence type makes, or None when the framework has none."""
        for kind in self.case_kinds.values():
            if sentence_type in kind.sentence_types:
                return kind
        return None

    def asked_themes(self) -> tuple[Theme, ...]:
        """The themes asked of cases, of one kind or of every kind: those with questions."""
        asked = {q.theme for q in self.questions}
        return tuple(t for t in self.themes if t.id in asked)

    def case_themes(self, sentence_type: str) -> tuple[Theme, ...]:
        """The themes an assessment of a case with this sentence type goes through: those
        asked of its kind of case or of every kind."""
        kind = self.kind_of(sentence_type)
        return tuple(
            t
            for t in self.asked_themes()
            if t.kind is None or (kind is not None and t.kind == kind.id)
        )

    @property
    def judged_paragraphs(self) -> tuple[Paragraph, ...]:
        """The standards rated by the inspectors' judgement rather than from case answers."""
        return tuple(p for t in self.themes if t.judged for p in t.paragraphs)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def questions_for_theme(self, theme_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.theme == theme_id)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        for theme in self.themes:
            for paragraph in theme.paragraphs:
                if paragraph.id == paragraph_id:
                    return paragraph
        raise KeyError(paragraph_id)

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def applicable_questions(self, facts: Mapping[str, object]) -> frozenset[str]:
        return frozenset(q.id for q in self.questions if q.applies(facts))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework: where (element and field, by ids) and what.

    ``loc`` is the path to the field in the framework's data (``("questions", 3,
    "text")``), so that a workbook can name the sheet, row and column it came from.
    """

    where: str
    message: str
    loc: tuple[int | str, ...] = ()

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def _element(kind: str, ident: object) -> str:
    """An element of a question set by its id, in the active language."""
    words = {
        "question": _("question %(id)s"),
        "theme": _("theme %(id)s"),
        "paragraph": _("paragraph %(id)s"),
        "fact": _("fact %(id)s"),
        "case kind": _("case kind %(id)s"),
    }
    return words[kind] % {"id": ident}


def _field(name: str) -> str:
    return _("field %(name)s") % {"name": name}


def where(element: str = "", ident: object = "", field: str = "") -> str:
    """Where in a question set a problem is, in the active language: an element
    (``question``, ``theme``, ``paragraph``, ``fact``, ``case kind``) by its id, one of
    its fields, or both; the top level when neither."""
    parts = [_element(element, ident)] if element else []
    if field:
        parts.append(_field(field))
    return ", ".join(parts) or _("top level")


# The lists whose items, and the top-level mappings whose entries, are elements a
# problem is named by (by id, as the author wrote it, never by position).
_LISTED_ELEMENTS = {"questions": "question", "themes": "theme", "paragraphs": "paragraph"}
_KEYED_ELEMENTS = {"facts": "fact", "case_kinds": "case kind"}


def _location(raw: Mapping[str, Any], loc: tuple[int | str, ...]) -> str:
    """Name the element and field a pydantic error points at, using ids, not indexes."""
    parts: list[str] = []
    node: Any = raw
    index = 0
    while index < len(loc):
        key = loc[index]
        following = loc[index + 1] if index + 1 < len(loc) else None
        if key in _LISTED_ELEMENTS and isinstance(following, int):
            try:
                item = node[key][following]
            except (KeyError, IndexError, TypeError):
                item = None
            ident = item.get("id") if isinstance(item, Mapping) else None
            if not isinstance(ident, str | int) or isinstance(ident, bool):
                ident = f"#{following + 1}"
            parts.append(_element(_LISTED_ELEMENTS[str(key)], ident))
            node = item
            index += 2
            continue
        if index == 0 and key in _KEYED_ELEMENTS and isinstance(following, str):
            parts.append(_element(_KEYED_ELEMENTS[str(key)], following))
            try:
                node = node[key][following]
            except (KeyError, TypeError):
                node = None
            index += 2
            continue
        if key in {"FactRule", "AllRule", "AnyRule", "NotRule", "literal['always']"}:
            index += 1
            continue
        parts.append(
            _field(key) if isinstance(key, str) else _("item %(number)s") % {"number": key + 1}
        )
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        index += 1
    return ", ".join(parts) or _("top level")


def yaml_data(text: str | bytes) -> Any:
    """Uploaded YAML as data; ValueError saying why when it cannot be read. A file nested
    past the reader's limit is refused here in words rather than failing the request."""
    try:
        return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - the safe loader
    except yaml.YAMLError as exc:
        if getattr(exc, "problem", None) == "exceeded maximum nesting depth":
            raise ValueError(_("is nested too deeply to read")) from None
        raise ValueError(_("is not valid YAML (%(error)s)") % {"error": exc}) from None
    except RecursionError:
        raise ValueError(_("is nested too deeply to read")) from None


def parse_text(text: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The YAML of a framework as data, or the problem that stops it being read."""
    try:
        raw = yaml_data(text)
    except ValueError as exc:
        return None, [Problem("", str(exc))]
    if not isinstance(raw, dict):
        return None, [Problem(where(), _("expected a mapping of framework fields"))]
    return raw, []


def _validate(
    raw: Mapping[str, Any], language: str | None
) -> tuple[FrameworkSpec | None, list[Problem]]:
    try:
        return FrameworkSpec.model_validate(raw, context=texts.context(raw, language)), []
    except ValidationError as exc:
        return None, [
            Problem(_location(raw, tuple(e["loc"])), schema_message(e), tuple(e["loc"]))
            for e in exc.errors()
        ]


def check_framework(
    raw: Mapping[str, Any],
    *,
    text: bytes = b"",
    name: str = "framework",
    language: str | None = ENGLISH,
) -> tuple[Framework | None, list[Problem]]:
    """Validate a framework's data; the framework when it is sound, and every problem found.

    The schema's errors come first, all of them (a text missing in a language the file
    declares is one); the checks across elements (a question's paragraph exists, a rule
    reads known facts...) need a well-formed framework, so they run, and each reports,
    once the schema is satisfied. The framework's texts are in ``language`` (None: the
    active language) when the file has it, else in English.
    """
    spec, problems = _validate(raw, language)
    problems.extend(_control_problems(raw))
    if spec is None:
        return None, problems
    if WELSH in spec.languages:
        welsh = spec if texts.resolved(raw, language) == WELSH else _validate(raw, WELSH)[0]
        if welsh is not None:
            problems.extend(_welsh_noun_problems(welsh))
    framework = _build(spec, problems, text=text, name=name, language=texts.resolved(raw, language))
    return (None if problems else framework), problems


def _control_problems(raw: Mapping[str, Any]) -> list[Problem]:
    """Every text (or key) of the data holding a control character a workbook cannot hold."""
    problems: list[Problem] = []

    def visit(node: Any, loc: tuple[int | str, ...]) -> None:
        if isinstance(node, str):
            found = _CONTROL.search(node)
            if found:
                problems.append(
                    Problem(
                        _location(raw, loc),
                        _(
                            "contains a control character (%(code)s), perhaps from text "
                            "pasted from another program: remove it"
                        )
                        % {"code": f"U+{ord(found.group()):04X}"},
                        loc,
                    )
                )
        elif isinstance(node, Mapping):
            for key, value in node.items():
                visit(key, loc)
                visit(value, (*loc, key) if isinstance(key, int | str) else loc)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                visit(value, (*loc, index))

    visit(raw, ())
    return problems


def _welsh_noun_problems(spec: FrameworkSpec) -> list[Problem]:
    """A Welsh noun a report counts must be in the table of Welsh nouns, which gives the
    singular and gender that numerals and mutations need."""
    nouns = welsh_nouns()
    problems = []
    for index, q in enumerate(spec.questions):
        for field, value, loc in (
            ("applies_to", q.applies_to, ("questions", index, "applies_to")),
            (
                "report.count_noun",
                q.report.count_noun,
                ("questions", index, "report", "count_noun"),
            ),
        ):
            head = head_noun(value or "")
            if value and head not in nouns:
                problems.append(
                    Problem(
                        where("question", q.id, field),
                        _(
                            "the Welsh noun %(noun)r is not in the table of Welsh nouns "
                            "(%(file)s): add its singular and gender there"
                        )
                        % {"noun": head, "file": WELSH_NOUNS_FILE},
                        loc,
                    )
                )
    return problems


def load_framework_text(text: bytes, name: str, language: str | None = ENGLISH) -> Framework:
    """Read, validate and build a framework from a file's bytes, its texts in ``language``
    (see :func:`check_framework`); FrameworkError names the file, element and field of the
    first problem."""
    raw, problems = parse_text(text)
    if raw is None:
        raise FrameworkError(f"{name}: {problems[0]}")
    framework, problems = check_framework(raw, text=text, name=name, language=language)
    if framework is None:
        raise FrameworkError(f"{name}: {problems[0]}")
    return framework


def load_framework(path: Path, language: str | None = ENGLISH) -> Framework:
    """Read, validate and build a framework; raise FrameworkError naming file, element, field."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    return replace(load_framework_text(text, path.name, language), path=path)


def _build(
    spec: FrameworkSpec, problems: list[Problem], *, text: bytes, name: str, language: str
) -> Framework:
    """The framework of a schema-valid spec whose texts are in ``language``, adding every
    cross-element problem found."""

    def fail(place: str, message: str, *loc: int | str) -> None:
        problems.append(Problem(place, message, loc))

    for fact_name, fact in spec.facts.items():
        if fact.type == "choice" and not fact.choices:
            fail(
                where("fact", fact_name, "choices"),
                _("a choice fact needs choices"),
                "facts",
                fact_name,
                "choices",
            )
    if spec.style == "quantifiers" and not spec.vocabulary:
        fail(where(field="vocabulary"), _("findings in words need a vocabulary"), "vocabulary")
    elif spec.vocabulary and spec.vocabulary not in vocabularies():
        known = ", ".join(sorted(name for name in vocabularies() if name != "percent"))
        fail(
            where(field="vocabulary"),
            _("unknown vocabulary %(name)r (known: %(known)s)")
            % {"name": spec.vocabulary, "known": known},
            "vocabulary",
        )

    case_kinds = _case_kinds(spec, fail)
    sampling = _sampling(spec, case_kinds, fail)
    ratings = None
    if spec.ratings is not None:
        found = rating_problems(spec.ratings)
        for field, problem in found:
            fail(where(field=field), problem, *field.split("."))
        if not found:
            ratings = build_rating_rules(spec.ratings)

    paragraphs: dict[str, Paragraph] = {}
    theme_of: dict[str, ThemeSpec] = {}
    themes: list[Theme] = []
    for t_index, theme in enumerate(spec.themes):
        if any(t.id == theme.id for t in themes):
            # Pages find a theme by its id: the second would never be reached.
            fail(where("theme", theme.id, "id"), _("duplicate theme id"), "themes", t_index, "id")
        if theme.kind is not None and theme.kind not in case_kinds:
            fail(
                where("theme", theme.id, "kind"),
                _("unknown kind of case %(kind)r") % {"kind": theme.kind},
                "themes",
                t_index,
                "kind",
            )
        theme_paragraphs = []
        for p_index, p in enumerate(theme.paragraphs):
            if p.id in paragraphs:
                fail(
                    where("paragraph", p.id, "id"),
                    _("duplicate paragraph id"),
                    "themes",
                    t_index,
                    "paragraphs",
                    p_index,
                    "id",
                )
                continue
            paragraph = Paragraph(
                id=p.id, title=p.title, theme=theme.id, narrative=p.narrative, guidance=p.guidance
            )
            paragraphs[p.id] = paragraph
            theme_of[p.id] = theme
            theme_paragraphs.append(paragraph)
        themes.append(
            Theme(
                id=theme.id,
                title=theme.title,
                paragraphs=tuple(theme_paragraphs),
                kind=theme.kind,
                judged=theme.judged,
            )
        )

    questions: list[Question] = []
    seen: set[str] = set()
    for index, q in enumerate(spec.questions):

        def fail_q(field: str, message: str, q: QuestionSpec = q, index: int = index) -> None:
            fail(where("question", q.id, field), message, "questions", index, field)

        if q.id in seen:
            fail_q("id", _("duplicate question id"))
        seen.add(q.id)
        question_paragraph = paragraphs.get(q.paragraph)
        if question_paragraph is None:
            fail_q("paragraph", _("unknown paragraph %(id)r") % {"id": q.paragraph})
        elif theme_of[q.paragraph].judged:
            fail_q(
                "paragraph",
                _("standard %(id)s is judged by the inspectors and has no case questions")
                % {"id": q.paragraph},
            )
        if q.key_question is not None and q.key_question not in spec.key_questions:
            fail_q("key_question", _("unknown key question %(id)r") % {"id": q.key_question})
        scale = ANSWER_SCALES[q.scale]
        unknown = set(q.evidence_required_on) - {value for value, _ in scale}
        if unknown:
            fail_q(
                "evidence_required_on",
                _("%(values)s is not on the %(scale)s scale")
                % {"values": ", ".join(sorted(unknown)), "scale": q.scale},
            )
        for problem in _node(q.applies).problems(spec.facts):
            fail_q("applies", problem)
        if question_paragraph is None:
            continue
        applies = q.applies
        kind = theme_of[q.paragraph].kind
        if kind is not None and kind in case_kinds:
            # A question of a kind's theme applies to cases of that kind only.
            of_kind = FactRule.model_validate(
                {"fact": KIND_FACT, "in": sorted(case_kinds[kind].sentence_types)}
            )
            applies = of_kind if q.applies == "always" else AllRule(all=[of_kind, q.applies])
        questions.append(
            Question(
                id=q.id,
                paragraph=q.paragraph,
                theme=question_paragraph.theme,
                key_question=q.key_question,
                text=q.text,
                guidance=q.guidance,
                scale=scale,
                rule=Rule(applies),
                applies_to=q.applies_to,
                evidence_required_on=frozenset(q.evidence_required_on),
                style=q.style,
                met_wording=q.report.met,
                not_met_wording=q.report.not_met,
                count_noun=q.report.count_noun or CASES[language],
            )
        )
    return Framework(
        id=spec.id,
        version=spec.version,
        title=spec.title,
        name=spec.name,
        announcement=spec.announcement,
        status=spec.status,
        style=spec.style,
        vocabulary=spec.vocabulary,
        case_kinds=case_kinds,
        sampling=sampling,
        schedule=Schedule(
            announce_weeks_before=spec.schedule.announce_weeks_before,
            announce_weekday=WEEKDAYS.index(spec.schedule.announce_weekday),
            fieldwork_days=spec.schedule.fieldwork_days,
        ),
        facts=spec.facts,
        key_questions=spec.key_questions,
        ratings=ratings,
        themes=tuple(themes),
        questions=tuple(questions),
        checksum=checksum(text),
        path=Path(name),
        languages=tuple(spec.languages),
        language=language,
    )


Fail = Callable[..., None]


def _case_kinds(spec: FrameworkSpec, fail: Fail) -> dict[str, CaseKind]:
    """The kinds of case, each by the values of the sentence type fact that make it."""
    fact = spec.facts.get(KIND_FACT)
    if fact is None or fact.type != "choice":
        fail(
            where(field="case_kinds"),
            _("kinds of case need a choice fact %(fact)r") % {"fact": KIND_FACT},
            "case_kinds",
        )
        return {}
    choices = set(fact.choices or {})
    kinds: dict[str, CaseKind] = {}
    taken: set[str] = set()
    for kind_id, kind in spec.case_kinds.items():
        place = where("case kind", kind_id, "sentence_types")
        unknown = set(kind.sentence_types) - choices
        if unknown:
            fail(
                place,
                _("%(values)s is not a choice of fact %(fact)r")
                % {"values": ", ".join(sorted(unknown)), "fact": KIND_FACT},
                "case_kinds",
                kind_id,
                "sentence_types",
            )
        twice = set(kind.sentence_types) & taken
        if twice:
            fail(
                place,
                _("%(values)s already makes another kind of case")
                % {"values": ", ".join(sorted(twice))},
                "case_kinds",
                kind_id,
                "sentence_types",
            )
        taken |= set(kind.sentence_types)
        kinds[kind_id] = CaseKind(kind_id, kind.label, frozenset(kind.sentence_types))
    return kinds


def _fraction(field: str, text: str, fail: Fail) -> Fraction:
    value = Fraction(text)
    if not 0 < value <= 1:
        fail(
            where(field=field),
            _("%(value)s is not a share between 0 and 1") % {"value": text},
            *field.split("."),
        )
    return value


def _sampling(spec: FrameworkSpec, kinds: Mapping[str, CaseKind], fail: Fail) -> SamplingPlan:
    plan = spec.sampling
    for kind in plan.kinds:
        if kind not in kinds:
            fail(
                where(field="sampling.kinds"),
                _("unknown kind of case %(kind)r") % {"kind": kind},
                "sampling",
                "kinds",
            )
    for stratum in plan.strata:
        if stratum not in BALANCED_DIMENSIONS:
            fail(
                where(field="sampling.strata"),
                _("%(stratum)r cannot be balanced (choose from %(choices)s)")
                % {"stratum": stratum, "choices": ", ".join(BALANCED_DIMENSIONS)},
                "sampling",
                "strata",
            )
    if plan.size.floor > plan.size.ceiling:
        fail(
            where(field="sampling.size"),
            _("the floor is above the ceiling"),
            "sampling",
            "size",
            "floor",
        )
    return SamplingPlan(
        kinds=tuple(plan.kinds),
        sentence_types=frozenset().union(
            *(kinds[k].sentence_types for k in plan.kinds if k in kinds)
        ),
        min_weeks=plan.min_weeks,
        max_months=plan.max_months,
        size_floor=plan.size.floor,
        size_ceiling=plan.size.ceiling,
        fraction=_fraction("sampling.size.fraction", plan.size.fraction, fail),
        take_all_below=plan.size.take_all_below,
        manager_share=_fraction("sampling.manager_share", plan.manager_share, fail),
        strata=tuple(plan.strata),
    )


def available_frameworks(language: str | None = None) -> dict[str, Framework]:
    """Every framework file shipped with the product, keyed by ``id@version``, with its
    texts in ``language`` (None: the active language) where the file has it, else in
    English.

    A published version must match the checksum recorded when it was published:
    published question sets are never edited in place.
    """
    return _shipped(texts.requested(language))


def forget_frameworks() -> None:
    """Read the shipped files again at next use (after they change, in tests)."""
    _shipped.cache_clear()


@cache
def _shipped(language: str) -> dict[str, Framework]:
    found: dict[str, Framework] = {}
    for path in sorted(FRAMEWORK_DIR.glob("*.yaml")):
        framework = load_framework(path, language)
        if framework.key in found:
            raise FrameworkError(f"{path.name}: field version: {framework.key} is defined twice")
        if framework.status == "published":
            check_published(path, framework.key, path.read_bytes())
        found[framework.key] = framework
    return found


def get_framework(framework_id: str, version: str, language: str | None = None) -> Framework:
    """The framework ``id@version``: a shipped file, else a published stored version; its
    texts in ``language`` (None: the active language) where it has it, else in English."""
    shipped = available_frameworks(language).get(f"{framework_id}@{version}")
    if shipped is not None:
        return shipped
    # Imported here: the models cannot be imported while Django loads its apps.
    from casescreen.frameworks.stored import published_stored

    stored = published_stored(framework_id, version, language)
    if stored is None:
        raise FrameworkError(f"no framework {framework_id} version {version}")
    return stored
