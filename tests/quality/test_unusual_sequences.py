"""Quality assurance when the sample changes under it: a case outside the sample, and a
returned assessment whose case is then excluded."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from casescreen.assessments.models import Assessment
from casescreen.cases.models import Case
from casescreen.inspections.models import Inspection
from casescreen.quality import services
from casescreen.quality.models import QueriesOverride, Review
from casescreen.quality.selectors import open_query_count
from casescreen.reports.models import Report
from casescreen.reports.services import report_create, report_transition
from tests.quality.conftest import QUERIED, quality_url


def test_a_case_outside_the_sample_has_no_review_page(
    inspection: Any, make_case: Any, lead_inspector: Any, as_user: Any
) -> None:
    case = make_case(inspection, "TS4001", sample_status=Case.SampleStatus.POPULATION)
    # A case of the population has no assessment.
    Assessment.objects.filter(case=case).delete()
    lead = as_user(lead_inspector)
    assert lead.get(quality_url("quality_case", case)).status_code == 404
    response = lead.post(quality_url("quality_case_status", case), {"action": "start"})
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_queries_on_a_case_excluded_after_its_return_do_not_hold_back_the_report(
    completed: Any, lead_inspector: Any, as_user: Any
) -> None:
    case, inspection = completed, completed.inspection
    services.review_start(user=lead_inspector, case=case)
    services.query_raise(user=lead_inspector, case=case, about=f"answer:{QUERIED}", text="Why?")
    services.review_return(user=lead_inspector, case=case)
    assert open_query_count(inspection) == 1
    # Returned, so in progress again, and then excluded from the sample (the review page
    # lists the sampled cases only, so the lead could not find the query to resolve it).
    Case.objects.filter(pk=case.pk).update(sample_status=Case.SampleStatus.EXCLUDED)
    assert open_query_count(inspection) == 0

    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.DRAFTING)
    inspection.refresh_from_db()
    report = report_create(inspection=inspection, user=lead_inspector)
    report = report_transition(
        report=report, to=Report.Status.QUALITY_ASSURANCE, user=lead_inspector
    )
    page = as_user(lead_inspector).get(reverse("report", args=[inspection.reference]))
    assert "quality assurance query is still open" not in page.content.decode()
    report = report_transition(
        report=report, to=Report.Status.FACTUAL_ACCURACY, user=lead_inspector
    )
    assert report.status == Report.Status.FACTUAL_ACCURACY
    assert not QueriesOverride.objects.exists()
