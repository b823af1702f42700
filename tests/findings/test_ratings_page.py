from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from casescreen.audit.models import AuditEvent
from casescreen.findings.models import StandardJudgement
from casescreen.inspections.models import Inspection


def url(inspection: Any) -> str:
    return reverse("ratings", args=[inspection.reference])


def post(client: Any, inspection: Any, **data: Any) -> Any:
    payload = {"standard": "1.1", "version": "0", "rating": "good", "key_findings": "Strong board."}
    payload.update(data)
    return client.post(url(inspection), payload)


def test_the_page_shows_each_judged_standard_with_its_guidance(
    yj_inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    response = as_user(lead_inspector).get(url(yj_inspection))
    assert response.status_code == 200
    html = response.content.decode()
    ids = [section.paragraph.id for section in response.context["sections"]]
    assert ids == ["1.1", "1.2", "1.3", "1.4", "3.4", "4.1"]
    assert 'id="heading-s1-1">1.1 Governance and leadership</h2>' in html
    assert html.count('class="govuk-details"') == 6
    assert "The service&#x27;s governance and leadership should support" in html
    assert html.count('name="rating" type="radio"') == 6 * 4
    assert 'id="s4-1-key-findings"' in html and "Save rating for 4.1" in html


def test_a_framework_without_ratings_has_no_ratings_page(
    inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    assert as_user(lead_inspector).get(url(inspection)).status_code == 404


def test_the_lead_records_a_rating_with_an_audit_record(
    yj_inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    client = as_user(lead_inspector)
    response = post(client, yj_inspection, key_findings="  Strong board.\nClear vision.  ")
    assert response.status_code == 302 and response["Location"] == url(yj_inspection)
    judgement = StandardJudgement.objects.get(inspection=yj_inspection, standard="1.1")
    assert (judgement.rating, judgement.key_findings, judgement.version) == (
        "good",
        "Strong board.\nClear vision.",
        1,
    )
    assert judgement.updated_by == lead_inspector
    event = AuditEvent.objects.get(object_type="StandardJudgement")
    assert (event.action, event.inspection, event.new_value, event.actor) == (
        AuditEvent.Action.CREATE,
        yj_inspection,
        "good",
        "lead-inspector",
    )
    page = client.get(url(yj_inspection))
    html = page.content.decode()
    assert "Rating for 1.1 Governance and leadership saved" in html
    assert "govuk-notification-banner--success" in html
    assert '<strong class="govuk-tag govuk-tag--turquoise">Good</strong>' in html
    # Changing it needs the version shown, and writes one change per field changed.
    kept = "Strong board.\nClear vision."
    response = post(client, yj_inspection, version="1", rating="outstanding", key_findings=kept)
    assert response.status_code == 302
    judgement.refresh_from_db()
    assert (judgement.rating, judgement.version) == ("outstanding", 2)
    changes = AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE)
    assert [(e.field, e.old_value, e.new_value) for e in changes] == [
        ("rating", "good", "outstanding")
    ]


@pytest.mark.parametrize(
    ("data", "message", "href"),
    [
        ({"rating": ""}, "Select a rating for standard 1.1", "#s1-1-rating"),
        (
            {"rating": "excellent"},
            "Select one of the listed ratings for standard 1.1",
            "#s1-1-rating",
        ),
        ({"key_findings": ""}, "Enter the key findings for standard 1.1", "#s1-1-key-findings"),
        # Spaces only pass the form's required check but not the service's.
        (
            {"key_findings": "   "},
            "Enter the key findings for standard 1.1",
            "#s1-1-key-findings",
        ),
        (
            {"standard": "2.1"},
            "&#x27;2.1&#x27; is not a standard rated by the inspectors",
            "#standards",
        ),
        (
            {"version": "3"},
            "The rating of standard 1.1 was removed since you opened the page",
            "#standard-s1-1",
        ),
    ],
)
def test_each_mistake_is_named_and_nothing_is_saved(
    yj_inspection: Any, lead_inspector: Any, as_user: Any, data: Any, message: str, href: str
) -> None:
    response = post(as_user(lead_inspector), yj_inspection, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f'<a href="{href}">{message}' in html
    assert not StandardJudgement.objects.exists()
    assert not AuditEvent.objects.filter(object_type="StandardJudgement").exists()


def test_both_missing_fields_are_listed(
    yj_inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    response = post(as_user(lead_inspector), yj_inspection, rating="", key_findings="")
    messages = [error["message"] for error in response.context["errors"]]
    assert messages == [
        "Select a rating for standard 1.1",
        "Enter the key findings for standard 1.1",
    ]
    html = response.content.decode()
    assert 'aria-describedby="s1-1-rating-error"' in html
    assert "govuk-textarea--error" in html


def test_a_stale_version_is_refused(yj_inspection: Any, lead_inspector: Any, as_user: Any) -> None:
    client = as_user(lead_inspector)
    assert post(client, yj_inspection).status_code == 302
    response = post(client, yj_inspection, version="0", rating="inadequate")
    assert response.status_code == 400
    assert "was changed by lead-inspector since you opened the page" in response.content.decode()
    assert StandardJudgement.objects.get().rating == "good"


def _page_version(html: str, dom: str) -> str:
    section = html[html.index(f'id="standard-{dom}"') :]
    return section.split('name="version" value="', 1)[1].split('"', 1)[0]


def test_after_a_stale_refusal_the_rating_can_be_recorded_again(
    yj_inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    client = as_user(lead_inspector)
    assert post(client, yj_inspection).status_code == 302
    refused = post(client, yj_inspection, version="0", rating="inadequate")
    assert refused.status_code == 400
    html = refused.content.decode()
    # The form keeps the choice made and carries the version the page now shows.
    assert _page_version(html, "s1-1") == "1"
    assert 'value="inadequate" checked' in html
    again = post(client, yj_inspection, version=_page_version(html, "s1-1"), rating="inadequate")
    assert again.status_code == 302
    judgement = StandardJudgement.objects.get()
    assert (judgement.rating, judgement.version) == ("inadequate", 2)


def test_after_a_removed_rating_is_refused_it_can_be_recorded_again(
    yj_inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    client = as_user(lead_inspector)
    refused = post(client, yj_inspection, version="2")
    assert refused.status_code == 400
    version = _page_version(refused.content.decode(), "s1-1")
    assert version == "0"
    assert post(client, yj_inspection, version=version).status_code == 302
    assert StandardJudgement.objects.get().rating == "good"


def test_only_the_lead_records_ratings(yj_inspection: Any, inspector: Any, as_user: Any) -> None:
    client = as_user(inspector)
    page = client.get(url(yj_inspection))
    assert page.status_code == 200
    assert 'name="rating"' not in page.content.decode()
    assert "Only the lead inspector can record these ratings." in page.content.decode()
    assert post(client, yj_inspection).status_code == 403
    assert not StandardJudgement.objects.exists()


def test_frozen_records_refuse_ratings(
    yj_inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    Inspection.objects.filter(pk=yj_inspection.pk).update(status=Inspection.Status.PUBLISHED)
    client = as_user(lead_inspector)
    page = client.get(url(yj_inspection))
    assert 'name="rating"' not in page.content.decode()
    response = post(client, yj_inspection)
    assert response.status_code == 400
    assert Inspection.RECORDS_FROZEN_MESSAGE in response.content.decode()
    assert not StandardJudgement.objects.exists()


def test_the_service_checks_its_own_rules(
    yj_inspection: Any, lead_inspector: Any, inspector: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    from casescreen.findings.services import JudgementError, standard_judgement_record

    record = {
        "inspection": yj_inspection,
        "standard": "3.4",
        "rating": "good",
        "key_findings": "Joint decisions.",
    }
    with pytest.raises(PermissionDenied):
        standard_judgement_record(user=inspector, **record)
    with pytest.raises(JudgementError, match="'2.1' is not a standard judged"):
        standard_judgement_record(user=lead_inspector, **(record | {"standard": "2.1"}))
    with pytest.raises(JudgementError, match="Choose a rating for standard 3.4 from Outstanding"):
        standard_judgement_record(user=lead_inspector, **(record | {"rating": "fine"}))
    assert not StandardJudgement.objects.exists()
    assert standard_judgement_record(user=lead_inspector, **record).version == 1
