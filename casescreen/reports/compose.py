"""Draft a report from findings: a plain data structure, stored as JSON and rendered later.

The builder is pure: :func:`compose` takes the data snapshot made by
:func:`casescreen.reports.selectors.report_data` (counts, wording and figures, no
children's personal data) and the framework's report template
(:mod:`casescreen.frameworks.report_templates`), and returns the document. All the
wording is the template's; this module only decides which of its forms applies. A
template of quantifiers gives a letter (:func:`compose`); one of percentages a report
of rated standards (:func:`compose_rated`), its findings as whole percentages and its
ratings those of ``report_data``'s ``ratings``.

Every paragraph keeps the sentence generated from the data (``generated_text``) next
to the text the report will print (``text``), and ``edited`` says whether the lead
inspector changed it. Paragraphs the lead writes start empty with a ``prompt``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from fractions import Fraction
from typing import Any

from casescreen.domain.percent import percent_text, whole_percent
from casescreen.domain.quantifiers import (
    ENGLISH_NUMERALS,
    MASCULINE,
    Numerals,
    describe,
    describe_failing,
    is_all_but,
)
from casescreen.domain.statistics import is_disclosive
from casescreen.frameworks.loader import CASES
from casescreen.frameworks.report_templates import (
    PercentSentences,
    RatedParts,
    ReportTemplate,
    ScopeForms,
    template_for,
)
from casescreen.frameworks.texts import ENGLISH, WELSH
from casescreen.frameworks.vocabularies import get_vocabulary, numerals
from casescreen.lib.text import joined, lower_first

SCHEMA = 1

# The names of the months in each language other than English (which takes its own
# from the calendar), and the word joining the first and last day of fieldwork.
MONTHS = {
    WELSH: (
        "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
        "Medi", "Hydref", "Tachwedd", "Rhagfyr",
    ),
}  # fmt: skip
TO = {ENGLISH: "to", WELSH: "i"}


def count_text(n: int, words: Numerals = ENGLISH_NUMERALS) -> str:
    """Numbers below ten in words, larger ones in digits (report style)."""
    return words.word(n) if n < 10 else str(n)


def _month(day: date, language: str) -> str:
    return MONTHS[language][day.month - 1] if language in MONTHS else f"{day:%B}"


def long_date(day: date, language: str = ENGLISH) -> str:
    """'3 February 2015'; in Welsh '3 Chwefror 2015'."""
    return f"{day.day} {_month(day, language)} {day.year}"


def fieldwork_dates(start: date, end: date, language: str = ENGLISH) -> str:
    """'2 to 4 February 2015', or '30 March to 1 April 2015' across months; in Welsh
    '2 i 4 Chwefror 2015'."""
    to = TO[language]
    if start == end:
        return long_date(start, language)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} {to} {long_date(end, language)}"
    if start.year == end.year:
        return f"{start.day} {_month(start, language)} {to} {long_date(end, language)}"
    return f"{long_date(start, language)} {to} {long_date(end, language)}"


def capital(text: str) -> str:
    """The text with its first letter a capital."""
    return text[:1].upper() + text[1:]


class Wording:
    """The template's sentence forms, with a turn for each list of alternatives, so that
    one letter uses them in rotation rather than repeating the first."""

    def __init__(self, template: ReportTemplate) -> None:
        self.template = template
        self.spec = template.spec
        self.letter = template.letter
        self.vocabulary = template.vocabulary
        # The bands are named in English whatever the language (quantifier_forms).
        self.english = get_vocabulary(self.vocabulary.name)
        self.numerals = self.vocabulary.numerals
        self._turns: Counter[str] = Counter()

    def pick(self, forms: str | list[str], key: str) -> str:
        if isinstance(forms, str):
            return forms
        turn = self._turns[key]
        self._turns[key] += 1
        return forms[turn % len(forms)]

    def _kind(self, met: int, applicable: int) -> str:
        if met == applicable:
            small = applicable <= self.vocabulary.small_group_max
            return "each" if small else "all"
        if met == 0:
            return "none"
        if applicable <= self.vocabulary.small_group_max:
            return "small"
        return "all_but" if is_all_but(self.vocabulary, met, applicable) else "band"

    def _counting(self, met: int, applicable: int, q: dict[str, Any]) -> dict[str, str]:
        """The counted nouns, as a language whose numerals agree and mutate writes them
        (unchanged in English: its templates do not use them)."""
        words, noun, group = self.numerals, q["count_noun"], q["applies_to"]
        of_noun, of_group = self.vocabulary.noun(noun), self.vocabulary.noun(group)
        return {
            "counted_applies_to": words.counted(applicable, group, of_group),
            "counted_noun": words.counted(applicable, noun, of_noun),
            "counted_met": words.counted(met, noun, of_noun),
            "applies_to_after": words.following(applicable, group, of_group),
            "noun_after": words.following(applicable, noun, of_noun),
        }

    def question(self, q: dict[str, Any], *, cases_examined: int, threshold: int) -> str:
        """The sentence for one question's findings."""
        sentences = self.letter.sentences
        met, applicable, noun = q["met"], q["applicable"], q["count_noun"]
        values = {
            "met": q["met_wording"],
            "not_met": q["not_met_wording"],
            "applies_to": q["applies_to"],
            "noun": noun,
            "applicable": count_text(applicable, self.numerals),
            "met_count": self.numerals.word(met),
        } | self._counting(met, applicable, q)
        if applicable == 0:
            return sentences.no_cases.format_map(values)
        if is_disclosive(applicable, threshold):
            return sentences.too_small.format_map(values)
        if q["style"] == "count":
            form = sentences.count_none if met == 0 else sentences.count
            if met == 1 and noun == sentences.case_noun["other"]:
                values["noun"] = sentences.case_noun["one"]  # "In one case", not "cases"
            return capital(form.format_map(values))
        cases = CASES[self.template.language]
        if noun != cases:
            counted = self.vocabulary.noun(noun)
        else:
            counted = self.vocabulary.noun(
                cases if applicable == cases_examined else q["applies_to"]
            )
        gender = counted.gender if counted is not None else MASCULINE
        phrase = describe(met, applicable, vocabulary=self.vocabulary, gender=gender)
        band = describe(met, applicable, vocabulary=self.english)
        exceptions = applicable - met
        noun_form = sentences.case_noun["one" if exceptions == 1 else "other"]
        exception_count = self.numerals.word(exceptions, gender)
        values |= {
            "quantifier": sentences.quantifier_forms.get(band, phrase),
            "phrase": phrase,
            "exception_count": exception_count,
            "exceptions": f"{exception_count} {noun_form}",
        }
        if noun != cases:
            scope, scope_name = sentences.items, "items"
        elif applicable == cases_examined:
            scope, scope_name = sentences.all_cases, "all_cases"
        else:
            scope, scope_name = sentences.group, "group"
        kind = self._kind(met, applicable)
        forms = _forms(scope, kind)
        return capital(self.pick(forms, f"{scope_name}.{kind}").format_map(values))

    def improvement(self, q: dict[str, Any]) -> str:
        rule = self.letter.areas_for_improvement
        failing = describe_failing(q["not_met"], q["applicable"], self.vocabulary) or ""
        band = describe_failing(q["not_met"], q["applicable"], self.english) or ""
        values = {
            "failing": failing,
            "failing_quantifier": self.letter.sentences.quantifier_forms.get(band, failing),
            "not_met": q["not_met_wording"],
        }
        return capital(rule.sentences.get(q["id"], rule.sentence).format_map(values))


