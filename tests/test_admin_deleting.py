"""An account deleted in the admin takes nothing with it that only a service may change:
a person on a team is not deleted."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from casescreen.accounts.models import User
from casescreen.audit.models import AuditEvent
from casescreen.inspections.models import Inspection, TeamMembership


def _delete(client: Any, person: Any, how: str) -> Any:
    if how == "page":
        return client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )


@pytest.mark.parametrize("how", ["page", "action"])
def test_a_member_of_a_published_inspections_team_is_not_deleted(
    inspection: Any, inspector: Any, administrator: Any, as_user: Any, how: str
) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(status="published")

    response = _delete(as_user(administrator), inspector, how)

    assert response.status_code == 200
    page = response.content.decode()
    assert "inspector is on the team of testshire-2015-06" in page
    assert "make the account inactive instead" in page
    assert User.objects.filter(pk=inspector.pk).exists()
    assert TeamMembership.objects.filter(inspection=inspection, user=inspector).exists()
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_a_self_assessment_auditor_is_not_deleted_nor_the_self_assessment_named(
    self_assessment: Any, yot_auditor: Any, administrator: Any, as_user: Any
) -> None:
    response = _delete(as_user(administrator), yot_auditor, "page")

    page = response.content.decode()
    assert "is on the team of a self-assessment" in page
    assert self_assessment.reference not in page
    assert TeamMembership.objects.filter(user=yot_auditor).exists()


def test_a_person_taken_off_every_team_is_deleted_with_a_record(
    inspection: Any, inspector: Any, administrator: Any, as_user: Any
) -> None:
    client = as_user(administrator)
    membership = TeamMembership.objects.get(inspection=inspection, user=inspector)
    client.post(
        reverse("admin:inspections_teammembership_delete", args=[membership.pk]), {"post": "yes"}
    )

    assert _delete(client, inspector, "page").status_code == 302

    assert not User.objects.filter(pk=inspector.pk).exists()
    assert list(
        AuditEvent.objects.filter(action="delete")
        .order_by("id")
        .values_list("object_type", "old_value")
    ) == [("TeamMembership", "inspector (inspector)"), ("User", "inspector")]


@pytest.mark.parametrize("how", ["page", "action"])
def test_a_published_inspections_team_member_is_not_removed_nor_reported_removed(
    inspection: Any, inspector: Any, administrator: Any, as_user: Any, how: str
) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(status="published")
    membership = TeamMembership.objects.get(inspection=inspection, user=inspector)
    client = as_user(administrator)

    if how == "page":
        url = reverse("admin:inspections_teammembership_delete", args=[membership.pk])
        response = client.post(url, {"post": "yes"}, follow=True)
    else:
        response = client.post(
            reverse("admin:inspections_teammembership_changelist"),
            {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
            follow=True,
        )

    page = response.content.decode()
    assert "its team is part of the record" in page
    assert "deleted successfully" not in page
    assert "Successfully deleted" not in page
    assert TeamMembership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(object_type="TeamMembership").exists()
