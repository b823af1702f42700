"""What a lead inspector meets in the week of fieldwork: a team member leaving, cases
not yet allocated, a published report, a self-assessment, a very long name."""

from __future__ import annotations

import io
import re
from datetime import date, time
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from casescreen.assessments.models import Assessment
from casescreen.fieldwork.models import Interview, Unavailability
from casescreen.fieldwork.services import (
    allocation_assign,
    timetable_apply_suggestion,
    unavailability_add,
)
from casescreen.inspections.models import TeamMembership


@pytest.fixture
def cases(inspection: Any, make_case: Any) -> list[Any]:
    managers = ["Ann Able", "Ann Able", "Bob Best", "Cat Cole"]
    return [make_case(inspection, f"TS{100 + i}", case_manager=m) for i, m in enumerate(managers)]


def _url(name: str, inspection: Any, *args: Any) -> str:
    return reverse(name, args=[inspection.reference, *args])


def _messages(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _inspectors(inspection: Any) -> dict[str, Any]:
    return dict(
        Assessment.objects.filter(case__inspection=inspection).values_list(
            "case__reference", "inspector__username"
        )
    )


def test_the_suggestion_shares_out_the_cases_of_someone_who_left_the_team(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    allocation_assign(
        user=lead_inspector,
        inspection=inspection,
        references=[c.reference for c in cases],
        inspector=inspector,
    )
    # The inspector assessed one case, then left the team: the other three need someone.
    Assessment.objects.filter(case__reference="TS100").update(status="completed")
    TeamMembership.objects.filter(inspection=inspection, user=inspector).delete()
    client = as_user(lead_inspector)

    page = client.get(_url("allocation", inspection)).content.decode()
    assert "Apply the suggested allocation to 3 cases" in page

    response = client.post(_url("allocation_suggest", inspection))
    assert _messages(response) == ["The suggested allocation was applied to 3 cases."]
    assert _inspectors(inspection) == {
        "TS100": "inspector",
        "TS101": "lead-inspector",
        "TS102": "lead-inspector",
        "TS103": "lead-inspector",
    }


def test_the_timetable_suggestion_names_the_cases_without_an_inspector(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    allocation_assign(
        user=lead_inspector, inspection=inspection, references=["TS100"], inspector=inspector
    )

    response = as_user(lead_inspector).post(_url("timetable_suggest", inspection))

    assert _messages(response) == [
        "1 interview booked. Cases TS101, TS102, TS103 have no inspector yet: allocate them first."
    ]
    assert list(Interview.objects.values_list("case__reference", flat=True)) == ["TS100"]
    assert timetable_apply_suggestion(user=lead_inspector, inspection=inspection) == (
        0,
        [],
        ["TS101", "TS102", "TS103"],
    )


def test_the_timetable_books_no_case_with_someone_who_left_the_team(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    allocation_assign(
        user=lead_inspector,
        inspection=inspection,
        references=[c.reference for c in cases],
        inspector=inspector,
    )
    allocation_assign(
        user=lead_inspector, inspection=inspection, references=["TS103"], inspector=lead_inspector
    )
    # The inspector assessed TS100, then left the team.
    Assessment.objects.filter(case__reference="TS100").update(status="completed")
    TeamMembership.objects.filter(inspection=inspection, user=inspector).delete()
    client = as_user(lead_inspector)

    response = client.post(_url("timetable_suggest", inspection))

    assert _messages(response) == [
        "1 interview booked. Cases TS101, TS102 have no inspector yet: allocate them first."
    ]
    assert list(Interview.objects.values_list("case__reference", "inspector__username")) == [
        ("TS103", "lead-inspector")
    ]
    slot = client.get(_url("timetable_case", inspection, "TS101")).context["form"]
    choice = slot.fields["slot"].choices[-1][0]
    refused = client.post(_url("timetable_case", inspection, "TS101"), {"slot": choice})
    assert refused.status_code == 400
    assert "Case TS101 has no inspector yet: allocate it first." in refused.content.decode()
    assert list(Interview.objects.values_list("case__reference", flat=True)) == ["TS103"]


def _ann_away_at_noon(inspection: Any, lead: Any) -> Any:
    """Ann Able unavailable from 12:00 to 13:00 on the first day of fieldwork."""
    return unavailability_add(
        user=lead,
        inspection=inspection,
        case_manager="Ann Able",
        day=date(2015, 6, 1),
        start=time(12),
        end=time(13),
    )


def test_a_period_that_cannot_be_removed_is_explained_on_the_timetable(
    inspection: Any, cases: Any, lead_inspector: Any, as_user: Any
) -> None:
    period = _ann_away_at_noon(inspection, lead_inspector)
    inspection.status = "published"
    inspection.save()
    client = as_user(lead_inspector)

    response = client.post(_url("timetable_unavailability_delete", inspection, period.pk))

    assert response.status_code == 302
    assert _messages(response) == [
        "The report of this inspection is published, so its cases can no longer be changed."
    ]
    assert Unavailability.objects.filter(pk=period.pk).exists()


def test_a_period_removed_twice_says_it_is_gone(
    inspection: Any, cases: Any, lead_inspector: Any, as_user: Any
) -> None:
    period = _ann_away_at_noon(inspection, lead_inspector)
    client = as_user(lead_inspector)
    url = _url("timetable_unavailability_delete", inspection, period.pk)
    assert "The period was removed." in client.post(url, follow=True).content.decode()

    response = client.post(url)

    assert response.status_code == 302
    assert _messages(response) == ["That period is not in this inspection's timetable."]


def test_a_self_assessment_allocation_links_to_no_timetable(
    self_assessment: Any, make_case: Any, yot_manager: Any, as_user: Any
) -> None:
    make_case(self_assessment, "SA1", case_manager="Ann Able")
    client = as_user(yot_manager)

    page = client.get(reverse("allocation", args=[self_assessment.reference])).content.decode()

    # A self-assessment has no interview timetable: its page would not be found.
    timetable = reverse("timetable", args=[self_assessment.reference])
    assert client.get(timetable).status_code == 404
    assert timetable not in page


def _right_edges(content: bytes, words: str) -> list[tuple[float, float]]:
    """Where ``words`` are drawn on each page of the PDF (x, page width)."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        width = float(page.mediabox.width)

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, width: float = width) -> None:
            if words in text:
                found.append((cm[4] + tm[4] * cm[0], width))

        page.extract_text(visitor_text=visit)
    return found


def test_a_very_long_case_manager_name_leaves_every_column_on_the_pdf_page(
    inspection: Any, make_case: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    long_name = "Bartholomew-" + "X" * 182 + "-Smith"
    assert len(long_name) == 200  # the longest a case list may give
    make_case(inspection, "TS1", case_manager=long_name)
    allocation_assign(
        user=lead_inspector, inspection=inspection, references=["TS1"], inspector=inspector
    )
    timetable_apply_suggestion(user=lead_inspector, inspection=inspection)

    pdf = as_user(lead_inspector).get(_url("timetable_pdf", inspection)).content

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "X" * 20 in re.sub(r"\s", "", text)
    positions = _right_edges(pdf, "Ian Inspector")
    assert positions
    for x, width in positions:
        assert 0 < x < width


def test_a_case_is_not_given_to_the_person_making_its_second_assessment(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    from casescreen.moderation.services import double_assessment_choose

    # Chosen for double assessment before anyone was given the case.
    double_assessment_choose(
        user=lead_inspector, inspection=inspection, cases=[cases[0]], second_inspector=inspector
    )
    client = as_user(lead_inspector)

    response = client.post(
        _url("allocation_assign", inspection), {"cases": ["TS100"], "inspector": inspector.pk}
    )

    assert response.status_code == 400
    assert (
        "Ian Inspector is making the second assessment of case TS100, so cannot make the "
        "first: give the case to someone else." in response.content.decode()
    )
    assert _inspectors(inspection)["TS100"] is None