def _forms(scope: ScopeForms, kind: str) -> str | list[str]:
    if kind == "each":
        return scope.each or scope.all
    forms: str | list[str] = getattr(scope, kind)
    return forms


def paragraph(
    key: str,
    text: str,
    *,
    number: str = "",
    questions: tuple[str, ...] = (),
    footnote: str = "",
    title: str = "",
    prompt: str = "",
) -> dict[str, Any]:
    return {
        "key": key,
        "number": number,
        "title": title,
        "generated_text": text,
        "text": text,
        "edited": False,
        "questions": list(questions),
        "quotes": [],
        "footnote": footnote,
        "prompt": prompt,
    }


def section(
    section_id: str, title: str, kind: str, paragraphs: list[dict[str, Any]], number: str = ""
) -> dict[str, Any]:
    return {
        "id": section_id,
        "title": title,
        "number": number,
        "kind": kind,
        "paragraphs": paragraphs,
    }


def _summary(data: dict[str, Any], wording: Wording) -> list[dict[str, Any]]:
    summary = wording.letter.summary
    paragraphs = []
    r = data.get("reoffending")
    if r and r.get("rate") is not None and r.get("national") is not None:
        paragraphs.append(
            paragraph(
                "summary.reoffending",
                summary.reoffending.format_map(
                    {"area": data["area"], "rate": r["rate"], "comparison": r["comparison"]}
                ),
                footnote=summary.reoffending_footnote.format_map(
                    {"published": r["published"], "cohort": r["cohort"]}
                ),
            )
        )
    previous = data.get("previous_inspection")
    prompt = (
        summary.judgement_prompt_previous.format_map({"previous": previous})
        if previous
        else summary.judgement_prompt
    )
    paragraphs.append(paragraph("summary.narrative", "", prompt=prompt))
    if summary.commentary:
        paragraphs.append(
            paragraph("summary.commentary", summary.commentary.format_map({"area": data["area"]}))
        )
    return paragraphs


