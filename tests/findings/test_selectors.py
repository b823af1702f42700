from __future__ import annotations

from typing import Any

import pytest
from scipy.stats import binomtest

from casescreen.assessments.models import Answer, Assessment
from casescreen.findings.presentation import basis, findings_as_json, format_interval
from casescreen.findings.selectors import inspection_findings

# Paragraph -> expected words per question, from DOMAIN.md section 4 and the seed report.
SEED_PHRASES: dict[str, str] = {
    "q1_1_offending_understood": "all but two",
    "q1_2_psr_quality": "all",  # "every one"
    "q1_3_reoffending_review": "almost all",
    "q1_4_plan_used_well": "almost all",
    "q1_5_referral_order_seen": "all",
    "q1_6_planning_sufficient": "all",
    "q1_6_custody_planning": "all",
    "q2_1_psr_risk_of_harm": "all",
    "q2_2_risk_understood": "all but one",
    "q2_3_risk_reviewed": "all but three",
    "q2_4_risk_planning": "almost all",
    "q2_5_victims": "all but three",
    "q2_6_oversight": "all but three",
    "q3_1_psr_vulnerability": "all",
    "q3_2_vulnerability_understood": "almost all",
    "q3_3_vulnerability_reviewed": "most",
    "q3_4_vulnerability_plans": "almost all",
    "q3_5_vulnerability_plans_reviewed": "most",
    "q4_1_diversity_understood": "all but one",
    "q4_4_barriers_planned": "all",
    "q4_5_non_compliance_response": "all but one",
    "q4_5_returned_to_court": "seven",  # "in seven cases there was a speedy return to court"
}


def test_redbridge_phrases_match_the_seed_report(demo: Any) -> None:
    findings = inspection_findings(demo)
    tallies = {t.question_id: t for t in findings.tallies.questions}
    phrases = {qid: tallies[qid].phrase(findings.vocabulary) for qid in SEED_PHRASES}
    assert phrases == SEED_PHRASES
    assert (tallies["q1_2_psr_quality"].met, tallies["q1_2_psr_quality"].applicable) == (22, 22)
    assert (tallies["q2_3_risk_reviewed"].met, tallies["q2_3_risk_reviewed"].applicable) == (17, 20)
    assert (tallies["q1_6_custody_planning"].applicable, tallies["q4_5_returned_to_court"].met) == (
        4,
        7,
    )
    placed = tallies["qafi_placed_children"]
    assert placed.failing_phrase(findings.vocabulary) == "too many"
    assert basis(findings.tallies) == "based on 33 completed assessments"


def test_every_quantified_paragraph_of_the_seed_is_checked(demo: Any) -> None:
    framework = demo.framework()
    paragraphs = {q.paragraph for q in framework.questions if q.id in SEED_PHRASES}
    assert paragraphs == {
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
        "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.4", "4.5",
    }  # fmt: skip
    assert {q.id for q in framework.questions} - set(SEED_PHRASES) == {"qafi_placed_children"}


def test_incomplete_assessments_are_excluded_and_counted(demo: Any) -> None:
    reopened = ["RB15001", "RB15008"]
    Assessment.objects.filter(case__inspection=demo, case__reference__in=reopened).update(
        status=Assessment.Status.IN_PROGRESS
    )
    tallies = inspection_findings(demo).tallies
    assert basis(tallies) == "based on 31 completed assessments of 33"
    assert tallies.excluded_refs == tuple(reopened)
    for question in tallies.questions:
        groups = question.met_refs + question.not_met_refs + question.not_applicable_refs
        assert not set(groups) & set(reopened)
        assert question.met + question.not_met + question.not_applicable == 31


@pytest.mark.parametrize("count", [10, 100])
def test_findings_take_two_queries_whatever_the_number_of_cases(
    inspection: Any, populate: Any, count: int, django_assert_num_queries: Any
) -> None:
    populate(inspection, count)
    inspection.framework()  # the question set is read from disk once and kept
    # The cases with their answers, and the double-assessed cases (none here) whose
    # unreconciled disagreements hold them out of the findings.
    with django_assert_num_queries(2):
        findings = inspection_findings(inspection)
    assert findings.tallies.completed == count
    assert (
        sum(t.met + t.not_met for t in findings.tallies.questions)
        == Answer.objects.filter(assessment__case__inspection=inspection).count()
    )


def test_disclosure_threshold_comes_from_settings(
    inspection: Any, populate: Any, settings: Any
) -> None:
    populate(inspection, 10)
    settings.CASESCREEN_DISCLOSURE_THRESHOLD = 5
    findings = inspection_findings(inspection)
    custody = next(
        t for t in findings.tallies.questions if t.question_id == "q1_6_custody_planning"
    )
    assert custody.applicable == 3
    assert findings.disclosure_threshold == 5
    exported = {q["id"]: q for q in findings_as_json(findings)["questions"]}
    assert exported["q1_6_custody_planning"]["disclosive"] is True
    settings.CASESCREEN_DISCLOSURE_THRESHOLD = 3
    exported = {q["id"]: q for q in findings_as_json(inspection_findings(inspection))["questions"]}
    assert exported["q1_6_custody_planning"]["disclosive"] is False


def test_cases_of_other_inspections_and_unsampled_cases_are_not_counted(
    inspection: Any, demo: Any, populate: Any, make_case: Any
) -> None:
    populate(inspection, 5)
    make_case(inspection, "POP1", sample_status="population")
    tallies = inspection_findings(inspection).tallies
    assert (tallies.completed, tallies.total) == (5, 5)
    why = tallies.questions[0]
    assert all(ref.startswith("GEN") for ref in why.met_refs + why.not_met_refs)


def test_wilson_interval_matches_scipy_for_the_demo(demo: Any) -> None:
    exported = findings_as_json(inspection_findings(demo))
    for question in exported["questions"]:
        ci = binomtest(question["met"], question["applicable"]).proportion_ci(method="wilson")
        assert question["wilson_low"] == pytest.approx(ci.low, abs=1e-9)
        assert question["wilson_high"] == pytest.approx(ci.high, abs=1e-9)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        ((0.8, 0.98), "80% to 98%"),
        ((0.125, 0.995), "13% to 99%"),  # half up, not to even; 100% only when it is
        ((0.0, 1.0), "0% to 100%"),
        ((0.50499, 0.51), "50% to 51%"),
        (None, "No applicable cases"),
    ],
)
def test_format_interval(interval: tuple[float, float] | None, expected: str) -> None:
    assert format_interval(interval) == expected
