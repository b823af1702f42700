"""A case typed in by hand goes through the case list's rules and its import: a bad
value is refused with what is wrong, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case, CaseIdentity

GOOD = {
    "reference": "KS0101",
    "child_name": "Robin Hale",
    "date_of_birth": "14/03/2008",
    "sentence_type": "Referral order",
    "supervision_start": "02/01/2016",
    "case_manager": "Jo Bright",
    "psr_prepared": "Yes",
    "rosh_level": "Medium",
}


def _url(self_assessment: Any) -> str:
    return f"/self-assessments/{self_assessment.reference}/cases/add/"


def test_a_typed_case_joins_the_list(self_assessment: Any, yot_manager: Any, as_user: Any) -> None:
    client = as_user(yot_manager)
    response = client.post(_url(self_assessment), GOOD)

    assert response.status_code == 302
    case = Case.objects.get(inspection=self_assessment)
    assert (case.reference, case.sentence_type, case.psr_prepared, case.rosh_level) == (
        "KS0101",
        "referral_order",
        True,
        "medium",
    )
    assert case.case_manager == "Jo Bright"
    assert CaseIdentity.objects.get(case=case).child_name == "Robin Hale"
    event = AuditEvent.objects.get(inspection=self_assessment, object_type="CaseImport")
    assert (event.object_id, event.new_value) == (
        "typed in",
        "1 created, 0 updated, 0 unchanged, 0 rows rejected",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Case KS0101 added to the list." in page and "KS0101" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reference": ""}, "reference", "Case reference: is missing"),
        ({"reference": "KS 01/1"}, "reference", "is not a usable reference"),
        ({"sentence_type": ""}, "sentence_type", "Sentence type: is missing"),
        ({"date_of_birth": "31/02/2008"}, "date_of_birth", "is an impossible date"),
        ({"supervision_start": "01/01/2099"}, "supervision_start", "is in the future"),
        ({"psr_prepared": "Maybe"}, "psr_prepared", "Select a valid choice"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_written(
    self_assessment: Any,
    yot_manager: Any,
    as_user: Any,
    change: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = as_user(yot_manager).post(_url(self_assessment), {**GOOD, **change})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'href="#id_{field}"' in response.content.decode()
    assert not Case.objects.filter(inspection=self_assessment).exists()


def test_a_reference_already_in_the_list_is_refused(
    self_assessment: Any, yot_manager: Any, as_user: Any, make_case: Any
) -> None:
    make_case(self_assessment, "KS0101", name="Someone Else")
    response = as_user(yot_manager).post(_url(self_assessment), GOOD)
    assert response.status_code == 400
    assert "Case KS0101 is already in the list: nothing was added." in response.content.decode()
    assert CaseIdentity.objects.get(case__inspection=self_assessment).child_name == "Someone Else"
