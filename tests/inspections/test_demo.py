"""The Redbridge demo reproduces the published report's figures, read back from the database."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.cases.models import Case
from casescreen.demo import data as demo_module
from casescreen.inspections.models import Inspection


def _counts(inspection: Inspection) -> dict[str, tuple[int, int]]:
    framework = inspection.framework()
    cases = list(
        Case.objects.filter(inspection=inspection, sample_status="sampled").select_related(
            "assessment"
        )
    )
    answers = {
        (a.assessment.case_id, a.question_id): a.value
        for a in Answer.objects.filter(assessment__case__inspection=inspection).select_related(
            "assessment"
        )
    }
    result = {}
    for question in framework.questions:
        applying = [c for c in cases if question.applies(c.facts())]
        met = sum(answers.get((c.id, question.id)) == "yes" for c in applying)
        result[question.id] = (met, len(applying))
    return result


def test_the_demo_has_33_completed_assessments(demo: Inspection) -> None:
    assert demo.cases.filter(sample_status="sampled").count() == 33
    assert Assessment.objects.filter(case__inspection=demo, status="completed").count() == 33


def test_the_demo_reproduces_the_figures_the_seed_states(demo: Inspection) -> None:
    counts = _counts(demo)
    assert counts["q1_2_psr_quality"] == (22, 22)
    assert counts["q1_1_offending_understood"] == (31, 33)
    assert counts["q1_6_custody_planning"] == (4, 4)
    assert counts["q2_3_risk_reviewed"] == (17, 20)
    assert counts["q4_5_returned_to_court"][0] == 7
    assert demo.cases.filter(sentence_type="custody").count() == 4


def test_every_demo_count_is_the_documented_one(demo: Inspection) -> None:
    assert _counts(demo) == demo_module.COUNTS


def test_the_demo_reoffending_figures(demo: Inspection) -> None:
    assert str(demo.reoffending_rate) == "43.6"
    assert str(demo.reoffending_national_rate) == "36.1"
    assert demo.reoffending_previous_rate is not None and demo.reoffending_rate is not None
    assert demo.reoffending_previous_rate > demo.reoffending_rate
    assert demo.reoffending_cohort == "April 2012 – March 2013"
    assert demo.reoffending_published == "January 2015"


def test_the_demo_practice_examples_use_changed_names(demo: Inspection) -> None:
    examples = PracticeExample.objects.filter(assessment__case__inspection=demo)
    assert examples.count() == 5
    assert {e.pseudonym for e in examples} == {"Raz", "Joe", ""}
    names = [c.identity.child_name for c in demo.cases.select_related("identity")]
    for example in examples:
        assert not any(name.split()[0] in example.text for name in names)


def test_every_no_has_an_evidence_note(demo: Inspection) -> None:
    missing = Answer.objects.filter(assessment__case__inspection=demo, value="no", evidence="")
    assert not missing.exists()


def test_loading_the_demo_twice_changes_nothing(demo: Inspection) -> None:
    def snapshot() -> dict[str, Any]:
        return {
            "users": list(User.objects.order_by("username").values_list("username", "password")),
            "inspections": Inspection.objects.count(),
            "cases": Case.objects.count(),
            "answers": list(
                Answer.objects.order_by("id").values_list("id", "question_id", "value")
            ),
            "examples": PracticeExample.objects.count(),
        }

    before = snapshot()
    result = demo_module.load_demo("correct-horse-battery-staple")
    assert not result.created
    assert snapshot() == before


def test_the_demo_users_have_their_roles(demo: Inspection) -> None:
    roles = dict(demo.members.values_list("user__username", "role"))
    assert roles == {"lead": "lead", "inspector": "inspector"}
    manager = User.objects.get(username="yotmanager")
    assert manager.role == "yot_manager"
    assert manager.yot == demo.yot


def test_the_demo_applicability_is_consistent_with_answers(demo: Inspection) -> None:
    per_case = (
        Answer.objects.filter(assessment__case__inspection=demo)
        .values("assessment")
        .annotate(n=Count("id"), no=Count("id", filter=Q(value="no")))
    )
    assert all(row["n"] >= 7 for row in per_case)
