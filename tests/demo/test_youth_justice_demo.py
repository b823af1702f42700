"""The demo's youth justice service: inspected under the standards, beside the SQS ones."""

from __future__ import annotations

from typing import Any

from casescreen.accounts.models import User
from casescreen.assessments.models import Assessment
from casescreen.cases.models import Case
from casescreen.demo import youth_justice
from casescreen.inspections.models import Inspection


def test_the_demo_has_a_youth_justice_inspection_with_both_kinds_of_case(demo: Any) -> None:
    inspection = Inspection.objects.get(reference=youth_justice.REFERENCE)
    framework = inspection.framework()
    assert framework.ratings is not None and framework.percentages
    kinds = [framework.kind_of(c.sentence_type) for c in Case.objects.filter(inspection=inspection)]
    assert sum(1 for k in kinds if k and k.id == "court") == youth_justice.COURT_CASES
    assert sum(1 for k in kinds if k and k.id == "out_of_court") == youth_justice.OUT_OF_COURT_CASES
    left = Assessment.objects.filter(
        case__inspection=inspection, status=Assessment.Status.NOT_STARTED
    )
    assert left.count() == 2 * youth_justice.LEFT_TO_ASSESS
    # The cases left to assess are shared among the team.
    assert set(left.values_list("inspector__username", flat=True)) == {"lead", "inspector"}
    # Both kinds of inspection are in the demo side by side.
    assert {i.framework_id for i in Inspection.objects.all()} >= {
        inspection.framework_id,
        Inspection.objects.get(reference="redbridge-2015-02").framework_id,
    }
    assert (
        inspection.framework_id
        != Inspection.objects.get(reference="redbridge-2015-02").framework_id
    )


def test_the_facts_page_asks_for_the_frameworks_facts_only(demo: Any, as_user: Any) -> None:
    inspection = Inspection.objects.get(reference=youth_justice.REFERENCE)
    case = Case.objects.filter(
        inspection=inspection, assessment__status=Assessment.Status.NOT_STARTED
    ).last()
    assert case is not None and case.sentence_type in ("youth_caution", "community_resolution")
    lead = User.objects.get(username="lead")
    html = as_user(lead).get(f"/inspections/{inspection.reference}/cases/{case.reference}/facts/")
    text = html.content.decode()
    assert html.status_code == 200
    assert "Youth caution" in text
    # SQS's facts that the standards' questions do not read are not asked for.
    assert 'name="psr_prepared"' not in text and 'name="identifiable_victim"' not in text
    assert 'name="reoffending_review_required"' in text


def test_a_case_goes_through_the_themes_of_its_kind_only(demo: Any, as_user: Any) -> None:
    inspection = Inspection.objects.get(reference=youth_justice.REFERENCE)
    framework = inspection.framework()
    case = Case.objects.filter(inspection=inspection, sentence_type="youth_caution").first()
    assert case is not None
    assert [t.id for t in framework.case_themes(case.sentence_type)] == ["3"]
    assert [t.id for t in framework.case_themes("referral_order")] == ["2"]
    client = as_user(User.objects.get(username="lead"))
    base = f"/inspections/{inspection.reference}/cases/{case.reference}/"
    page = client.get(base).content.decode()
    assert framework.theme("3").title in page
    assert framework.theme("2").title not in page
    assert framework.theme("1").title not in page  # judged by the inspectors, not per case
    assert client.get(f"{base}themes/3/").status_code == 200
    assert client.get(f"{base}themes/2/").status_code == 404
    assert client.get(f"{base}themes/1/").status_code == 404


def test_the_letter_speaks_of_the_inspections_own_framework(demo: Any) -> None:
    from casescreen.inspections.lifecycle import announcement_letter_html

    standards = announcement_letter_html(Inspection.objects.get(reference=youth_justice.REFERENCE))
    assert "Inspection of youth justice services in Ashwick District Council" in standards
    assert "out-of-court disposals supervised by the service" in standards
    assert "Short Quality Screening" not in standards
    screening = announcement_letter_html(demo)
    assert "Short Quality Screening (SQS) inspection of youth offending work" in screening
    assert "not out-of-court disposals" in screening


def test_a_page_sent_after_its_theme_stopped_applying_is_saved_not_lost(
    demo: Any, as_user: Any
) -> None:
    """The sentence type was corrected (to an out-of-court disposal) while a court theme's
    page was open: what the page sends is saved, the inspector is told it does not count,
    and the theme's page is still not offered for the case."""
    from casescreen.assessments.models import Answer

    inspection = Inspection.objects.get(reference=youth_justice.REFERENCE)
    framework = inspection.framework()
    case = Case.objects.filter(
        inspection=inspection,
        sentence_type__in=framework.case_kinds["out_of_court"].sentence_types,
        assessment__status=Assessment.Status.NOT_STARTED,
    ).first()
    assert case is not None
    question = framework.questions_for_theme("2")[0]
    value = question.scale[0][0]
    client = as_user(User.objects.get(username="lead"))
    base = f"/inspections/{inspection.reference}/cases/{case.reference}/"
    sent = {
        "case_reference": case.reference,
        f"{question.id}-value": value,
        f"{question.id}-evidence": "Seen in the plan",
        f"{question.id}-version": "0",
    }

    response = client.post(f"{base}themes/2/", sent, follow=True)

    assert response.redirect_chain == [(base, 302)]
    assert (
        f"Your answers to {framework.theme('2').title} were saved, but they do not count"
        in response.content.decode()
    )
    saved = Answer.objects.get(assessment__case=case, question_id=question.id)
    assert (saved.value, saved.evidence) == (value, "Seen in the plan")
    assert client.get(f"{base}themes/2/").status_code == 404
    # A theme no case is asked (judged by the inspectors) is still no page to send.
    assert client.post(f"{base}themes/1/", sent).status_code == 404
