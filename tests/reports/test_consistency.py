from __future__ import annotations

import copy
from typing import Any

import pytest

from casescreen.reports.consistency import check
from casescreen.reports.selectors import report_data, report_identifiers


def _with_text(content: dict[str, Any], key: str, text: str, *, quote: str = "") -> dict[str, Any]:
    content = copy.deepcopy(content)
    for section in content["sections"]:
        for p in section["paragraphs"]:
            if p["key"] == key:
                p["text"] = text
                if quote:
                    p["quotes"] = [{"example_id": 1, "text": quote}]
    return content


def _problems(snapshot: dict[str, Any], key: str, text: str, **kwargs: Any) -> list[Any]:
    content = _with_text(snapshot["content"], key, text, **kwargs)
    return check(
        content, snapshot["data"], names=snapshot["names"], references=snapshot["references"]
    )


def test_all_cases_where_data_says_31_of_33_is_flagged(redbridge_snapshot: Any) -> None:
    problems = _problems(
        redbridge_snapshot,
        "1.1",
        "In all cases, the case manager understood why the child offended.",
    )
    assert [(p.kind, p.paragraph) for p in problems] == [("quantifier", "1.1")]
    assert "31 of 33" in problems[0].message


@pytest.mark.parametrize(
    ("key", "text", "kind"),
    [
        ("1.1", "In every case the case manager understood the offending.", "quantifier"),
        ("1.1", "In all but three cases, the case manager understood.", "quantifier"),
        ("1.1", "In most cases, the case manager understood.", None),
        ("1.1", "In almost all cases, the case manager understood.", None),
        ("2.3", "In all but two of the 20 cases a review was done.", "quantifier"),
        ("2.3", "There were 21 cases needing a review.", "quantifier"),
        ("3.3", "In almost all cases the assessment was reviewed.", "quantifier"),
        ("4.5", "In eight cases there was a speedy return to court.", "quantifier"),
        ("4.5", "In seven cases there was a speedy return to court.", None),
        ("1.6", "In two of the four custody cases, the case manager attended.", "quantifier"),
        ("summary.reoffending", "The reoffending rate was 44.6%.", "figure"),
        (
            "summary.reoffending",
            "This was worse than the previous year and worse than the England and Wales average.",
            "figure",
        ),
        ("context", "We examined 34 cases of children.", "figure"),
        ("context", "We examined 33 cases of children.", None),
        ("4.2", "Bilal spoke to us about the project.", "name"),
        ("4.2", "The case RB15008 showed good work.", "reference"),
        ("4.2", "Grace under pressure is a virtue.", "name"),
    ],
)
def test_text_contradicting_the_data_is_flagged(
    redbridge_snapshot: Any, key: str, text: str, kind: str | None
) -> None:
    problems = _problems(redbridge_snapshot, key, text)
    assert [p.kind for p in problems] == ([kind] if kind else [])


def test_a_childs_name_in_a_quoted_practice_example_is_flagged(redbridge_snapshot: Any) -> None:
    problems = _problems(
        redbridge_snapshot,
        "1.2",
        "We looked at 22 reports.",
        quote="Femi's family helped a great deal.",
    )
    assert [p.kind for p in problems] == ["name"]


def test_a_group_below_the_disclosure_threshold_described_in_words_is_flagged(
    inspection: Any, make_case: Any, lead_inspector: Any
) -> None:
    from casescreen.assessments.models import Answer, Assessment
    from casescreen.reports.services import report_create

    cases = [
        make_case(
            inspection,
            f"TS{i}",
            name=f"Child Number{i}",
            sentence_type="custody" if i < 2 else "referral_order",
        )
        for i in range(6)
    ]
    for case in cases:
        Assessment.objects.filter(case=case).update(status=Assessment.Status.COMPLETED)
        Answer.objects.create(
            assessment=case.assessment, question_id="q1_6_custody_planning", value="yes"
        )
    inspection.status = "drafting"
    inspection.save()
    report = report_create(inspection=inspection, user=lead_inspector)
    generated = [p for p in report.content["sections"][3]["paragraphs"] if p["key"] == "1.6"][0]
    assert "too small to report" in generated["text"]
    snapshot = {
        "content": report.content,
        "data": report_data(inspection),
        "names": report_identifiers(inspection)[0],
        "references": report_identifiers(inspection)[1],
    }
    problems = _problems(
        snapshot,
        "1.6",
        "In both of the two custody cases, the case manager attended; in two cases resettlement was planned.",
    )
    assert "disclosure" in [p.kind for p in problems]


