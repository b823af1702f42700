"""The consistency check: every claim in the report's text must agree with the data.

Every paragraph of the document is read (the title, the summary, narrative
paragraphs, key strengths and areas for improvement as much as the numbered
ones). Rules, each producing a problem with a stable key (so that a recorded
reason for publishing despite it survives later saves):

- quantifier: a quantifier in a paragraph linked to questions ("all", "every one",
  "all but three", "almost all", "most", "the majority", "half", "a minority",
  "too many", "none", "two of the four", "in seven cases", "20 cases") must be
  true of at least one of that paragraph's questions. Quoted practice examples
  are not checked for quantifiers: they are an inspector's words about one case.
- unchecked: the same quantifiers in a paragraph linked to no question, which
  nothing can confirm until the lead inspector links the paragraph to the
  questions it reports on (or records a reason).
- disclosure: a claim that only a group smaller than the disclosure threshold
  satisfies describes that group in words.
- figure: a percentage must be one of the reoffending rates in the data or, in a
  paragraph linked to questions, the share of one of them as the report prints it
  ("in 75 per cent of cases": met of applicable as a whole percentage, by
  ``casescreen.domain.percent.whole_percent``); "examined N cases" must state the
  number of cases examined; the comparison with the
  previous year and the England and Wales average, in the report's language
  (``casescreen.reoffending.wording``), must match the data.
- unwritten: a paragraph the lead inspector is asked to write (it has a prompt)
  is still empty; it is never left out unnoticed.
- identity: part of the name of a child in the sample, or a case reference,
  anywhere in the text (the rule is ``casescreen.domain.identity.identifiers_in``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils import translation

from casescreen.domain.identity import identifiers_in
from casescreen.domain.percent import whole_percent
from casescreen.domain.quantifiers import NUMBER_WORDS, describe_failing
from casescreen.domain.statistics import is_disclosive
from casescreen.frameworks.texts import ENGLISH, WELSH, base_language
from casescreen.frameworks.vocabularies import get_vocabulary, numerals, welsh_nouns
from casescreen.reoffending.wording import comparison_phrases

_NUMBER = r"(" + "|".join(NUMBER_WORDS) + r"|\d+)"


def _n(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS.index(token)


@dataclass(frozen=True)
class Problem:
    key: str
    kind: str
    section: str
    paragraph: str
    message: str


Q = dict[str, Any]
Test = Callable[[re.Match[str], Q], bool]


def _share(q: Q) -> Fraction:
    return Fraction(q["met"], q["applicable"])


def _counts(q: Q) -> set[int]:
    return {q["met"], q["not_met"], q["applicable"]}


# Order matters: longer phrases are matched first and blanked out, so "all but
# two" is not read again as "all", nor "almost all" as "all".
_CLAIMS: tuple[tuple[str, Test, str], ...] = (
    (
        r"\ball but " + _NUMBER + r"\b",
        lambda m, q: q["met"] > 0 and q["not_met"] == _n(m[1]),
        "all but",
    ),
    (r"\balmost all\b", lambda m, q: Fraction(4, 5) <= _share(q) < 1, "almost all"),
    (
        r"\btoo many\b",
        lambda m, q: (
            q["vocabulary"] is not None
            and describe_failing(q["not_met"], q["applicable"], q["vocabulary"]) == "too many"
        ),
        "too many",
    ),
    (
        r"\b" + _NUMBER + r" of the " + _NUMBER + r"\b",
        lambda m, q: q["applicable"] == _n(m[2]) and _n(m[1]) in (q["met"], q["not_met"]),
        "n of m",
    ),
    (r"\b(?:none of|no case|not one)\b", lambda m, q: q["met"] == 0, "none"),
    (
        r"\b(?:every (?:one|case|child|report)|each of the|(?:in )?all (?:\w+ ){0,2}cases|all of (?:them|these)|in all)\b",
        lambda m, q: q["met"] == q["applicable"] and q["style"] != "count",
        "all",
    ),
    # "the most serious" and "at most" are not claims about a share of the cases.
    (r"(?<!\bthe )(?<!\bat )\bmost\b", lambda m, q: _share(q) >= Fraction(2, 3), "most"),
    (r"\b(?:the )?majority\b", lambda m, q: _share(q) > Fraction(1, 2), "majority"),
    (r"\bhalf\b", lambda m, q: _share(q) == Fraction(1, 2), "half"),
    (
        r"\ba minority\b",
        lambda m, q: 0 < _share(q) < Fraction(1, 2) or 0 < q["not_met"] < q["met"],
        "minority",
    ),
    (
        r"\b" + _NUMBER + r" (?:[a-z-]+ ){0,2}(?:cases|reports|children|case|report|child)\b",
        lambda m, q: _n(m[1]) in _counts(q),
        "number",
    ),
)


# The same claims read in a Welsh report: its quantifiers (sqs.cy.yaml), its number
# words in every gender and mutation, and its counted nouns in every mutation.
_CY = numerals(WELSH)
_CY_NUMBER = r"(" + "|".join(re.escape(w) for w in _CY.all_words()) + r"|\d+)"
# The counts read as claims are of cases, reports and children, as in English.
_CY_COUNTED = ("achosion", "adroddiadau", "plant")
_CY_NOUNS = "|".join(
    sorted(
        {
            _CY.mutate(word, mutation)
            for noun in (welsh_nouns()[plural] for plural in _CY_COUNTED)
            for word in (noun.plural, noun.singular)
            for mutation in ("", *_CY.mutations)
        },
        key=lambda w: (-len(w), w),
    )
)
_CLAIMS_CY: tuple[tuple[str, Test, str], ...] = (
    (
        r"\b(?:pob|mhob) (?:un|achos) ond " + _CY_NUMBER + r"\b",
        lambda m, q: q["met"] > 0 and q["not_met"] == _CY.read(m[1]),
        "all but",
    ),
    (r"\b(?:bron|mron) pob\b", lambda m, q: Fraction(4, 5) <= _share(q) < 1, "almost all"),
    (
        r"\bgormod\b",
        lambda m, q: (
            q["vocabulary"] is not None
            and describe_failing(q["not_met"], q["applicable"], q["vocabulary"])
            == q["vocabulary"].failing[0].phrase
        ),
        "too many",
    ),
    (
        r"\b" + _CY_NUMBER + r" o'r " + _CY_NUMBER + r"\b",
        lambda m, q: (
            q["applicable"] == _CY.read(m[2]) and _CY.read(m[1]) in (q["met"], q["not_met"])
        ),
        "n of m",
    ),
    (r"\b(?:dim un|nid oedd yr un)\b", lambda m, q: q["met"] == 0, "none"),
    (
        r"\b(?:ym mhob|pob) (?:achos|un)\b",
        lambda m, q: q["met"] == q["applicable"] and q["style"] != "count",
        "all",
    ),
    (r"\by rhan fwyaf\b", lambda m, q: _share(q) >= Fraction(2, 3), "most"),
    (r"\bmwyafrif\b", lambda m, q: _share(q) > Fraction(1, 2), "majority"),
    (r"\bhanner\b", lambda m, q: _share(q) == Fraction(1, 2), "half"),
    (
        r"\blleiafrif\b",
        lambda m, q: 0 < _share(q) < Fraction(1, 2) or 0 < q["not_met"] < q["met"],
        "minority",
    ),
    (
        r"\b" + _CY_NUMBER + r" (?:o )?(?:" + _CY_NOUNS + r")\b",
        lambda m, q: _CY.read(m[1]) in _counts(q),
        "number",
    ),
)
CLAIMS = {ENGLISH: _CLAIMS, WELSH: _CLAIMS_CY}
# "We examined 33 cases": the cases examined, checked against the data.
EXAMINED = {
    ENGLISH: r"\b(?:examined|inspected|looked at) " + _NUMBER + r" cases\b",
    WELSH: r"\barchwiliwyd " + _CY_NUMBER + r" o achosion\b",
}
READ = {ENGLISH: _n, WELSH: _CY.read}


def _key(kind: str, paragraph: str, detail: str) -> str:
    return f"{kind}:{paragraph}:{detail}"[:200]


def _describe(q: Q) -> str:
    return f"{q['met']} of {q['applicable']}"


def _label(section: dict[str, Any], paragraph: dict[str, Any], index: int) -> str:
    """How a problem names its place: "Paragraph 1.1", "Key strengths, item 2"."""
    if paragraph["key"] == "title":
        return "The title"
    if paragraph["number"]:
        return f"Paragraph {paragraph['number']}"
    where = section.get("title") or "The " + str(section["id"]).replace("-", " ")
    unit = "item" if section.get("kind") == "bullets" else "paragraph"
    return f"{where}, {unit} {index}"


def _claims(text: str, language: str = ENGLISH) -> Iterator[tuple[re.Match[str], Test]]:
    """Every quantified claim in ``text`` (lower case), each phrase read once."""
    for pattern, test, _name in CLAIMS[language]:
        matches = list(re.finditer(pattern, text))
        for match in matches:
            text = text[: match.start()] + " " * len(match[0]) + text[match.end() :]
            yield match, test


def _quantifier_problems(
    section: dict[str, Any],
    paragraph: dict[str, Any],
    label: str,
    qs: list[Q],
    threshold: int,
    language: str,
) -> list[Problem]:
    problems = []
    usable = [q for q in qs if q["applicable"] > 0]
    for match, test in _claims(paragraph["text"].lower(), language):
        phrase = match[0]
        fits = [q for q in usable if test(match, q)]
        if not fits:
            findings = "; ".join(_describe(q) for q in usable) or "no applicable cases"
            problems.append(
                Problem(
                    _key("quantifier", paragraph["key"], phrase),
                    "quantifier",
                    section["id"],
                    paragraph["key"],
                    f'{label} says "{phrase}" but the findings for it are {findings}.',
                )
            )
        elif all(is_disclosive(q["applicable"], threshold) for q in fits):
            problems.append(
                Problem(
                    _key("disclosure", paragraph["key"], phrase),
                    "disclosure",
                    section["id"],
                    paragraph["key"],
                    f"{label} describes a group of fewer than {threshold} children "
                    f'("{phrase}"); leave it out or describe it without detail.',
                )
            )
    return problems


def _unchecked_problems(
    section: dict[str, Any], paragraph: dict[str, Any], label: str, text: str, language: str
) -> list[Problem]:
    """Claims about the cases in a paragraph linked to no question: nothing to check
    them against, so they wait for a link or a recorded reason."""
    return [
        Problem(
            _key("unchecked", paragraph["key"], match[0]),
            "unchecked",
            section["id"],
            paragraph["key"],
            f'{label} says "{match[0]}" but is linked to no question, so the claim cannot be '
            "checked. Link it to the questions it reports on, or record a reason.",
        )
        for match, _test in _claims(text, language)
    ]


def _percent(q: Q) -> int:
    return whole_percent(_share(q))


def _percent_problem(
    section: dict[str, Any],
    paragraph: dict[str, Any],
    label: str,
    phrase: str,
    value: Decimal,
    qs: list[Q],
    threshold: int,
) -> Problem | None:
    """A percentage in a paragraph linked to questions: one of theirs, as printed."""
    usable = [q for q in qs if q["applicable"] > 0]
    fits = [q for q in usable if Decimal(_percent(q)) == value]
    if not fits:
        findings = (
            "; ".join(f"{_describe(q)} ({_percent(q)} per cent)" for q in usable)
            or "no applicable cases"
        )
        return Problem(
            _key("figure", paragraph["key"], phrase),
            "figure",
            section["id"],
            paragraph["key"],
            f'{label} says "{phrase}" but the findings for it are {findings}.',
        )
    if all(is_disclosive(q["applicable"], threshold) for q in fits):
        return Problem(
            _key("disclosure", paragraph["key"], phrase),
            "disclosure",
            section["id"],
            paragraph["key"],
            f"{label} describes a group of fewer than {threshold} children "
            f'("{phrase}"); leave it out or describe it without detail.',
        )
    return None


def _figure_problems(
    section: dict[str, Any],
    paragraph: dict[str, Any],
    label: str,
    data: dict[str, Any],
    qs: list[Q],
    language: str,
) -> list[Problem]:
    problems = []
    lower = paragraph["text"].lower()
    r = data.get("reoffending") or {}
    rates = {Decimal(v) for v in (r.get("rate"), r.get("previous"), r.get("national")) if v}
    for match in re.finditer(r"(\d+(?:\.\d+)?)\s?(?:%|per ?cent|y cant)", lower):
        try:
            value = Decimal(match[1])
        except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
            continue
        if value in rates:
            continue
        if qs:
            problem = _percent_problem(
                section, paragraph, label, match[0], value, qs, int(data["threshold"])
            )
            if problem is not None:
                problems.append(problem)
        else:
            known = ", ".join(f"{v}%" for v in sorted(rates)) or "none recorded"
            problems.append(
                Problem(
                    _key("figure", paragraph["key"], match[0]),
                    "figure",
                    section["id"],
                    paragraph["key"],
                    f"{label} states {match[0]}, which is not one of the "
                    f"inspection's reoffending rates ({known}).",
                )
            )
    for match in re.finditer(EXAMINED[language], lower):
        if not paragraph["questions"] and READ[language](match[1]) != data["cases_examined"]:
            problems.append(
                Problem(
                    _key("figure", paragraph["key"], match[0]),
                    "figure",
                    section["id"],
                    paragraph["key"],
                    f'{label} says "{match[0]}" but {data["cases_examined"]} cases were examined.',
                )
            )
    # The comparisons as the report's language words them, read back against the data.
    with translation.override(language):
        worded = comparison_phrases()
    for field, phrases in worded.items():
        actual = r.get(field)
        for verdict, phrase in phrases.items():
            if actual is None or verdict == actual:
                continue
            for match in re.finditer(r"\b" + re.escape(phrase.lower()) + r"\b", lower):
                problems.append(
                    Problem(
                        _key("figure", paragraph["key"], match[0]),
                        "figure",
                        section["id"],
                        paragraph["key"],
                        f'{label} says "{match[0]}" but the rate was {phrases[actual]}.',
                    )
                )
    return problems


def _all_text(paragraph: dict[str, Any]) -> str:
    parts = [paragraph["text"], paragraph.get("footnote", "")]
    parts.extend(quote["text"] for quote in paragraph.get("quotes", []))
    return "\n".join(parts)


def _identity_problems(
    section: dict[str, Any],
    paragraph: dict[str, Any],
    label: str,
    names: list[str],
    references: list[str],
) -> list[Problem]:
    problems = []
    for found in identifiers_in(_all_text(paragraph), names, references):
        if found.kind == "name":
            digest = hashlib.sha256(found.term.encode()).hexdigest()[:12]
            problems.append(
                Problem(
                    _key("name", paragraph["key"], digest),
                    "name",
                    section["id"],
                    paragraph["key"],
                    f'{label} contains "{found.term}", part of the name of a child in the '
                    "sample. Use a changed first name.",
                )
            )
        else:
            problems.append(
                Problem(
                    _key("reference", paragraph["key"], found.term),
                    "reference",
                    section["id"],
                    paragraph["key"],
                    f"{label} contains the case reference {found.term}.",
                )
            )
    return problems


def _units(content: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any], str]]:
    """The title, then every paragraph of every section, each with its label."""
    title = {"key": "title", "number": "", "text": content["title"], "questions": []}
    yield {"id": "title", "title": ""}, title, _label({}, title, 1)
    for section in content["sections"]:
        for index, paragraph in enumerate(section["paragraphs"], start=1):
            yield section, paragraph, _label(section, paragraph, index)


def check(
    content: dict[str, Any],
    data: dict[str, Any],
    *,
    names: list[str] | tuple[str, ...] = (),
    references: list[str] | tuple[str, ...] = (),
) -> list[Problem]:
    """Every problem in the document, in document order (see module docstring).

    ``names`` and ``references`` are those of the children in the sample.
    """
    # The report is read in its own language (Welsh claims in a Welsh report).
    language = base_language(content.get("lang"))
    # None where the findings are stated as percentages, not in a vocabulary's words.
    vocabulary = get_vocabulary(data["vocabulary"], language) if data.get("vocabulary") else None
    by_id = {q["id"]: q | {"vocabulary": vocabulary} for q in data["questions"]}
    threshold = int(data["threshold"])
    problems: list[Problem] = []
    for section, paragraph, label in _units(content):
        if paragraph.get("prompt") and not paragraph["text"].strip():
            problems.append(
                Problem(
                    _key("unwritten", paragraph["key"], "empty"),
                    "unwritten",
                    section["id"],
                    paragraph["key"],
                    f"{label} is still to be written: {paragraph['prompt']}",
                )
            )
        qs = [by_id[qid] for qid in paragraph["questions"] if qid in by_id]
        if qs:
            problems.extend(
                _quantifier_problems(section, paragraph, label, qs, threshold, language)
            )
        else:
            text = paragraph["text"].lower()
            if not paragraph["questions"]:
                # "We examined 33 cases" is a figure, checked below against the data.
                text = re.sub(EXAMINED[language], lambda m: " " * len(m[0]), text)
            problems.extend(_unchecked_problems(section, paragraph, label, text, language))
        problems.extend(_figure_problems(section, paragraph, label, data, qs, language))
        problems.extend(
            _identity_problems(section, paragraph, label, list(names), list(references))
        )
    return problems