def _proposals(data: dict[str, Any], wording: Wording) -> list[dict[str, Any]]:
    """Key strengths and areas requiring improvement, by the template's rules."""
    rule, afi = wording.letter.key_strengths, wording.letter.areas_for_improvement
    threshold = data["threshold"]
    template = wording.template
    theme_order = {theme["id"]: i for i, theme in enumerate(data["themes"])}
    questions = [
        q
        for q in sorted(data["questions"], key=lambda q: theme_order.get(q["theme"], 0))
        if not is_disclosive(q["applicable"], threshold)
    ]
    strengths: list[dict[str, Any]] = []
    per_theme: Counter[str] = Counter()
    for q in questions:
        if (
            template.is_key_strength(q["id"], q["met"], q["applicable"])
            and per_theme[q["theme"]] < rule.per_theme
            and len(strengths) < rule.max
        ):
            per_theme[q["theme"]] += 1
            strengths.append(
                paragraph(f"strength.{q['id']}", rule.sentences[q["id"]], questions=(q["id"],))
            )
    improvements = [
        paragraph(f"improvement.{q['id']}", wording.improvement(q), questions=(q["id"],))
        for q in questions
        if template.is_area_for_improvement(q["met"], q["applicable"], q["style"])
    ]
    return [
        section("key-strengths", rule.title, "bullets", strengths),
        section("improvements", afi.title, "bullets", improvements),
    ]


def _annex(data: dict[str, Any]) -> dict[str, Any]:
    themes = []
    for theme in data["themes"]:
        rows = []
        for q in data["questions"]:
            if q["theme"] != theme["id"] or q["applicable"] == 0:
                continue
            disclosive = is_disclosive(q["applicable"], data["threshold"])
            rows.append(
                {
                    "paragraph": q["paragraph"],
                    "label": q["short"],
                    "met": q["met"],
                    "applicable": q["applicable"],
                    "share": percent_text(Fraction(q["met"], q["applicable"])),
                    "low": q["wilson"][0],
                    "high": q["wilson"][1],
                    "suppressed": disclosive,
                }
            )
        if rows:
            themes.append({"id": theme["id"], "title": theme["title"], "rows": rows})
    return {"include": False, "basis": data["basis"], "themes": themes}


