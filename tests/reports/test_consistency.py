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
