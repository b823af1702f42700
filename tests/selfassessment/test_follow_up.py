"""Repeatable audits: the next starts from the previous one, its areas for improvement
become actions with an owner and a due date shown on the next, and the manager
finishes each."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.conf import settings

from casescreen.audit.models import AuditEvent
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.sampling.models import SamplingSettings
from casescreen.selfassessment import selectors, services
from casescreen.selfassessment.models import Action
from tests.selfassessment.helpers import QUESTION, audit

TODAY = date(2016, 7, 4)
DUE = date(2016, 9, 30)


def _add(user: Any, inspection: Any, owner: Any, **overrides: Any) -> Action:
    arguments: dict[str, Any] = {
        "text": "Review every plan at three months",
        "due_on": DUE,
        "today": TODAY,
    }
    arguments.update(overrides)
    return services.action_add(user=user, inspection=inspection, owner=owner, **arguments)


def test_the_manager_adds_an_action_owned_by_an_auditor(
    self_assessment: Any, yot_manager: Any, yot_auditor: Any
) -> None:
    action = _add(yot_manager, self_assessment, yot_auditor)

    stored = Action.objects.get()
    assert stored == action
    assert (stored.owner, stored.due_on, stored.status) == (yot_auditor, DUE, Action.Status.OPEN)
    event = AuditEvent.objects.get(object_type="Action", action="create")
    assert event.inspection_id == self_assessment.pk


@pytest.mark.parametrize(
    ("owner", "overrides", "message"),
    [
        ("other_yot_auditor", {}, "does not work for Testshire YOT"),
        ("lead_inspector", {}, "does not work for Testshire YOT"),
        ("yot_auditor", {"due_on": date(2016, 7, 3)}, "today or later, not 2016-07-03"),
        ("yot_auditor", {"text": "   "}, "Say what will be done"),
        ("yot_auditor", {"text": "x" * 1001}, "1000 characters or fewer"),
    ],
)
def test_bad_actions_are_refused_with_nothing_written(
    self_assessment: Any, yot_manager: Any, owner: str, overrides: Any, message: str, request: Any
) -> None:
    with pytest.raises(services.SelfAssessmentError, match=message):
        _add(yot_manager, self_assessment, request.getfixturevalue(owner), **overrides)
    assert not Action.objects.exists()
    assert not AuditEvent.objects.filter(object_type="Action").exists()


def test_an_auditor_cannot_add_an_action(self_assessment: Any, yot_auditor: Any) -> None:
    with pytest.raises(services.SelfAssessmentError, match="Only the YOT's manager"):
        _add(yot_auditor, self_assessment, yot_auditor)
    assert not Action.objects.exists()


def test_the_owner_marks_their_action_done_once(
    self_assessment: Any, yot_manager: Any, yot_auditor: Any, make_user: Any, yot: Any
) -> None:
    action = _add(yot_manager, self_assessment, yot_manager)
    other_auditor = make_user("another-auditor", role="yot_auditor", yot=yot)
    with pytest.raises(services.SelfAssessmentError):
        services.action_done(user=yot_auditor, action=action, today=TODAY)
    with pytest.raises(services.SelfAssessmentError):
        services.action_done(user=other_auditor, action=action, today=TODAY)
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN

    services.action_done(user=yot_manager, action=action, today=TODAY)
    action.refresh_from_db()
    assert (action.status, action.done_on) == (Action.Status.DONE, TODAY)
    with pytest.raises(services.SelfAssessmentError, match="already done"):
        services.action_done(user=yot_manager, action=action, today=TODAY)
    assert AuditEvent.objects.filter(object_type="Action", field="status").count() == 1


def test_the_next_audit_starts_from_the_previous_one(
    self_assessment: Any, yot_manager: Any, yot_auditor: Any, make_case: Any
) -> None:
    make_case(self_assessment, "SA0001")
    SamplingSettings.objects.create(
        inspection=self_assessment, min_weeks=8, max_months=4, size_floor=10, size_ceiling=30
    )

    following = services.self_assessment_start(
        user=yot_manager, today=TODAY, from_previous=self_assessment
    )

    assert following.pk != self_assessment.pk
    assert following.framework_key == self_assessment.framework_key
    assert following.fieldwork_start == TODAY
    assert not following.cases.exists()
    copied = SamplingSettings.objects.get(inspection=following)
    assert (copied.min_weeks, copied.max_months, copied.size_floor, copied.size_ceiling) == (
        8,
        4,
        10,
        30,
    )
    team = {(m.user, m.role) for m in following.members.all()}
    assert team == {(yot_manager, TeamMembership.Role.LEAD), (yot_auditor, "inspector")}
    assert AuditEvent.objects.filter(
        inspection=following, field="started_from", new_value__contains=self_assessment.reference
    ).exists()


def test_only_an_own_self_assessment_can_be_repeated(
    inspection: Any, other_yot_manager: Any, self_assessment: Any, yot_manager: Any
) -> None:
    before = Inspection.objects.count()
    for user, previous in ((other_yot_manager, self_assessment), (yot_manager, inspection)):
        with pytest.raises(services.SelfAssessmentError, match="not a self-assessment of your"):
            services.self_assessment_start(user=user, today=TODAY, from_previous=previous)
    assert Inspection.objects.count() == before


def test_actions_of_the_previous_audit_show_on_the_next(
    yot: Any, yot_manager: Any, yot_auditor: Any, make_case: Any, as_user: Any
) -> None:
    first = audit(make_case, yot, date(2016, 1, 4), 2, 10)
    first.members.create(user=yot_manager, role="lead")
    areas = dict(selectors.areas_for_improvement(first))
    assert QUESTION in areas
    client = as_user(yot_manager)
    response = client.post(
        f"/self-assessments/{first.reference}/actions/",
        {"area": QUESTION, "owner": yot_auditor.pk, "day": "30", "month": "9", "year": "2030"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.text == areas[QUESTION]

    response = client.post(f"/self-assessments/{first.reference}/next/")
    following = Inspection.objects.exclude(pk=first.pk).get(kind="self_assessment")
    assert response["Location"] == f"/self-assessments/{following.reference}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="earlier-actions"' in page
    assert "1.1 Did the case manager understand" in page
    # The owner marks it done from the next audit's page.
    done = as_user(yot_auditor).post(
        f"/self-assessments/{following.reference}/actions/{action.pk}/done/"
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_a_bad_action_form_says_what_is_wrong(
    self_assessment: Any, yot_manager: Any, other_yot_auditor: Any, as_user: Any
) -> None:
    response = as_user(yot_manager).post(
        f"/self-assessments/{self_assessment.reference}/actions/",
        {
            "text": "Check plans",
            "owner": other_yot_auditor.pk,
            "day": "31",
            "month": "2",
            "year": "2030",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a member of your YOT&#x27;s staff from the list" in html
    assert "The due date must be a real date" in html
    assert not Action.objects.exists()


def test_the_manager_finishes_the_audit_and_its_answers_freeze(
    self_assessment: Any, yot_manager: Any, as_user: Any
) -> None:
    client = as_user(yot_manager)
    url = f"/self-assessments/{self_assessment.reference}/finish/"
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Confirm that the audit is finished" in refused.content.decode()
    self_assessment.refresh_from_db()
    assert self_assessment.status == Inspection.Status.FIELDWORK

    assert client.post(url, {"confirm": "on"}).status_code == 302
    self_assessment.refresh_from_db()
    assert self_assessment.status == Inspection.Status.CLOSED
    assert self_assessment.records_frozen
    assert "This self-assessment is finished." in client.get(url).content.decode()
    with pytest.raises(services.SelfAssessmentError, match="cannot move"):
        services.self_assessment_finish(user=yot_manager, inspection=self_assessment)
    assert AuditEvent.objects.filter(inspection=self_assessment, action="transition").count() == 1


def test_a_past_due_date_is_shown_on_the_date(
    self_assessment: Any, yot_manager: Any, yot_auditor: Any, as_user: Any
) -> None:
    response = as_user(yot_manager).post(
        f"/self-assessments/{self_assessment.reference}/actions/",
        {"text": "Check plans", "owner": yot_auditor.pk, "day": "1", "month": "1", "year": "2001"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    message = "The due date must be today or later, not 2001-01-01."
    # The summary links to the day box; the date's fieldset says what is wrong and marks it.
    assert f'<a href="#id_day">{message}</a>' in page
    assert '<a href="#id_area">' not in page
    fieldset = page.split('id="due-hint"')[1].split("</fieldset>")[0]
    assert 'id="due-error"' in fieldset and message in fieldset
    assert 'govuk-input--error" id="id_day"' in fieldset
    assert 'id="action-error"' not in page
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("day", "month", "year", "box", "message"),
    [
        ("", "", "", "day", "Enter the due date"),
        ("30", "", "2030", "month", "The due date must include a month"),
        ("30", "9", "", "year", "The due date must include a year"),
        ("a", "9", "2030", "day", "The due date must be a real date, in numbers"),
        ("30", "9", "99999", "year", "The year in the due date must have 4 digits, like 2026"),
        ("31", "2", "2030", "day", "The due date must be a real date"),
    ],
)
def test_a_wrong_due_date_gets_one_message_naming_it(
    self_assessment: Any,
    yot_manager: Any,
    yot_auditor: Any,
    as_user: Any,
    day: str,
    month: str,
    year: str,
    box: str,
    message: str,
) -> None:
    response = as_user(yot_manager).post(
        f"/self-assessments/{self_assessment.reference}/actions/",
        {"text": "Check plans", "owner": yot_auditor.pk, "day": day, "month": month, "year": year},
    )

    assert response.status_code == 400
    summary = response.content.decode().split("govuk-error-summary__list")[1]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.split("</ul>")[0])
    assert links == [(f"id_{box}", message)]
    assert not Action.objects.exists()


def test_an_area_no_longer_found_is_refused_by_name(
    yot: Any, yot_manager: Any, yot_auditor: Any, make_case: Any, as_user: Any
) -> None:
    # The page offered an area for improvement the findings no longer show when posted.
    first = audit(make_case, yot, date(2016, 1, 4), 9, 10)
    first.members.create(user=yot_manager, role="lead")
    assert QUESTION not in dict(selectors.areas_for_improvement(first))

    response = as_user(yot_manager).post(
        f"/self-assessments/{first.reference}/actions/",
        {"area": QUESTION, "owner": yot_auditor.pk, "day": "30", "month": "9", "year": "2030"},
    )

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    summary = page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary) == [
        (
            "id_area",
            "Choose one of the areas for improvement from the list, or say what will be done",
        )
    ]
    assert QUESTION not in page.split('id="id_area-error"')[1].split("</p>")[0]
    assert not Action.objects.exists()


def test_an_audit_begun_the_same_day_but_later_is_not_an_earlier_one(
    self_assessment: Any, yot_manager: Any, yot_auditor: Any, as_user: Any
) -> None:
    same_day = self_assessment.fieldwork_start
    following = services.self_assessment_start(
        user=yot_manager, today=same_day, from_previous=self_assessment
    )
    _add(yot_manager, self_assessment, yot_auditor, text="From the first", today=same_day)
    _add(yot_manager, following, yot_auditor, text="From the second", today=same_day)

    first_page = as_user(yot_manager).get(f"/self-assessments/{self_assessment.reference}/")
    second_page = as_user(yot_manager).get(f"/self-assessments/{following.reference}/")

    assert 'id="earlier-actions"' not in first_page.content.decode()
    assert "From the second" not in first_page.content.decode()
    earlier = second_page.content.decode().split('id="earlier-actions"')[1].split("</table>")[0]
    assert "From the first" in earlier and "From the second" not in earlier


def test_a_finished_audit_offers_no_way_to_change_its_case_list(
    self_assessment: Any, yot_manager: Any, as_user: Any
) -> None:
    client = as_user(yot_manager)
    page = f"/self-assessments/{self_assessment.reference}/"
    links = (f"/inspections/{self_assessment.reference}/import/", f"{page}cases/add/")
    before = client.get(page).content.decode()
    assert all(f'href="{link}"' in before for link in links)

    services.self_assessment_finish(user=yot_manager, inspection=self_assessment)

    after = client.get(page).content.decode()
    assert not any(f'href="{link}"' in after for link in links)
    assert f'href="/inspections/{self_assessment.reference}/sample/"' in after  # still read


def test_a_change_to_a_finished_audit_is_refused_as_an_audit_not_a_report(
    self_assessment: Any, yot_manager: Any
) -> None:
    from casescreen.sampling.services import SamplingError, sample_exclude

    services.self_assessment_finish(user=yot_manager, inspection=self_assessment)
    self_assessment.refresh_from_db()

    with pytest.raises(SamplingError) as refused:
        sample_exclude(inspection=self_assessment, user=yot_manager, reference="X", reason="r")
    assert str(refused.value) == (
        "The self-assessment is finished, so its cases can no longer be changed."
    )


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("30", "", "2030", "Y dyddiad dyledus: rhaid iddo gynnwys mis"),
        ("a", "9", "2030", "Y dyddiad dyledus: rhaid iddo fod yn ddyddiad go iawn, mewn rhifau"),
        ("31", "2", "2030", "Y dyddiad dyledus: rhaid iddo fod yn ddyddiad go iawn"),
    ],
)
def test_a_wrong_due_date_is_named_in_welsh_grammar(
    self_assessment: Any,
    yot_manager: Any,
    yot_auditor: Any,
    as_user: Any,
    day: str,
    month: str,
    year: str,
    message: str,
) -> None:
    """The date's name begins the Welsh message: after "Rhaid i" it would need "i'r"."""
    client = as_user(yot_manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.post(
        f"/self-assessments/{self_assessment.reference}/actions/",
        {"text": "Check plans", "owner": yot_auditor.pk, "day": day, "month": month, "year": year},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Rhaid i Y" not in response.content.decode()