def _closing(data: dict[str, Any], wording: Wording) -> list[dict[str, Any]]:
    closing = wording.letter.closing
    lead = data.get("lead") or {}
    if lead.get("name") and lead.get("email"):
        form = closing.contact_with_phone if lead.get("phone") else closing.contact
        contact = form.format_map(
            {
                "lead_name": lead["name"],
                "lead_email": lead["email"],
                "lead_phone": lead.get("phone"),
            }
        )
    else:
        contact = closing.contact_unnamed
    return [paragraph("closing.thanks", closing.thanks), paragraph("closing.contact", contact)]


def _numbered(
    p: dict[str, Any], qs: list[dict[str, Any]], data: dict[str, Any], wording: Wording
) -> dict[str, Any]:
    """A paragraph of findings: why it matters, then each question's finding; or, for a
    paragraph with no questions, an empty one with the template's prompt for the lead."""
    extra = wording.spec.paragraphs.get(p["id"])
    sentences = [extra.opening] if extra and extra.opening and qs else []
    for q in qs:
        sentence = wording.question(
            q, cases_examined=data["cases_examined"], threshold=data["threshold"]
        )
        # Questions of one group (4.5's response to non-compliance and its returns to
        # court) too small to report, or with no case, give the same sentence: said once.
        if sentence not in sentences:
            sentences.append(sentence)
    return paragraph(
        p["id"],
        " ".join(sentences),
        number=p["id"],
        title=p["title"],
        questions=tuple(q["id"] for q in qs),
        prompt=extra.prompt if extra else "",
    )


def _letter_values(data: dict[str, Any], template: ReportTemplate) -> dict[str, str]:
    """The values every text about the inspection may use ({local_authority}...)."""
    start = date.fromisoformat(data["fieldwork_start"])
    end = date.fromisoformat(data["fieldwork_end"])
    language = template.language
    return {
        "local_authority": data["local_authority"],
        "area": data["area"],
        "yot": data["yot"],
        "fieldwork_dates": fieldwork_dates(start, end, language),
        "cases_examined": count_text(data["cases_examined"], numerals(language)),
    }


def _copy_list(
    data: dict[str, Any], template: ReportTemplate, letter: dict[str, str]
) -> list[dict[str, Any]]:
    """The copy list's roles; the names recorded for each are keyed by its English role."""
    english = (
        template_for(template.framework, ENGLISH) if template.language != ENGLISH else template
    )
    names = data.get("copy_names", {})
    return [
        {
            "role": row.role,
            "organisation": row.organisation.format_map(letter),
            "names": names.get(english_row.role, ""),
        }
        for row, english_row in zip(template.spec.copy_list, english.spec.copy_list, strict=True)
    ]


def compose(
    data: dict[str, Any], template: ReportTemplate, language: str | None = None
) -> dict[str, Any]:
    """Build the draft report document from a data snapshot (see module docstring), in the
    template's style: a letter with findings in words, or a report of rated standards
    with findings as percentages. The wording is in ``language`` (the template's when
    None; English where the template has not that language); the snapshot's own texts
    (questions' wording, titles) must have been taken in the same language."""
    if language is not None and language != template.language:
        template = template_for(template.framework, language)
    if template.percentages:
        return compose_rated(data, template)
    wording = Wording(template)
    spec = template.spec
    parts = template.letter
    letter = _letter_values(data, template)
    questions_by_paragraph: dict[str, list[dict[str, Any]]] = {}
    for q in data["questions"]:
        questions_by_paragraph.setdefault(q["paragraph"], []).append(q)

    sections = [
        section("opening", "", "prose", [paragraph("opening", spec.opening.format_map(letter))]),
        section(
            "context",
            parts.context.title,
            "prose",
            [paragraph("context", parts.context.text.format_map(letter))],
        ),
        section("summary", parts.summary.title, "prose", _summary(data, wording)),
    ]
    operational_key = parts.operational_management.paragraph
    operational: list[dict[str, Any]] = []
    for theme in data["themes"]:
        paragraphs = [
            _numbered(p, questions_by_paragraph.get(p["id"], []), data, wording)
            for p in theme["paragraphs"]
        ]
        if any(p["key"] == operational_key for p in paragraphs):
            # The operational management theme prints its narrative paragraph; the
            # findings of its other paragraphs feed the areas requiring improvement.
            operational.extend(p for p in paragraphs if p["key"] == operational_key)
            continue
        sections.append(
            section(f"theme-{theme['id']}", theme["title"], "numbered", paragraphs, theme["id"])
        )
    sections.append(
        section("operational-management", parts.operational_management.title, "prose", operational)
    )
    sections.extend(_proposals(data, wording))
    sections.append(section("closing", "", "prose", _closing(data, wording)))
    chair = data.get("board_chair") or ""
    return {
        "schema": SCHEMA,
        "lang": template.lang,
        "inspection": data["inspection"],
        "template": template.key,
        "header": {
            "to": parts.header.to.format_map({"board_chair": chair})
            if chair
            else parts.header.to_unnamed,
            "copy_to": parts.header.copy_to,
            "from": parts.header.from_,
            "publication_date": "",
        },
        "title": spec.title.format_map(letter),
        "sections": sections,
        "copy_list": _copy_list(data, template, letter),
        "notes": list(spec.notes),
        "labels": spec.labels.model_dump(by_alias=True),
        "annex": _annex(data),
    }


