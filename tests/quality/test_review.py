"""Quality assurance of completed assessments, through the pages and the services: the
review cycle, the counts on the inspection page, the factual accuracy check waiting for
open queries, and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from casescreen.assessments.models import Answer, Assessment
from casescreen.assessments.services import RecordsFrozen
from casescreen.audit.models import AuditEvent
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.quality import services
from casescreen.quality.models import QualityAssurer, QueriesOverride, Query, QueryMessage, Review
from casescreen.reports.models import Report
from casescreen.reports.services import ReportError, report_create, report_transition
from tests.assessments.conftest import save
from tests.quality.conftest import QUERIED, complete, quality_url


def _status(client: Any, case: Any, action: str) -> Any:
    return client.post(quality_url("quality_case_status", case), {"action": action})


def _counts(client: Any, case: Any) -> str:
    html = client.get(reverse("inspection", args=[case.inspection.reference])).content.decode()
    start = html.index('id="review-counts">') + len('id="review-counts">')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_the_whole_cycle_from_review_to_agreement(
    completed: Any, inspector: Any, lead_inspector: Any, as_user: Any
) -> None:
    case = completed
    lead, own = as_user(lead_inspector), as_user(inspector)
    assert (
        _counts(lead, case)
        == "0 of 1 assessment agreed, 0 returned with queries, 1 awaiting review."
    )
    review_page = lead.get(reverse("quality_review", args=[case.inspection.reference]))
    assert quality_url("quality_case", case) in review_page.content.decode()

    assert _status(lead, case, "start").status_code == 302
    response = lead.post(
        quality_url("quality_case", case),
        {"about": f"answer:{QUERIED}", "text": "The plan on file shows he did understand."},
    )
    assert response.status_code == 302
    query = Query.objects.get()
    assert (query.subject, query.key, query.is_open) == ("answer", QUERIED, True)
    assert _status(lead, case, "return").status_code == 302

    assessment = Assessment.objects.get(case=case)
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.reopen_reason.startswith("Returned by quality assurance: 1 open query")
    assert Review.objects.get().status == Review.Status.RETURNED
    assert _counts(lead, case) == "0 of 1 assessment agreed, 1 returned with queries."

    # The inspector sees the query on the case page, replies and changes the answer.
    html = own.get(reverse("case", args=[case.inspection.reference, case.reference])).content
    assert b"The plan on file shows he did understand." in html
    reply_url = quality_url("quality_query_reply", case, query.pk)
    assert reply_url.encode() in html
    response = own.post(reply_url, {"text": "Agreed, I missed the plan."})
    assert response.status_code == 302
    answer = Answer.objects.get(assessment=assessment, question_id=QUERIED)
    assert save(own, case, QUERIED, "yes", version=answer.version).status_code == 200
    changed = Answer.objects.get(pk=answer.pk)
    assert (changed.value, changed.version) == ("yes", answer.version + 1)
    event = (
        AuditEvent.objects.filter(object_type="Answer", object_id=QUERIED, field="value")
        .order_by("id")
        .last()
    )
    assert event is not None
    assert (event.actor, event.old_value, event.new_value) == ("inspector", "no", "yes")

    complete(own, case)
    assert (
        _counts(lead, case)
        == "0 of 1 assessment agreed, 0 returned with queries, 1 awaiting review."
    )
    assert _status(lead, case, "start").status_code == 302
    page = lead.get(quality_url("quality_case", case)).content.decode()
    assert "Agreed, I missed the plan." in page
    # Agreeing with a query open is refused; the reviewer resolves it first.
    assert _status(lead, case, "agree").status_code == 302
    assert Review.objects.get().status == Review.Status.UNDER_REVIEW
    resolve = quality_url("quality_query_resolve", case, query.pk)
    assert lead.post(resolve).status_code == 302
    assert _status(lead, case, "agree").status_code == 302
    assert Review.objects.get().status == Review.Status.AGREED
    assert _counts(lead, case) == "1 of 1 assessment agreed, 0 returned with queries."
    # The thread stays with the assessment.
    assert list(QueryMessage.objects.values_list("text", flat=True)) == [
        "The plan on file shows he did understand.",
        "Agreed, I missed the plan.",
    ]
    transitions = (
        AuditEvent.objects.filter(object_type="Review")
        .order_by("id")
        .values_list("old_value", "new_value")
    )
    assert list(transitions) == [
        ("Awaiting review", "Under review"),
        ("Under review", "Returned with queries"),
        ("Awaiting review", "Under review"),
        ("Under review", "Agreed"),
    ]


def test_a_query_on_a_fact_is_answered_by_changing_the_fact(
    completed: Any, inspector: Any, lead_inspector: Any
) -> None:
    case = completed
    services.review_start(user=lead_inspector, case=case)
    query = services.query_raise(
        user=lead_inspector, case=case, about="fact:looked_after", text="Is he looked after?"
    )
    services.review_return(user=lead_inspector, case=case)
    assert "Case fact: The child is looked after" in Assessment.objects.get(case=case).reopen_reason
    services.query_reply(user=inspector, case=case, query_id=query.pk, text="Yes, since May.")
    assert [m.text for m in query.messages.all()] == ["Is he looked after?", "Yes, since May."]


def test_a_named_quality_assurer_reviews_and_other_inspectors_may_not(
    completed: Any, inspector: Any, lead_inspector: Any, make_user: Any, as_user: Any
) -> None:
    case = completed
    assurer = make_user("assurer", role="inspector")
    TeamMembership.objects.create(inspection=case.inspection, user=assurer, role="inspector")
    review = reverse("quality_review", args=[case.inspection.reference])
    assert as_user(assurer).get(review).status_code == 403
    assert _status(as_user(assurer), case, "start").status_code == 403

    assurers = reverse("quality_assurers", args=[case.inspection.reference])
    response = as_user(lead_inspector).post(assurers, {"action": "add", "member": assurer.pk})
    assert response.status_code == 302
    assert QualityAssurer.objects.filter(user=assurer).exists()
    # Only an inspector of the team can be named, and only by the lead.
    response = as_user(lead_inspector).post(
        assurers, {"action": "add", "member": lead_inspector.pk}
    )
    assert response.status_code == 400
    assert "Choose an inspector of this inspection" in response.content.decode()
    assert (
        as_user(assurer).post(assurers, {"action": "add", "member": inspector.pk}).status_code
        == 403
    )

    assert as_user(assurer).get(review).status_code == 200
    assert _status(as_user(assurer), case, "start").status_code == 302
    assert Review.objects.get().reviewer == assurer
    services.query_raise(user=assurer, case=case, about=f"answer:{QUERIED}", text="Why no?")
    services.review_return(user=assurer, case=case)
    assert Assessment.objects.get(case=case).status == Assessment.Status.IN_PROGRESS
    # An inspector who is neither the case's nor a reviewer cannot answer its queries.
    other = make_user("other-inspector", role="inspector")
    TeamMembership.objects.create(inspection=case.inspection, user=other, role="inspector")
    query = Query.objects.get()
    reply = quality_url("quality_query_reply", case, query.pk)
    assert as_user(other).post(reply, {"text": "Not mine"}).status_code == 403
    # The queries are not shown on the case page to an inspector not assessing the case.
    case_page = reverse("case", args=[case.inspection.reference, case.reference])
    assert b'id="queries"' not in as_user(other).get(case_page).content
    assert b'id="queries"' in as_user(inspector).get(case_page).content
    assert QueryMessage.objects.count() == 1


def test_a_review_of_an_assessment_not_completed_is_refused(
    case: Any, lead_inspector: Any, as_user: Any
) -> None:
    with pytest.raises(services.QualityError, match="Only a completed assessment"):
        services.review_start(user=lead_inspector, case=case)
    lead = as_user(lead_inspector)
    response = _status(lead, case, "start")
    assert response.status_code == 302
    page = lead.get(response["Location"]).content.decode()
    assert "Only a completed assessment can be reviewed; this one is not started." in page
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "about", ["answer:q9_9_no_such_question", "fact:favourite_colour", "answer:", "colour:red", ""]
)
def test_a_query_on_what_the_framework_lacks_is_refused(
    completed: Any, lead_inspector: Any, as_user: Any, about: str
) -> None:
    services.review_start(user=lead_inspector, case=completed)
    with pytest.raises(services.QualityError) as refused:
        services.query_raise(user=lead_inspector, case=completed, about=about, text="Why?")
    assert refused.value.field == "about"
    response = as_user(lead_inspector).post(
        quality_url("quality_case", completed), {"about": about, "text": "Why?"}
    )
    assert response.status_code == 400
    assert "question or case fact" in response.content.decode()
    assert not Query.objects.exists()


def test_an_empty_query_or_reply_is_refused_naming_the_field(
    completed: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    services.review_start(user=lead_inspector, case=completed)
    response = as_user(lead_inspector).post(
        quality_url("quality_case", completed), {"about": f"answer:{QUERIED}", "text": "  "}
    )
    assert response.status_code == 400
    assert "Enter your query" in response.content.decode()
    query = services.query_raise(
        user=lead_inspector, case=completed, about=f"answer:{QUERIED}", text="Why?"
    )
    response = as_user(inspector).post(
        quality_url("quality_query_reply", completed, query.pk), {"text": ""}
    )
    assert response.status_code == 400
    assert "Enter your reply" in response.content.decode()
    assert QueryMessage.objects.count() == 1


def test_returning_needs_a_query_and_an_inspector_cannot_review(
    completed: Any, lead_inspector: Any, inspector: Any
) -> None:
    services.review_start(user=lead_inspector, case=completed)
    with pytest.raises(services.QualityError, match="Raise a query"):
        services.review_return(user=lead_inspector, case=completed)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.review_agree(user=inspector, case=completed)
    assert Assessment.objects.get(case=completed).status == Assessment.Status.COMPLETED


def test_a_reviewer_cannot_start_or_agree_the_review_of_their_own_assessment(
    completed: Any, inspector: Any, lead_inspector: Any, as_user: Any
) -> None:
    case = completed
    services.quality_assurer_add(user=lead_inspector, inspection=case.inspection, member=inspector)
    own = as_user(inspector)
    response = _status(own, case, "start")
    assert response.status_code == 302
    page = own.get(response["Location"]).content.decode()
    assert "You made this assessment, so you cannot review or agree it." in page
    assert not Review.objects.exists()

    # Started by the lead, the review still cannot be agreed by the case's inspector.
    services.review_start(user=lead_inspector, case=case)
    with pytest.raises(services.QualityError, match="You made this assessment"):
        services.review_agree(user=inspector, case=case)
    assert _status(own, case, "agree").status_code == 302
    review = Review.objects.get()
    assert (review.status, review.reviewer) == (Review.Status.UNDER_REVIEW, lead_inspector)
    assert not AuditEvent.objects.filter(object_type="Review", new_value="Agreed").exists()
    services.review_agree(user=lead_inspector, case=case)
    assert Review.objects.get().status == Review.Status.AGREED


def _report_at_quality_assurance(inspection: Any, lead: Any) -> Report:
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.DRAFTING)
    inspection.refresh_from_db()
    report = report_create(inspection=inspection, user=lead)
    return report_transition(report=report, to=Report.Status.QUALITY_ASSURANCE, user=lead)


def test_the_factual_accuracy_check_waits_for_open_queries_unless_the_lead_says_why(
    completed: Any, lead_inspector: Any, as_user: Any
) -> None:
    services.review_start(user=lead_inspector, case=completed)
    services.query_raise(
        user=lead_inspector, case=completed, about=f"answer:{QUERIED}", text="Why no?"
    )
    report = _report_at_quality_assurance(completed.inspection, lead_inspector)
    with pytest.raises(ReportError, match="1 quality assurance query is still open"):
        report_transition(report=report, to=Report.Status.FACTUAL_ACCURACY, user=lead_inspector)
    lead = as_user(lead_inspector)
    url = reverse("report_transition", args=[completed.inspection.reference])
    page = lead.get(reverse("report", args=[completed.inspection.reference])).content.decode()
    assert "1 quality assurance query is still open" in page
    response = lead.post(url, {"to": "factual_accuracy"}, follow=True)
    assert "1 quality assurance query is still open" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.QUALITY_ASSURANCE
    assert not QueriesOverride.objects.exists()

    reason = "The query is about wording only; the judgement stands."
    assert lead.post(url, {"to": "factual_accuracy", "reason": reason}).status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.FACTUAL_ACCURACY
    override = QueriesOverride.objects.get()
    assert (override.reason, override.open_queries, override.by) == (reason, 1, lead_inspector)
    event = AuditEvent.objects.get(object_type="QueriesOverride")
    assert (event.actor, event.new_value) == ("lead-inspector", reason)


def test_with_every_query_resolved_the_report_moves_without_a_reason(
    completed: Any, lead_inspector: Any
) -> None:
    services.review_start(user=lead_inspector, case=completed)
    query = services.query_raise(
        user=lead_inspector, case=completed, about=f"answer:{QUERIED}", text="Why no?"
    )
    services.query_resolve(user=lead_inspector, case=completed, query_id=query.pk)
    report = _report_at_quality_assurance(completed.inspection, lead_inspector)
    report = report_transition(
        report=report, to=Report.Status.FACTUAL_ACCURACY, user=lead_inspector
    )
    assert report.status == Report.Status.FACTUAL_ACCURACY
    assert not QueriesOverride.objects.exists()


def test_after_publication_every_change_is_refused(
    completed: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    services.review_start(user=lead_inspector, case=completed)
    query = services.query_raise(
        user=lead_inspector, case=completed, about=f"answer:{QUERIED}", text="Why no?"
    )
    Inspection.objects.filter(pk=completed.inspection_id).update(status=Inspection.Status.PUBLISHED)
    completed.inspection.refresh_from_db()
    before = (Query.objects.count(), QueryMessage.objects.count(), Review.objects.get().status)
    calls = [
        lambda: services.query_raise(
            user=lead_inspector, case=completed, about=f"answer:{QUERIED}", text="More?"
        ),
        lambda: services.query_reply(user=inspector, case=completed, query_id=query.pk, text="x"),
        lambda: services.query_resolve(user=lead_inspector, case=completed, query_id=query.pk),
        lambda: services.review_agree(user=lead_inspector, case=completed),
        lambda: services.review_return(user=lead_inspector, case=completed),
        lambda: services.quality_assurer_add(
            user=lead_inspector, inspection=completed.inspection, member=inspector
        ),
    ]
    for call in calls:
        with pytest.raises(RecordsFrozen):
            call()
    lead = as_user(lead_inspector)
    assert _status(lead, completed, "agree").status_code == 403
    resolve = quality_url("quality_query_resolve", completed, query.pk)
    assert lead.post(resolve).status_code == 403
    reply = quality_url("quality_query_reply", completed, query.pk)
    assert as_user(inspector).post(reply, {"text": "Late reply"}).status_code == 403
    after = (Query.objects.count(), QueryMessage.objects.count(), Review.objects.get().status)
    assert after == before
    assert not QualityAssurer.objects.exists()


def test_the_review_page_takes_a_fixed_number_of_queries(
    completed: Any,
    lead_inspector: Any,
    make_case: Any,
    as_user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(5):
        make_case(completed.inspection, f"TS20{n}")
    lead = as_user(lead_inspector)
    url = reverse("quality_review", args=[completed.inspection.reference])
    with django_assert_max_num_queries(12):
        assert lead.get(url).status_code == 200


def test_the_purge_removes_what_people_wrote_in_queries(
    completed: Any, lead_inspector: Any
) -> None:
    from casescreen.dataprotection.retention import PURGED_TEXT
    from casescreen.dataprotection.services import inspection_purge_personal_data

    services.review_start(user=lead_inspector, case=completed)
    services.query_raise(
        user=lead_inspector, case=completed, about=f"answer:{QUERIED}", text="Jamie's plan?"
    )
    QueriesOverride.objects.create(
        inspection=completed.inspection, reason="Jamie's plan is fine", open_queries=1
    )
    Inspection.objects.filter(pk=completed.inspection_id).update(status=Inspection.Status.PUBLISHED)
    inspection_purge_personal_data(inspection=completed.inspection)
    assert list(QueryMessage.objects.values_list("text", flat=True)) == [PURGED_TEXT]
    assert QueriesOverride.objects.get().reason == PURGED_TEXT
    assert not AuditEvent.objects.filter(new_value__contains="Jamie's plan").exists()
    assert Query.objects.get().key == QUERIED
