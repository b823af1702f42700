"""Properties: the generated wording never contradicts the counts it was generated from."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from casescreen.domain.quantifiers import describe_failing
from casescreen.frameworks.report_templates import template_for
from casescreen.reports.compose import Wording, paragraph, section
from casescreen.reports.consistency import check

THRESHOLD = 3
TEMPLATE = template_for("sqs@2015.1")


@st.composite
def findings(draw: Any) -> tuple[dict[str, Any], int]:
    cases_examined = draw(st.integers(min_value=THRESHOLD, max_value=80))
    whole_sample = draw(st.booleans())
    applicable = (
        cases_examined if whole_sample else draw(st.integers(min_value=0, max_value=cases_examined))
    )
    met = draw(st.integers(min_value=0, max_value=applicable))
    q = {
        "id": "q",
        "paragraph": "1.1",
        "met": met,
        "not_met": applicable - met,
        "applicable": applicable,
        "style": draw(st.sampled_from(["quantified", "quantified", "count"])),
        "count_noun": draw(st.sampled_from(["cases", "reports", "custody cases"])),
        "applies_to": "all cases" if whole_sample else "cases where a review was required",
        "met_wording": "the work was done well",
        "not_met_wording": "the work was not done well",
    }
    return q, cases_examined


def consistency_problems(
    q: dict[str, Any], cases_examined: int, text: str, lang: str = "en-GB"
) -> list[Any]:
    """The consistency check's problems with ``text`` as the one paragraph of a report in
    ``lang`` about the one question ``q``."""
    content = {
        "lang": lang,
        "title": "Report",
        "sections": [
            section(
                "theme-1",
                "Theme",
                "numbered",
                [paragraph("1.1", text, number="1.1", questions=("q",))],
            )
        ],
    }
    data = {
        "questions": [q],
        "threshold": THRESHOLD,
        "cases_examined": cases_examined,
        "reoffending": None,
        "vocabulary": "sqs",
    }
    return check(content, data)


@settings(max_examples=400, deadline=None)
@given(findings())
def test_a_generated_sentence_never_fails_the_consistency_check(
    case: tuple[dict[str, Any], int],
) -> None:
    q, cases_examined = case
    wording = Wording(TEMPLATE)
    # Each alternative form the template offers, in turn.
    for _ in range(3):
        text = wording.question(q, cases_examined=cases_examined, threshold=THRESHOLD)
        assert consistency_problems(q, cases_examined, text) == []


@settings(max_examples=200, deadline=None)
@given(findings())
def test_too_many_is_accepted_exactly_when_a_quarter_or_more_failed(
    case: tuple[dict[str, Any], int],
) -> None:
    q, cases_examined = case
    if q["not_met"] == 0:
        return  # nothing failed: no improvement sentence is written
    problems = consistency_problems(
        q, cases_examined, f"In too many cases, {q['not_met_wording']}."
    )
    if describe_failing(q["not_met"], q["applicable"], TEMPLATE.vocabulary) != "too many":
        assert [p.kind for p in problems] == ["quantifier"]
    elif q["applicable"] < THRESHOLD:
        # True, but of a group too small to describe: the draft never proposes it.
        assert [p.kind for p in problems] == ["disclosure"]
    else:
        assert problems == []
