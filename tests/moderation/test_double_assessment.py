"""Blind double assessment through its pages, services, the findings and the command."""

from __future__ import annotations

import json
from html import unescape as html_unescape
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from casescreen.assessments.models import Answer, Assessment
from casescreen.audit.models import AuditEvent
from casescreen.findings.selectors import inspection_findings
from casescreen.moderation.models import DoubleAssessment, Reconciliation
from casescreen.moderation.selectors import double_comparison, inspection_agreement
from casescreen.moderation.services import (
    ModerationRefused,
    double_assessment_choose,
    double_assessment_draw,
    reconcile,
    second_answer,
    second_complete,
)
from casescreen.programme.selectors import ProgrammeFilters, agreement_tables
from tests.moderation.conftest import answer_all as _answer_all
from tests.moderation.conftest import disagree_once as _disagree_once
from tests.signed_out import send_after_the_session_ended


def _first_page_urls(case: Any) -> list[str]:
    args = [case.inspection.reference, case.reference]
    return [
        reverse("case", args=args),
        reverse("case_facts", args=args),
        reverse("theme", args=[*args, "1"]),
        reverse("practice_examples", args=args),
        reverse("check_answers", args=args),
    ]


def test_the_first_assessor_cannot_be_the_second(
    first_done: Any, lead_inspector: Any, inspector: Any
) -> None:
    with pytest.raises(ModerationRefused, match="made the first assessment of case TS1001"):
        double_assessment_choose(
            user=lead_inspector,
            inspection=first_done.inspection,
            cases=[first_done],
            second_inspector=inspector,
        )
    assert not DoubleAssessment.objects.exists()