# A report of rated standards (a template of style ``percentages``).


def percent_of(q: dict[str, Any]) -> int:
    """A question's share of applicable cases judged sufficient, as the report prints it."""
    return whole_percent(Fraction(q["met"], q["applicable"]))


def percent_sentence(
    q: dict[str, Any], sentences: PercentSentences, *, of_kind: int | None, threshold: int
) -> str:
    """One key question's finding: the share of cases judged sufficient, in per cent; of
    every case of its kind examined, or of the narrower group it applies to."""
    values = {
        "met": q["met_wording"],
        "not_met": q["not_met_wording"],
        "applies_to": q["applies_to"],
    }
    if q["applicable"] == 0:
        return capital(sentences.no_cases.format_map(values))
    if is_disclosive(q["applicable"], threshold):
        return capital(sentences.too_small.format_map(values))
    form = sentences.kind if q["applicable"] == of_kind else sentences.group
    return capital(form.format_map(values | {"percent": str(percent_of(q))}))


def _ratings_table(
    data: dict[str, Any], parts: RatedParts, letter: dict[str, str]
) -> dict[str, Any]:
    table = parts.ratings_table
    ratings = data.get("ratings") or {}
    standards = {s["id"]: s for s in ratings.get("standards", [])}
    overall = (ratings.get("overall") or {}).get("band")
    themes = {t["id"]: t for t in data["themes"]}
    groups = []
    for domain in parts.domains:
        rows = []
        for theme_id in domain.themes:
            for p in themes[theme_id]["paragraphs"]:
                band = (standards.get(p["id"]) or {}).get("band")
                rows.append(
                    {
                        "number": p["id"],
                        "title": p["title"],
                        "rating": band["label"] if band else table.not_rated,
                        "rating_id": band["id"] if band else "",
                    }
                )
        groups.append({"title": domain.title, "rows": rows})
    return {
        "caption": table.caption.format_map(letter),
        "standard": table.standard,
        "rating": table.rating,
        "overall": {
            "title": table.overall,
            "rating": overall["label"] if overall else table.not_rated,
            "rating_id": overall["id"] if overall else "",
        },
        "groups": groups,
    }


def _sample_text(
    data: dict[str, Any], parts: RatedParts, letter: dict[str, str], words: Numerals
) -> str:
    sample = parts.sample
    counts = {row["id"]: row["count"] for row in (data.get("sample") or {}).get("kinds", [])}
    kinds = [
        forms["one" if counts[kind] == 1 else "other"].format_map(
            {"count": count_text(counts[kind], words)}
        )
        for kind, forms in sample.kinds.items()
        if counts.get(kind)
    ]
    return sample.text.format_map(letter | {"kinds": joined(kinds, sample.conjunction)})


