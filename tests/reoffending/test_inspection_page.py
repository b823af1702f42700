"""The page where the lead inspector sees and chooses the reoffending figures quoted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from casescreen.audit.models import AuditEvent
from casescreen.inspections.models import Inspection
from casescreen.reoffending.models import ReoffendingChoice, ReoffendingFigure
from tests.reoffending.test_figures import figure


def page(inspection: Any) -> str:
    return f"/inspections/{inspection.reference}/reoffending/"


@pytest.fixture
def held(yot: Any) -> dict[str, Any]:
    return {
        "previous": figure(yot, 2011, "46.9"),
        "latest": figure(yot, 2012, "43.6"),
        "other_year": figure(yot, 2010, "41.0"),
        "national": ReoffendingFigure.objects.get(area=None, cohort_start=date(2012, 4, 1)),
        "national_2010": ReoffendingFigure.objects.get(area=None, cohort_start=date(2010, 4, 1)),
    }


def test_the_lead_quotes_the_automatic_figures(
    inspection: Any, lead_inspector: Any, as_user: Any, held: dict[str, Any]
) -> None:
    client = as_user(lead_inspector)
    shown = client.get(page(inspection)).content.decode()
    assert "None quoted yet" in shown
    assert "43.6% for the April 2012 – March 2013 cohort, 46.9% the year before" in shown

    response = client.post(page(inspection), {"action": "automatic"})

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.reoffending_rate, inspection.reoffending_previous_rate) == (
        Decimal("43.6"),
        Decimal("46.9"),
    )
    shown = client.get(page(inspection)).content.decode()
    assert "Automatically: the latest figures published before fieldwork" in shown
    assert (
        "This was better than the previous year but worse than the England and Wales "
        "average of 36.1%." in shown
    )


def test_the_lead_chooses_figures_by_hand_with_a_reason(
    inspection: Any, lead_inspector: Any, as_user: Any, held: dict[str, Any]
) -> None:
    client = as_user(lead_inspector)
    response = client.post(
        page(inspection),
        {
            "action": "override",
            "figure": held["other_year"].pk,
            "previous": "",
            "national": held["national_2010"].pk,
            "reason": "The 2012 cohort figure was withdrawn for revision.",
        },
    )

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.reoffending_rate, inspection.reoffending_national_rate) == (
        Decimal("41.0"),
        Decimal("35.8"),
    )
    assert inspection.reoffending_previous_rate is None
    choice = ReoffendingChoice.objects.get(inspection=inspection)
    assert not choice.automatic
    assert choice.chosen_by == lead_inspector
    assert AuditEvent.objects.filter(
        object_type="ReoffendingChoice", new_value__startswith="The 2012 cohort"
    ).exists()
    shown = client.get(page(inspection)).content.decode()
    assert "By hand" in shown
    assert "Reason: The 2012 cohort figure was withdrawn for revision." in shown


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": ""}, "Give a reason for choosing figures other than the automatic ones"),
        ({"figure": "999999"}, "Select the YOT&#x27;s figure from the list"),
        ({"national": "latest"}, "Select the England and Wales figure from the list"),
        ({"reason": "x" * 1001}, "The reason must be 1000 characters or fewer"),
    ],
)
def test_a_bad_choice_is_explained_and_nothing_changes(
    inspection: Any,
    lead_inspector: Any,
    as_user: Any,
    held: dict[str, Any],
    change: dict[str, str],
    message: str,
) -> None:
    data = {
        "action": "override",
        "figure": str(held["latest"].pk),
        "previous": str(held["previous"].pk),
        "national": str(held["national"].pk),
        "reason": "Checked with the YOT.",
    }
    if change.get("national") == "latest":
        change = {"national": str(held["latest"].pk)}  # a YOT figure is not a national one
    response = as_user(lead_inspector).post(page(inspection), {**data, **change})

    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    inspection.refresh_from_db()
    assert inspection.reoffending_rate is None
    assert not ReoffendingChoice.objects.exists()


def test_figures_that_do_not_belong_together_are_refused_with_the_rule(
    inspection: Any, lead_inspector: Any, as_user: Any, held: dict[str, Any]
) -> None:
    response = as_user(lead_inspector).post(
        page(inspection),
        {
            "action": "override",
            "figure": str(held["previous"].pk),
            "previous": str(held["latest"].pk),  # a later cohort as the "previous" one
            "national": str(held["national"].pk),
            "reason": "Testing.",
        },
    )
    assert response.status_code == 400
    assert "must be for the cohort a year before the quoted one" in response.content.decode()
    assert not ReoffendingChoice.objects.exists()


def test_only_the_lead_and_administrators_see_the_page(
    inspection: Any,
    inspector: Any,
    outsider: Any,
    administrator: Any,
    as_user: Any,
    held: dict[str, Any],
) -> None:
    assert as_user(inspector).get(page(inspection)).status_code == 403
    assert as_user(inspector).post(page(inspection), {"action": "automatic"}).status_code == 403
    assert as_user(outsider).get(page(inspection)).status_code == 404
    assert as_user(administrator).get(page(inspection)).status_code == 200
    inspection.refresh_from_db()
    assert inspection.reoffending_rate is None


def test_an_unknown_action_is_a_bad_request(
    inspection: Any, lead_inspector: Any, as_user: Any, held: dict[str, Any]
) -> None:
    response = as_user(lead_inspector).post(page(inspection), {"action": "delete"})
    assert response.status_code == 400
    assert not ReoffendingChoice.objects.exists()


def test_figures_of_a_published_report_cannot_change(
    inspection: Any, lead_inspector: Any, as_user: Any, held: dict[str, Any]
) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.PUBLISHED)
    client = as_user(lead_inspector)
    shown = client.get(page(inspection)).content.decode()
    assert "can no longer be changed" in shown
    assert 'name="action"' not in shown
    assert client.post(page(inspection), {"action": "automatic"}).status_code == 403
    inspection.refresh_from_db()
    assert inspection.reoffending_rate is None


def test_a_yot_without_figures_is_told_where_they_come_from(
    inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    shown = as_user(lead_inspector).get(page(inspection)).content.decode()
    assert "No proven reoffending figures for Testshire YOT are held" in shown
    assert "Import the Ministry of Justice table first" in shown


def test_asking_for_the_automatic_choice_without_figures_explains_why(
    inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    response = as_user(lead_inspector).post(page(inspection), {"action": "automatic"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Import the Ministry of Justice table first" in body
    assert not ReoffendingChoice.objects.exists()
