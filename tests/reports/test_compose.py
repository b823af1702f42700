from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from casescreen.reports.compose import fieldwork_dates, question_sentence
from casescreen.reports.documents import text_lines
from casescreen.reports.selectors import report_problems
from tests.reports.conftest import FOOTNOTE, REDBRIDGE_STATEMENTS, flat, paragraph


def test_redbridge_draft_states_every_finding_of_the_seed(demo_report: Any) -> None:
    text = flat(" ".join(text_lines(demo_report.content)))
    missing = [s for s in REDBRIDGE_STATEMENTS if s not in text]
    assert missing == []
    assert paragraph(demo_report, "summary.reoffending")["footnote"] == FOOTNOTE


def test_redbridge_draft_has_no_consistency_problem(demo_report: Any) -> None:
    assert report_problems(demo_report) == []


def test_draft_header_uses_role_titles_and_fieldwork_dates(demo_report: Any) -> None:
    header = demo_report.content["header"]
    assert header["to"] == "Chair of the Youth Offending Team Management Board"
    assert header["from"] == "HM Assistant Chief Inspector"
    assert header["publication_date"] == ""
    assert "from 2 to 4 February 2015" in paragraph(demo_report, "opening")["text"]
    roles = [row["role"] for row in demo_report.content["copy_list"]]
    assert "YOT Manager" in roles and "Care Quality Commission" in roles


def test_generated_paragraphs_start_unedited_and_narrative_ones_empty(demo_report: Any) -> None:
    p11 = paragraph(demo_report, "1.1")
    assert p11["edited"] is False and p11["text"] == p11["generated_text"]
    assert p11["questions"] == ["q1_1_offending_understood"]
    assert paragraph(demo_report, "4.2")["text"] == ""


def test_key_strengths_and_improvements_follow_the_documented_rule(demo_report: Any) -> None:
    sections = {s["id"]: s for s in demo_report.content["sections"]}
    strengths = [p["questions"][0] for p in sections["key-strengths"]["paragraphs"]]
    improvements = [p["questions"][0] for p in sections["improvements"]["paragraphs"]]
    assert len(strengths) == 5
    # The five strongest claims: all met, in large groups.
    assert "q1_6_planning_sufficient" in strengths and "q4_4_barriers_planned" in strengths
    # A quarter or more failing: the placed children (3 of 5), vulnerability reviews (7 of 24).
    assert "qafi_placed_children" in improvements
    assert "q3_3_vulnerability_reviewed" in improvements
    # A count of events is never an improvement.
    assert "q4_5_returned_to_court" not in improvements


def test_no_sentence_of_the_seed_is_copied(demo_report: Any) -> None:
    text = flat(" ".join(text_lines(demo_report.content)))
    for sentence in (
        "The aim of the youth justice system is to prevent offending",
        "This report is published on the HMI Probation website",
        "We are grateful for the support we received from staff",
        "we were satisfied that the case manager understood",
    ):
        assert sentence not in text


def _q(met: int, applicable: int, **extra: Any) -> dict[str, Any]:
    q = {
        "met": met,
        "not_met": applicable - met,
        "applicable": applicable,
        "count_noun": "cases",
        "applies_to": "custody cases",
        "met_wording": "it was done",
        "not_met_wording": "it was not done",
        "style": "quantified",
    }
    q.update(extra)
    return q


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (_q(31, 33, applies_to="all cases"), "In all but two cases, it was done."),
        (_q(32, 33, applies_to="all cases"), "In all but one case, it was done."),
        (_q(33, 33, applies_to="all cases"), "In all cases, it was done."),
        (_q(2, 4), "In two of the four custody cases, it was done."),
        (_q(4, 4, count_noun="custody cases"), "In each of the four custody cases, it was done."),
        (_q(17, 20), "There were 20 custody cases. In all but three of these cases, it was done."),
        (_q(1, 2), "too small to report"),
        (_q(0, 0), "The sample included no custody cases."),
        (_q(7, 12, style="count"), "In seven cases it was done."),
    ],
)
def test_question_sentence_states_the_counts_in_words(q: dict[str, Any], expected: str) -> None:
    applicable = q["applicable"] if q["applies_to"] == "all cases" else 33
    sentence = question_sentence(q, cases_examined=applicable, vocabulary="sqs", threshold=3)
    assert expected in sentence


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2015-02-02", "2015-02-04", "2 to 4 February 2015"),
        ("2015-03-30", "2015-04-01", "30 March to 1 April 2015"),
        ("2015-12-30", "2016-01-02", "30 December 2015 to 2 January 2016"),
    ],
)
def test_fieldwork_dates_read_naturally(start: str, end: str, expected: str) -> None:
    from datetime import date

    assert fieldwork_dates(date.fromisoformat(start), date.fromisoformat(end)) == expected


def test_composed_and_published_content_match_the_report_schema(
    demo_report: Any, demo_lead: Any
) -> None:
    from casescreen.reports.content import check_report_content
    from casescreen.reports.services import report_set_annex

    report = report_set_annex(report=demo_report, include=True, user=demo_lead)

    checked = check_report_content(report.content)

    assert checked.inspection == "redbridge-2015-02"
    assert checked.annex.include and checked.annex.themes
    assert sum(len(s.paragraphs) for s in checked.sections) == sum(
        len(s["paragraphs"]) for s in report.content["sections"]
    )
    # A document the renderers could not print is refused, naming the place.
    broken = json.loads(json.dumps(report.content))
    broken["sections"][2]["paragraphs"][0]["quotes"] = [{"text": 1}]
    with pytest.raises(ValidationError, match=r"sections\.2\.paragraphs\.0\.quotes\.0"):
        check_report_content(broken)
