"""Draft a report from findings: a plain data structure, stored as JSON and rendered later.

The builder is pure: :func:`compose` takes the data snapshot made by
:func:`casescreen.reports.selectors.report_data` (counts, wording and figures,
no personal data) and returns the document. Every paragraph keeps the sentence
generated from the data (``generated_text``) next to the text the report will
print (``text``), and ``edited`` says whether the lead inspector changed it.

Key strengths and areas requiring improvement follow the documented rule of
:func:`casescreen.domain.findings.propose_strengths_and_improvements`; of the
proposed strengths the draft keeps the five strongest claims (largest share,
then largest group, then question order) so that the list stays a list of
*key* strengths. The lead inspector edits both lists.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from casescreen.domain.findings import QuestionTally, Tallies, propose_strengths_and_improvements
from casescreen.domain.percent import percent_text
from casescreen.domain.quantifiers import describe, number_words, strength
from casescreen.domain.statistics import is_disclosive

SCHEMA = 1
MAX_KEY_STRENGTHS = 5
LANG = "en-GB"

TO = "Chair of the Youth Offending Team Management Board"
FROM = "HM Assistant Chief Inspector"
COPY_TO = "See copy list at end"
REOFFENDING_SOURCE = "Source: Ministry of Justice"

COPY_LIST = (
    ("YOT Manager", "yot"),
    ("Local Authority Chief Executive", "authority"),
    ("Director of Children's Services", "authority"),
    ("Lead Elected Member for Children's Services", "authority"),
    ("Lead Elected Member for Crime", "authority"),
    ("Police and Crime Commissioner", "Police and crime"),
    ("Chair of the Local Safeguarding Children Board", "authority"),
    ("Chair of the Youth Court Bench", "HM Courts and Tribunals Service"),
    ("YJB Business Area Manager", "Youth Justice Board"),
    ("YJB link staff", "Youth Justice Board"),
    ("Ofsted – Further Education and Learning", "Ofsted"),
    ("Ofsted – Social Care", "Ofsted"),
    ("Care Quality Commission", "Care Quality Commission"),
    ("HM Inspectorate of Constabulary", "HM Inspectorate of Constabulary"),
)

NOTES = (
    "We are an independent inspectorate. We report to Ministers and the public on how "
    "well work with people who have offended, or may offend, is done; we help the "
    "organisations we inspect to improve, and so help the criminal justice system work better.",
    "The criteria we inspect against are published on our website.",
    "A paper copy of this report is available from our communications team on request.",
)


def count_text(n: int) -> str:
    """Numbers below ten in words, larger ones in digits (report style)."""
    return number_words(n) if n < 10 else str(n)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def fieldwork_dates(start: date, end: date) -> str:
    """'2 to 4 February 2015', or '30 March to 1 April 2015' across months."""
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"


def _tally(q: dict[str, Any]) -> QuestionTally:
    return QuestionTally(
        question_id=q["id"],
        paragraph=q["paragraph"],
        theme=q["theme"],
        style=q["style"],
        applicable=q["applicable"],
        met=q["met"],
        not_met=q["not_met"],
        not_applicable=0,
        unanswered=0,
        met_refs=(),
        not_met_refs=(),
        not_applicable_refs=(),
        unanswered_refs=(),
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def question_sentence(
    q: dict[str, Any], *, cases_examined: int, vocabulary: str, threshold: int
) -> str:
    """The generated sentence for one question's findings, in the framework's wording."""
    met, applicable, noun = q["met"], q["applicable"], q["count_noun"]
    met_text = q["met_wording"]
    if applicable == 0:
        return f"The sample included no {q['applies_to']}."
    if is_disclosive(applicable, threshold):
        return (
            f"The number of {q['applies_to']} in the sample was too small to report on "
            "without risk of identifying a child."
        )
    if q["style"] == "count":
        if met == 0:
            return _capital(f"there were no {noun} in which {met_text}.")
        return f"In {number_words(met) if met <= 20 else met} {noun} {met_text}."
    phrase = describe(met, applicable, vocabulary=vocabulary)
    if met == 0:
        if noun != "cases":
            return f"In none of the {count_text(applicable)} {noun}, {met_text}."
        if applicable == cases_examined:
            return f"In none of the cases, {met_text}."
        return f"In none of the {q['applies_to']}, {met_text}."
    if noun != "cases":
        if met == applicable:
            if applicable < 10:
                return f"In each of the {count_text(applicable)} {noun}, {met_text}."
            return f"We looked at {count_text(applicable)} {noun} and in every one, {met_text}."
        if " of the " in phrase:
            return f"In {phrase} {noun}, {met_text}."
        return f"We looked at {count_text(applicable)} {noun}. In {phrase} of them, {met_text}."
    if applicable == cases_examined:
        if met == applicable:
            return f"In all cases, {met_text}."
        if " of the " in phrase:
            return f"In {phrase} cases, {met_text}."
        if phrase == "all but one":
            return f"In all but one case, {met_text}."
        return f"In {_band_phrase(phrase)} cases, {met_text}."
    if " of the " in phrase:
        return f"In {phrase} {q['applies_to']}, {met_text}."
    intro = f"There were {count_text(applicable)} {q['applies_to']}."
    if met == applicable:
        return f"{intro} In all of these cases, {met_text}."
    return f"{intro} In {phrase} of these cases, {met_text}."


def _band_phrase(phrase: str) -> str:
    # "half" reads "half of the cases"; the others read directly before "cases".
    return "half of the" if phrase == "half" else phrase


def improvement_sentence(q: dict[str, Any]) -> str:
    return f"In too many cases, {q['not_met_wording']}."


def paragraph(
    key: str,
    text: str,
    *,
    number: str = "",
    questions: tuple[str, ...] = (),
    footnote: str = "",
    title: str = "",
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


def _reoffending(data: dict[str, Any]) -> dict[str, Any] | None:
    r = data.get("reoffending")
    if not r or r.get("rate") is None or r.get("national") is None:
        return None
    sentence = (
        f"The published reoffending rate for {data['area']} was {r['rate']}%. "
        f"This was {r['comparison']}."
    )
    footnote = (
        f"Published {r['published']} based on binary reoffending rates after 12 months "
        f"for the {r['cohort']} cohort. {REOFFENDING_SOURCE}"
    )
    return paragraph("summary.reoffending", sentence, questions=(), footnote=footnote)


def _strengths(data: dict[str, Any], tallies: Tallies) -> list[dict[str, Any]]:
    by_id = {q["id"]: q for q in data["questions"]}
    proposals = propose_strengths_and_improvements(tallies, data["vocabulary"])
    ranked = sorted(
        enumerate(proposals.strengths),
        key=lambda item: (
            -strength(
                by_id[item[1].question_id]["met"],
                by_id[item[1].question_id]["applicable"],
                data["vocabulary"],
            ),
            -by_id[item[1].question_id]["applicable"],
            item[0],
        ),
    )[:MAX_KEY_STRENGTHS]
    kept = sorted(ranked, key=lambda item: item[0])
    strengths = [
        paragraph(
            f"strength.{p.question_id}",
            _sentence(by_id[p.question_id], data),
            questions=(p.question_id,),
        )
        for _, p in kept
    ]
    improvements = [
        paragraph(
            f"improvement.{p.question_id}",
            improvement_sentence(by_id[p.question_id]),
            questions=(p.question_id,),
        )
        for p in proposals.improvements
        if not is_disclosive(by_id[p.question_id]["applicable"], data["threshold"])
    ]
    return [
        section("key-strengths", "Key strengths", "bullets", strengths),
        section("improvements", "Areas requiring improvement", "bullets", improvements),
    ]


def _sentence(q: dict[str, Any], data: dict[str, Any]) -> str:
    return question_sentence(
        q,
        cases_examined=data["cases_examined"],
        vocabulary=data["vocabulary"],
        threshold=data["threshold"],
    )


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


def compose(data: dict[str, Any]) -> dict[str, Any]:
    """Build the draft report document from a data snapshot (see module docstring)."""
    start = date.fromisoformat(data["fieldwork_start"])
    end = date.fromisoformat(data["fieldwork_end"])
    authority = data["local_authority"]
    questions_by_paragraph: dict[str, list[dict[str, Any]]] = {}
    for q in data["questions"]:
        questions_by_paragraph.setdefault(q["paragraph"], []).append(q)

    opening = paragraph(
        "opening",
        f"We carried out this inspection from {fieldwork_dates(start, end)} as part of our "
        "programme of inspecting youth offending work. The report is published on our "
        "website, and we send a copy to partner inspectorates, to inform their own "
        "inspections, and to the Youth Justice Board (YJB).",
    )
    context = paragraph(
        "context",
        "The youth justice system exists to prevent offending by children and young people. "
        "Work done well at the start of a sentence, understanding the child and planning "
        "what will help, makes a good outcome much more likely. "
        f"We examined {count_text(data['cases_examined'])} cases of children and young people "
        f"who had recently offended and were supervised by {data['yot']}. Wherever we could, "
        "we did this together with the case manager, so that staff could learn from it.",
    )
    summary = [p for p in (_reoffending(data),) if p is not None]
    summary.append(paragraph("summary.narrative", ""))

    sections = [
        section("opening", "", "prose", [opening]),
        section("context", "Context", "prose", [context]),
        section("summary", "Summary", "prose", summary),
    ]
    operational: list[dict[str, Any]] = []
    for theme in data["themes"]:
        paragraphs = []
        for p in theme["paragraphs"]:
            qs = questions_by_paragraph.get(p["id"], [])
            text = " ".join(_sentence(q, data) for q in qs)
            paragraphs.append(
                paragraph(
                    p["id"],
                    text,
                    number=p["id"],
                    title=p["title"],
                    questions=tuple(q["id"] for q in qs),
                )
            )
        if theme["id"].isdigit():
            sections.append(
                section(
                    f"theme-{theme['id']}",
                    theme["title"],
                    "numbered",
                    paragraphs,
                    number=theme["id"],
                )
            )
        else:
            # The operational management theme holds one narrative paragraph; its
            # other paragraphs feed the areas requiring improvement.
            operational.extend(p for p in paragraphs if not p["questions"])
    sections.append(
        section(
            "operational-management",
            "Operational management",
            "prose",
            operational or [paragraph("OM", "")],
        )
    )
    sections.extend(_strengths(data, _tallies(data)))
    sections.append(
        section(
            "closing",
            "",
            "prose",
            [
                paragraph(
                    "closing.thanks",
                    "We are grateful to the staff of the YOT for their help in preparing for "
                    "and taking part in this inspection. Please pass on our thanks to them, "
                    "and make sure that they hear about these findings.",
                ),
                paragraph(
                    "closing.contact",
                    "If you have any questions about the inspection, please contact the lead "
                    "inspector through HM Inspectorate of Probation.",
                ),
            ],
        )
    )
    return {
        "schema": SCHEMA,
        "lang": LANG,
        "inspection": data["inspection"],
        "header": {"to": TO, "copy_to": COPY_TO, "from": FROM, "publication_date": ""},
        "title": (
            f"Report of Short Quality Screening (SQS) of youth offending work in the {authority}"
        ),
        "sections": sections,
        "copy_list": [
            {"role": role, "organisation": _organisation(org, data)} for role, org in COPY_LIST
        ],
        "notes": list(NOTES),
        "annex": _annex(data),
    }


def _organisation(kind: str, data: dict[str, Any]) -> str:
    if kind == "yot":
        return str(data["yot"])
    if kind == "authority":
        return str(data["local_authority"])
    if kind == "Police and crime":
        return "Office of the Police and Crime Commissioner"
    return kind


def _tallies(data: dict[str, Any]) -> Tallies:
    return Tallies(
        questions=tuple(_tally(q) for q in data["questions"]),
        completed=data["cases_examined"],
        total=data["cases_examined"],
        excluded_refs=(),
    )