def test_the_page_refuses_the_first_assessor_with_a_message(
    first_done: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    url = reverse("moderation", args=[first_done.inspection.reference])
    response = as_user(lead_inspector).post(
        url, {"how": "hand", "second_inspector": inspector.pk, "cases": ["TS1001"]}
    )
    assert response.status_code == 400
    assert "made the first assessment of case TS1001" in response.content.decode()
    assert not DoubleAssessment.objects.exists()


def test_a_seeded_draw_chooses_the_same_cases_again(
    inspection: Any, make_case: Any, lead_inspector: Any, inspector: Any
) -> None:
    for i in range(10):
        make_case(inspection, f"TS2{i:03}")
    drawn = double_assessment_draw(
        user=lead_inspector, inspection=inspection, second_inspector=inspector, seed=7
    )
    references = [d.case.reference for d in drawn]
    assert len(references) == 2  # one in five of ten
    DoubleAssessment.objects.all().delete()
    again = double_assessment_draw(
        user=lead_inspector, inspection=inspection, second_inspector=inspector, seed=7
    )
    assert [d.case.reference for d in again] == references
    assert {d.seed for d in again} == {7}


def test_the_second_assessor_gets_404_on_the_first_assessment_until_completed(
    double: DoubleAssessment, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    case = double.case
    lead = as_user(lead_inspector)
    for url in _first_page_urls(case):
        assert lead.get(url).status_code == 404, url
    save = reverse("answer_save", args=[case.inspection.reference, case.reference])
    assert lead.post(save, {"question_id": "x"}).status_code == 404
    # The first assessor still sees their own.
    assert as_user(inspector).get(_first_page_urls(case)[0]).status_code == 200
    # The second assessor's own pages show none of the first assessor's answers.
    args = [case.inspection.reference, case.reference]
    page = lead.get(reverse("second_theme", args=[*args, "1"]))
    assert page.status_code == 200
    assert b"checked" not in page.content
    _answer_all(double, lead_inspector)
    lead.post(reverse("second_assessment", args=args))
    double.refresh_from_db()
    assert double.status == DoubleAssessment.Status.COMPLETED
    for url in _first_page_urls(case):
        assert lead.get(url).status_code == 200, url


def test_the_findings_group_hides_the_case_from_its_second_assessor_until_completed(
    double: DoubleAssessment, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    case = double.case
    question = double_comparison(double)[0].question.id
    Answer.objects.filter(assessment=case.assessment, question_id=question).update(value="no")
    url = reverse("findings_group", args=[case.inspection.reference, question, "not_met"])
    case_link = reverse("case", args=[case.inspection.reference, case.reference])
    lead = as_user(lead_inspector)
    page = lead.get(url)
    assert page.status_code == 200
    assert case_link not in page.content.decode()
    # The first assessor still sees the case they answered "No".
    assert case_link in as_user(inspector).get(url).content.decode()
    _answer_all(double, lead_inspector, differ=question)
    second_complete(user=lead_inspector, double=double)
    assert case_link in lead.get(url).content.decode()


def test_the_audit_records_changes_to_the_second_assessors_evidence(
    double: DoubleAssessment, lead_inspector: Any
) -> None:
    question = double_comparison(double)[0].question.id

    def answer(value: str, evidence: str) -> None:
        second_answer(
            user=lead_inspector,
            double=double,
            question_id=question,
            value=value,
            evidence=evidence,
        )

    answer("no", "Not in the plan.")
    answer("no", "Not in the plan, nor in the review.")
    answer("yes", "")
    events = AuditEvent.objects.filter(object_type="SecondAnswer", object_id=question)
    assert list(events.order_by("id").values_list("action", "field", "old_value", "new_value")) == [
        (AuditEvent.Action.CREATE, "value", "", "no"),
        (AuditEvent.Action.CREATE, "evidence", "", "Not in the plan."),
        (
            AuditEvent.Action.CHANGE,
            "evidence",
            "Not in the plan.",
            "Not in the plan, nor in the review.",
        ),
        (AuditEvent.Action.CHANGE, "value", "no", "yes"),
        (AuditEvent.Action.CHANGE, "evidence", "Not in the plan, nor in the review.", ""),
    ]


def test_second_assessment_pages_are_for_the_second_assessor_only(
    double: DoubleAssessment, inspector: Any, as_user: Any
) -> None:
    args = [double.case.inspection.reference, double.case.reference]
    assert as_user(inspector).get(reverse("second_assessment", args=args)).status_code == 404


def test_an_unreconciled_disagreement_holds_the_case_out_of_the_findings(
    double: DoubleAssessment, lead_inspector: Any
) -> None:
    inspection = double.case.inspection
    question = double_comparison(double)[0].question.id
    before = inspection_findings(inspection).tallies
    assert before.completed == 1
    _answer_all(double, lead_inspector, differ=question)
    second_complete(user=lead_inspector, double=double)
    held = inspection_findings(inspection).tallies
    assert held.completed == 0
    reconcile(
        user=lead_inspector, double=double, question_id=question, value="no", reason="Plan checked"
    )
    after = inspection_findings(inspection).tallies
    assert after.completed == 1
    answer = Answer.objects.get(assessment=double.case.assessment, question_id=question)
    assert (answer.value, answer.version, answer.evidence) == ("no", 2, "Not in the plan.")
    assert Reconciliation.objects.get(question_id=question).reason == "Plan checked"
    assert AuditEvent.objects.filter(
        object_type="Answer", object_id=question, new_value="no"
    ).exists()
    tally = next(t for t in after.questions if t.question_id == question)
    assert tally.met == 0


def test_agreement_is_measured_on_the_first_answer_as_given_before_reconciliation(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any
) -> None:
    inspection = double.case.inspection
    question = _disagree_once(double, lead_inspector)
    # The second assessor's "No" counts: it is written over the first assessor's "Yes".
    reconcile(
        user=lead_inspector, double=double, question_id=question, value="no", reason="Plan checked"
    )
    answer = Answer.objects.get(assessment=double.case.assessment, question_id=question)
    assert answer.value == "no"
    assert Reconciliation.objects.get().first_value == "yes"

    table = inspection_agreement(inspection).overall.table
    assert (table.yes_no, table.no_yes) == (1, 0)
    programme = agreement_tables(ProgrammeFilters(framework=inspection.framework()))
    assert (programme[question].yes_no, programme[question].no_yes) == (1, 0)

    row = next(r for r in double_comparison(double) if r.question.id == question)
    assert (row.first, row.second, row.disagree, row.unreconciled) == ("yes", "no", True, False)
    # Re-reconciling keeps the first answer as given.
    reconcile(user=lead_inspector, double=double, question_id=question, value="yes", reason="r")
    assert Reconciliation.objects.get().first_value == "yes"
    assert inspection_agreement(inspection).overall.table.yes_no == 1

    page = as_user(lead_inspector).get(
        reverse("reconcile", args=[inspection.reference, double.case.reference])
    )
    html = page.content.decode()
    cell = html[html.index(f'id="row-{question}"') :]
    cell = cell[: cell.index("</tr>")]
    assert "Reconciled" in cell and "Agreed" not in cell


def test_the_first_assessors_evidence_outlives_a_reconciliation_that_writes_over_it(
    double: DoubleAssessment, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    case = double.case
    question = double_comparison(double)[0].question.id
    Answer.objects.filter(assessment=case.assessment, question_id=question).update(
        evidence="Seen in the plan with the case manager."
    )
    _answer_all(double, lead_inspector, differ=question)
    second_complete(user=lead_inspector, double=double)

    # The second assessor's answer counts: its evidence is written over the first's.
    reconcile(
        user=lead_inspector, double=double, question_id=question, value="no", reason="Checked"
    )
    answer = Answer.objects.get(assessment=case.assessment, question_id=question)
    assert (answer.value, answer.evidence) == ("no", "Not in the plan.")
    row = next(r for r in double_comparison(double) if r.question.id == question)
    assert row.first_evidence == "Seen in the plan with the case manager."
    page = as_user(lead_inspector).get(
        reverse("reconcile", args=[case.inspection.reference, case.reference])
    )
    html = html_unescape(page.content.decode())
    cell = html[html.index(f'id="row-{question}"') :]
    assert "Seen in the plan with the case manager." in cell[: cell.index("</tr>")]

    # Choosing the first answer after all puts its own evidence back, not the reason.
    reconcile(user=lead_inspector, double=double, question_id=question, value="yes", reason="r")
    answer.refresh_from_db()
    assert (answer.value, answer.evidence) == ("yes", "Seen in the plan with the case manager.")

    # The purge empties it with the other notes.
    from casescreen.dataprotection.services import _purge_typed_text

    _purge_typed_text(case.inspection)
    assert Reconciliation.objects.get().first_evidence == ""


def test_an_answer_changed_after_reconciliation_holds_the_case_again(
    double: DoubleAssessment, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    """The first assessment reopened and the reconciled answer put back: the findings do
    not count the case until the lead reconciles it again."""
    from casescreen.assessments.services import assessment_answer, assessment_reopen

    case = double.case
    question = _disagree_once(double, lead_inspector)
    reconcile(user=lead_inspector, double=double, question_id=question, value="no", reason="r")
    assert inspection_findings(case.inspection).tallies.completed == 1

    assessment_reopen(user=lead_inspector, case=case, reason="Returned", reviewer_checked=True)
    current = Answer.objects.get(assessment=case.assessment, question_id=question)
    assessment_answer(
        user=inspector,
        case=case,
        question_id=question,
        value="yes",
        evidence="",
        based_on_version=current.version,
    )
    # Completed again (as the first_done fixture completes it).
    Assessment.objects.filter(pk=case.assessment.pk).update(status=Assessment.Status.COMPLETED)

    row = next(r for r in double_comparison(double) if r.question.id == question)
    assert row.unreconciled
    assert inspection_findings(case.inspection).tallies.completed == 0
    page = (
        as_user(lead_inspector)
        .get(reverse("reconcile", args=[case.inspection.reference, case.reference]))
        .content.decode()
    )
    assert "has changed since it was reconciled" in html_unescape(page)
    reconcile(user=lead_inspector, double=double, question_id=question, value="yes", reason="s")
    assert inspection_findings(case.inspection).tallies.completed == 1


def test_a_first_assessment_not_completed_cannot_be_reconciled(
    double: DoubleAssessment, lead_inspector: Any
) -> None:
    question = _disagree_once(double, lead_inspector)
    Assessment.objects.filter(pk=double.case.assessment.pk).update(
        status=Assessment.Status.IN_PROGRESS
    )
    double.case.assessment.refresh_from_db()
    with pytest.raises(ModerationRefused, match="first assessment of case TS1001 is not completed"):
        reconcile(user=lead_inspector, double=double, question_id=question, value="no", reason="r")
    assert not Reconciliation.objects.exists()


def test_reconciliation_after_publication_is_refused(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any
) -> None:
    from casescreen.inspections.models import Inspection

    question = _disagree_once(double, lead_inspector)
    Inspection.objects.filter(pk=double.case.inspection.pk).update(
        status=Inspection.Status.PUBLISHED
    )
    args = [double.case.inspection.reference, double.case.reference]
    response = as_user(lead_inspector).post(
        reverse("reconcile", args=args), {"question_id": question, "value": "no", "reason": "r"}
    )
    assert response.status_code == 403
    assert not Reconciliation.objects.exists()


def test_the_lead_reconciles_on_the_side_by_side_page(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any
) -> None:
    question = _disagree_once(double, lead_inspector)
    args = [double.case.inspection.reference, double.case.reference]
    client = as_user(lead_inspector)
    page = client.get(reverse("reconcile", args=args))
    assert "Disagreement" in page.content.decode()
    refused = client.post(reverse("reconcile", args=args), {"question_id": question, "value": "no"})
    assert refused.status_code == 400
    assert "Enter why this is the answer that counts" in refused.content.decode()
    done = client.post(
        reverse("reconcile", args=args),
        {"question_id": question, "value": "yes", "reason": "The first reading stands"},
    )
    assert done.status_code == 302
    assert Reconciliation.objects.get().value == "yes"


def test_demo_redbridge_is_double_assessed_and_keeps_its_findings(demo: Any) -> None:
    doubles = DoubleAssessment.objects.filter(case__inspection=demo)
    assert doubles.count() == 7
    assert all(d.status == DoubleAssessment.Status.COMPLETED for d in doubles)
    assert Reconciliation.objects.filter(double_assessment__in=doubles).count() == 4
    tallies = inspection_findings(demo).tallies
    assert tallies.completed == 33
    out = StringIO()
    call_command("agreement", demo.reference, "--json", stdout=out)
    data = json.loads(out.getvalue())
    overall = data["overall"]
    assert overall["table"]["yes_no"] + overall["table"]["no_yes"] == 4
    assert overall["enough_cases"] is True
    assert -1 <= overall["kappa"]["low"] <= overall["kappa"]["value"] <= 1
    assert 0 < overall["ac1"]["value"] <= 1
    some = next(iter(data["questions"].values()))
    assert some["pairs"] < 10 and some["kappa"] is None and some["enough_cases"] is False


def test_a_second_theme_sent_after_the_session_ended_is_shown_again_unsaved(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any
) -> None:
    client = as_user(lead_inspector)
    page = reverse(
        "second_theme", args=[double.case.inspection.reference, double.case.reference, "1"]
    )
    evidence = "The plan named the risks; I saw it with the case manager."
    data = {
        "q1_1_offending_understood-value": "no",
        "q1_1_offending_understood-evidence": evidence,
    }
    sent = send_after_the_session_ended(client, page, data)

    client.force_login(lead_inspector)  # Django's login(), as the sign-in page calls it
    html = client.get(page).content.decode()
    assert "Not saved: you had been signed out when you sent this page." in html
    assert evidence in html
    assert not double.answers.exists()
    assert client.post(page, sent).status_code == 302
    assert double.answers.get().evidence == evidence


def test_a_reconciliation_sent_without_an_answer_is_shown_again_with_its_errors(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any
) -> None:
    question = _disagree_once(double, lead_inspector)
    args = [double.case.inspection.reference, double.case.reference]
    refused = as_user(lead_inspector).post(
        reverse("reconcile", args=args),
        {"question_id": question, "reason": "The plan <b>was</b> on file"},
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    summary = html[html.index('class="govuk-error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    assert f'<a href="#{question}-yes">Select the answer that counts</a>' in summary
    assert f'id="{question}-yes"' in html
    cell = html[html.index(f'id="row-{question}"') :]
    cell = cell[: cell.index("</tr>")]
    assert "govuk-form-group--error" in cell
    assert f'id="{question}-value-error"' in cell
    assert "Select the answer that counts</p>" in cell
    assert "The plan &lt;b&gt;was&lt;/b&gt; on file</textarea>" in cell
    assert "checked" not in cell
    assert not Reconciliation.objects.exists()


def test_a_reconciled_answer_is_shown_in_welsh_on_the_welsh_page(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any, settings: Any
) -> None:
    question = _disagree_once(double, lead_inspector)
    reconcile(
        user=lead_inspector, double=double, question_id=question, value="no", reason="Gwiriwyd"
    )
    client = as_user(lead_inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    args = [double.case.inspection.reference, double.case.reference]
    html = client.get(reverse("reconcile", args=args)).content.decode()
    cell = html[html.index(f'id="row-{question}"') :]
    cell = cell[: cell.index("</tr>")]
    assert "</strong> Na: <q>Gwiriwyd" in cell
    assert "No:" not in cell


def test_a_reconciliation_that_changes_an_answer_puts_an_agreed_review_back(
    double: DoubleAssessment, lead_inspector: Any
) -> None:
    from casescreen.quality.selectors import AGREED, AWAITING, review_rows
    from casescreen.quality.services import review_agree, review_start

    case, inspection = double.case, double.case.inspection
    question = _disagree_once(double, lead_inspector)
    review_start(user=lead_inspector, case=case)
    review_agree(user=lead_inspector, case=case)
    [row] = review_rows(inspection)
    assert row.state == AGREED
    # Keeping the first assessor's answer changes nothing: the review stands.
    reconcile(user=lead_inspector, double=double, question_id=question, value="yes", reason="r")
    [row] = review_rows(inspection)
    assert row.state == AGREED
    reconcile(user=lead_inspector, double=double, question_id=question, value="no", reason="r")
    [row] = review_rows(inspection)
    assert row.state == AWAITING
    assert Answer.objects.get(assessment=case.assessment, question_id=question).value == "no"