def _set(
    content: dict[str, Any], key: str, text: str, questions: list[str] | None = None
) -> dict[str, Any]:
    content = copy.deepcopy(content)
    for section in content["sections"]:
        for p in section["paragraphs"]:
            if p["key"] == key:
                p["text"] = text
                if questions is not None:
                    p["questions"] = questions
    return content


def _first_key(snapshot: dict[str, Any], section_id: str) -> str:
    section = next(s for s in snapshot["content"]["sections"] if s["id"] == section_id)
    return str(section["paragraphs"][0]["key"])


def test_the_generated_redbridge_draft_has_no_problem(redbridge_snapshot: Any) -> None:
    s = redbridge_snapshot
    assert check(s["content"], s["data"], names=s["names"], references=s["references"]) == []


def test_false_claims_in_the_summary_and_key_strengths_are_flagged(
    redbridge_snapshot: Any,
) -> None:
    s = redbridge_snapshot
    strength = _first_key(s, "key-strengths")
    content = _set(
        s["content"],
        "summary.narrative",
        "In all cases, the case manager understood why the child offended.",
        ["q1_1_offending_understood"],
    )
    content = _set(
        content,
        strength,
        "In almost all cases, staff knew the children well.",
        [],
    )
    problems = check(content, s["data"], names=s["names"], references=s["references"])
    assert [(p.kind, p.section, p.paragraph, p.key) for p in problems] == [
        ("quantifier", "summary", "summary.narrative", "quantifier:summary.narrative:in all cases"),
        ("unchecked", "key-strengths", strength, f"unchecked:{strength}:almost all"),
    ]
    assert "31 of 33" in problems[0].message
    assert problems[0].message.startswith("Summary, paragraph 2 says")
    assert problems[1].message.startswith('Key strengths, item 1 says "almost all"')
    assert "linked to no question" in problems[1].message


def test_a_false_claim_in_a_linked_key_strength_is_flagged(redbridge_snapshot: Any) -> None:
    s = redbridge_snapshot
    strength = _first_key(s, "key-strengths")
    content = _set(
        s["content"],
        strength,
        "In every case, the case manager understood why the child offended.",
        ["q1_1_offending_understood"],
    )
    problems = check(content, s["data"], names=s["names"], references=s["references"])
    assert [(p.kind, p.paragraph) for p in problems] == [("quantifier", strength)]
    assert "31 of 33" in problems[0].message


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("In all cases staff were trained.", ["in all cases"]),
        ("Almost all of the children were seen.", ["almost all"]),
        ("Every one of them had a plan.", ["every one"]),
        ("We read 12 reports.", ["12 reports"]),
        ("In seven cases the order was breached.", ["seven cases"]),
        ("In all but one case the plan was reviewed.", ["all but one"]),
        ("Most of the staff were new.", ["most"]),
        ("In too many cases plans were late; none of the managers knew.", ["too many", "none of"]),
        # Not claims about a share of the cases.
        ("The most serious risks were known; at most a week passed.", []),
        ("We examined 33 cases of children.", []),
        ("The YOT works with its partners.", []),
    ],
)
def test_claims_in_a_paragraph_linked_to_no_question_are_unchecked(
    redbridge_snapshot: Any, text: str, phrases: list[str]
) -> None:
    s = redbridge_snapshot
    content = _set(s["content"], "summary.narrative", text)
    problems = check(content, s["data"], names=s["names"], references=s["references"])
    assert [p.key for p in problems] == [f"unchecked:summary.narrative:{p}" for p in phrases]
    assert {p.kind for p in problems} <= {"unchecked"}


def test_a_claim_in_the_title_is_unchecked(redbridge_snapshot: Any) -> None:
    s = redbridge_snapshot
    content = {**s["content"], "title": "Most work with children in Redbridge is good"}
    problems = check(content, s["data"], names=s["names"], references=s["references"])
    assert [(p.key, p.section) for p in problems] == [("unchecked:title:most", "title")]
    assert problems[0].message.startswith('The title says "most"')


def test_linking_turns_an_unchecked_claim_into_a_checked_one(redbridge_snapshot: Any) -> None:
    s = redbridge_snapshot
    text = "In almost all cases, the case manager understood why the child offended."

    def problems(questions: list[str]) -> list[tuple[str, str]]:
        content = _set(s["content"], "OM", text, questions)
        found = check(content, s["data"], names=s["names"], references=s["references"])
        return [(p.kind, p.key) for p in found]

    assert problems([]) == [("unchecked", "unchecked:OM:almost all")]
    assert problems(["q1_1_offending_understood"]) == []  # 31 of 33
    assert problems(["q1_2_psr_quality"]) == [("quantifier", "quantifier:OM:almost all")]  # 22/22