def _standard(
    p: dict[str, Any],
    theme: dict[str, Any],
    data: dict[str, Any],
    parts: RatedParts,
    questions: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """A standard: its rating, then its key findings (percentages of a case standard,
    or the key findings recorded with a judged standard's rating)."""
    sentences = parts.percent_sentences
    rated = {s["id"]: s for s in (data.get("ratings") or {}).get("standards", [])}.get(p["id"])
    band = (rated or {}).get("band")
    name = lower_first(p["title"])
    rating = (
        sentences.rating.format_map({"standard": name, "rating": band["label"]})
        if band
        else capital(sentences.not_rated.format_map({"standard": name}))
    )
    if theme.get("judged"):
        findings = paragraph(
            f"{p['id']}.findings",
            (rated or {}).get("key_findings", "").strip(),
            number=p["id"],
            prompt=sentences.judged_prompt.format_map({"standard": name}),
        )
    else:
        kinds = {row["id"]: row["count"] for row in (data.get("sample") or {}).get("kinds", [])}
        of_kind = kinds.get(theme.get("kind") or "")
        findings = paragraph(
            f"{p['id']}.findings",
            " ".join(
                percent_sentence(q, sentences, of_kind=of_kind, threshold=data["threshold"])
                for q in questions
            ),
            number=p["id"],
            questions=tuple(q["id"] for q in questions),
        )
    return [paragraph(p["id"], rating, number=p["id"], title=p["title"]), findings]


def compose_rated(data: dict[str, Any], template: ReportTemplate) -> dict[str, Any]:
    """A report of rated standards: foreword, ratings table, recommendations, the cases
    inspected, then each domain's summary and its standards' ratings and key findings."""
    spec, parts = template.spec, template.rated
    letter = _letter_values(data, template)
    questions_by_paragraph: dict[str, list[dict[str, Any]]] = {}
    for q in data["questions"]:
        questions_by_paragraph.setdefault(q["paragraph"], []).append(q)
    overall = ((data.get("ratings") or {}).get("overall") or {}).get("band")
    overall_paragraphs = (
        [
            paragraph(
                "ratings.overall",
                parts.ratings_table.overall_text.format_map(letter | {"rating": overall["label"]}),
            )
        ]
        if overall
        else []
    )
    ratings = section("ratings", parts.ratings_table.title, "ratings", overall_paragraphs)
    ratings["table"] = _ratings_table(data, parts, letter)
    sections = [
        section(
            "foreword",
            parts.foreword.title,
            "prose",
            [paragraph("foreword", "", prompt=parts.foreword.prompt.format_map(letter))],
        ),
        ratings,
        section(
            "recommendations",
            parts.recommendations.title,
            "bullets",
            [
                paragraph(
                    "recommendations.1", "", prompt=parts.recommendations.prompt.format_map(letter)
                )
            ],
        ),
        section(
            "sample",
            parts.sample.title,
            "prose",
            [paragraph("sample", _sample_text(data, parts, letter, numerals(template.language)))],
        ),
    ]
    themes = {t["id"]: t for t in data["themes"]}
    for number, domain in enumerate(parts.domains, start=1):
        paragraphs = [
            paragraph(
                f"domain-{number}.summary", "", prompt=domain.summary_prompt.format_map(letter)
            )
        ]
        for theme_id in domain.themes:
            # The template's domains name only the framework's themes (checked at loading).
            theme = themes[theme_id]
            for p in theme["paragraphs"]:
                paragraphs.extend(
                    _standard(p, theme, data, parts, questions_by_paragraph.get(p["id"], []))
                )
        sections.append(section(f"domain-{number}", domain.title, "standards", paragraphs))
    return {
        "schema": SCHEMA,
        "lang": template.lang,
        "inspection": data["inspection"],
        "template": template.key,
        "header": {"to": "", "copy_to": "", "from": "", "publication_date": ""},
        "title": spec.title.format_map(letter),
        "sections": sections,
        "copy_list": [
            {"role": row.role, "organisation": row.organisation.format_map(letter), "names": ""}
            for row in spec.copy_list
        ],
        "notes": list(spec.notes),
        "labels": spec.labels.model_dump(by_alias=True),
        "annex": _annex(data),
    }
