"""The admin site covers every model, for support, and its lists open with real data."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

OUR_APPS = {
    "accounts",
    "audit",
    "inspections",
    "cases",
    "assessments",
    "sampling",
    "reports",
    "reoffending",
    "notifications",
    "findings",
    "selfassessment",
}


# A pending upload is the raw file a YOT sent, names and all: kept out of sight
# until the lead inspector confirms or it is purged.
NOT_IN_ADMIN = {"ImportUpload", "CaseIdentity", "Action"}
# A child's name and date of birth (CaseIdentity) are read only on the case pages, which
# record who viewed them. A self-assessment's actions (Action) are its YOT's: the
# inspectorate sees nothing of a self-assessment.


def test_every_model_of_ours_is_in_the_admin() -> None:
    ours = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    inline = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    missing = sorted(
        m.__name__
        for m in ours
        if m not in admin.site._registry and m not in inline and m.__name__ not in NOT_IN_ADMIN
    )
    assert missing == []


def test_every_admin_list_and_record_opens_for_an_administrator(
    demo: Any, administrator: Any, as_user: Any
) -> None:
    client = as_user(administrator)
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        first = admin.site._registry[model].get_queryset(RequestFactory().get("/admin/")).first()
        if first is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert client.get(change).status_code == 200, change


def test_evidence_records_cannot_be_edited_in_the_admin(
    demo: Any, administrator: Any, as_user: Any
) -> None:
    from casescreen.audit.models import AuditEvent

    client = as_user(administrator)
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    event = AuditEvent.objects.create(actor="x", action="view", object_type="Case")
    response = client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def _change(model: Any, pk: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def _add(model: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def _changelist(model: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_nothing_of_a_self_assessment_shows_in_the_admin(
    self_assessment: Any, make_case: Any, yot_manager: Any, administrator: Any, as_user: Any
) -> None:
    """A self-assessment belongs to its YOT: the inspectorate's administrators see none of
    its rows, in any list, filter or record."""
    from casescreen.assessments.models import Answer, Assessment
    from casescreen.audit.models import AuditEvent
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection, TeamMembership

    case = make_case(self_assessment, "SA-ADMIN-1", case_manager="Jo Bright")
    assessment = Assessment.objects.get(case=case)
    answer = Answer.objects.create(
        assessment=assessment, question_id="q1_1_offending_understood", value="yes"
    )
    AuditEvent.objects.create(
        actor=yot_manager.username, action="view", object_type="Case", inspection=self_assessment
    )
    client = as_user(administrator)
    for model in (Inspection, Case, Assessment, Answer, TeamMembership, AuditEvent):
        page = client.get(_changelist(model)).content.decode()
        assert self_assessment.reference not in page, model
        assert "Jo Bright" not in page, model
    shown = {
        model: admin.site._registry[model].get_queryset(RequestFactory().get("/admin/"))
        for model in (Case, Answer)
    }
    assert not shown[Case].filter(pk=case.pk).exists()
    assert not shown[Answer].filter(pk=answer.pk).exists()
    assert TeamMembership.objects.filter(inspection=self_assessment).exists()  # there, not shown
    for model, pk in ((Inspection, self_assessment.pk), (Case, case.pk), (Answer, answer.pk)):
        response = client.get(_change(model, pk))
        assert response.status_code == 302, model  # "does not exist", back to the index
        assert "SA-ADMIN-1" not in client.get(response["Location"]).content.decode()


def test_the_register_and_sampling_settings_are_changed_on_their_pages_not_in_the_admin(
    inspection: Any, administrator: Any, as_user: Any
) -> None:
    """Their pages' services check the rules (a YOT's name unique ignoring case, no change
    to the sampling rule once the sample is drawn) and record each change."""
    from casescreen.audit.models import AuditEvent
    from casescreen.inspections.models import CopyListContact, Yot
    from casescreen.reoffending.models import ReoffendingFigure
    from casescreen.sampling.models import ColumnMapping, SamplingSettings

    settings = SamplingSettings.objects.create(inspection=inspection)
    client = as_user(administrator)
    for model in (Yot, CopyListContact, SamplingSettings, ColumnMapping, ReoffendingFigure):
        assert client.get(_add(model)).status_code == 403, model
    yot = inspection.yot
    response = client.post(
        _change(Yot, yot.pk),
        {"name": yot.name.upper(), "local_authority": "x", "nation": "england"},
    )
    assert response.status_code == 403
    response = client.post(
        _change(SamplingSettings, settings.pk), {"min_weeks": 1, "max_months": 1}
    )
    assert response.status_code == 403
    yot.refresh_from_db()
    settings.refresh_from_db()
    assert yot.name == "Testshire YOT"
    assert (settings.min_weeks, settings.max_months) != (1, 1)
    assert not AuditEvent.objects.filter(object_type__in=("Yot", "SamplingSettings")).exists()


def test_evidence_and_the_inspection_cannot_be_changed_in_the_admin(
    demo: Any, administrator: Any, as_user: Any
) -> None:
    from casescreen.assessments.models import Answer
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection

    client = as_user(administrator)
    answer = Answer.objects.filter(assessment__case__inspection=demo).first()
    assert answer is not None
    before = (answer.value, answer.version)
    response = client.post(_change(Answer, answer.pk), {"value": "no", "version": 1})
    assert response.status_code == 403
    answer.refresh_from_db()
    assert (answer.value, answer.version) == before

    response = client.post(_change(Inspection, demo.pk), {"status": "published"})
    assert response.status_code == 403
    demo.refresh_from_db()
    assert demo.status == "drafting"

    case = Case.objects.filter(inspection=demo).select_related("identity").first()
    assert case is not None
    page = client.get(_change(Case, case.pk)).content.decode()
    assert case.identity.child_name not in page


def test_ratings_of_standards_cannot_be_recorded_in_the_admin(
    inspection: Any, administrator: Any, lead_inspector: Any, as_user: Any
) -> None:
    from casescreen.findings.models import StandardJudgement

    Inspection = type(inspection)
    Inspection.objects.filter(pk=inspection.pk).update(
        framework_id="youth-justice", framework_version="2021.1"
    )
    judgement = StandardJudgement.objects.create(
        inspection=inspection, standard="1.1", rating="good", key_findings="Strong board."
    )
    client = as_user(administrator)
    assert client.get(_change(StandardJudgement, judgement.pk)).status_code == 200
    assert client.get(_add(StandardJudgement)).status_code == 403
    data = {"inspection": inspection.pk, "standard": "1.1", "rating": "outstanding"}
    assert client.post(_change(StandardJudgement, judgement.pk), data).status_code == 403
    judgement.refresh_from_db()
    assert judgement.rating == "good"


def test_an_inspection_is_planned_in_the_admin_with_a_published_question_set_only(
    yot: Any, administrator: Any, as_user: Any
) -> None:
    from casescreen.audit.models import AuditEvent
    from casescreen.inspections.models import Inspection

    client = as_user(administrator)
    form = {
        "yot": yot.pk,
        "reference": "testshire-2016-01",
        "fieldwork_start": "2016-01-11",
        "fieldwork_end": "2016-01-13",
        "framework": "sqs@9999.9",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }
    refused = client.post(_add(Inspection), form)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not Inspection.objects.exists()

    response = client.post(_add(Inspection), {**form, "framework": "sqs@2015.1"})
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.framework_key, inspection.status) == ("sqs@2015.1", "planned")
    assert AuditEvent.objects.filter(
        object_type="Inspection", action="create", inspection=inspection
    ).exists()


def test_an_inspection_whose_fieldwork_ends_before_it_starts_is_refused_in_words(
    yot: Any, administrator: Any, as_user: Any
) -> None:
    from casescreen.inspections.models import Inspection

    form = {
        "yot": yot.pk,
        "reference": "testshire-2016-01",
        "fieldwork_start": "2016-01-13",
        "fieldwork_end": "2016-01-11",
        "framework": "sqs@2015.1",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
    }
    refused = as_user(administrator).post(_add(Inspection), form)
    assert refused.status_code == 200
    assert "Fieldwork must end on or after the day it starts." in refused.content.decode()
    assert "Constraint" not in refused.content.decode()
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("persona", ["other_yot_manager", "viewer", "yot_manager"])
def test_the_admin_refuses_a_team_member_the_rules_forbid(
    request: Any, inspection: Any, administrator: Any, as_user: Any, persona: str
) -> None:
    from casescreen.inspections.models import TeamMembership

    member = request.getfixturevalue(persona)
    before = set(TeamMembership.objects.values_list("user_id", flat=True))
    response = as_user(administrator).post(
        _add(TeamMembership),
        {"inspection": inspection.pk, "user": member.pk, "role": "inspector"},
    )
    assert response.status_code == 200
    assert "cannot be on" in response.content.decode()
    assert set(TeamMembership.objects.values_list("user_id", flat=True)) == before


def test_the_admin_adds_nobody_to_the_team_of_a_published_inspection(
    inspection: Any, make_user: Any, administrator: Any, as_user: Any
) -> None:
    from casescreen.inspections.models import Inspection, TeamMembership

    Inspection.objects.filter(pk=inspection.pk).update(status="published")
    newcomer = make_user("newcomer")
    response = as_user(administrator).post(
        _add(TeamMembership),
        {"inspection": inspection.pk, "user": newcomer.pk, "role": "inspector"},
    )
    assert response.status_code == 200
    assert "its team is part of the record" in response.content.decode()
    assert not TeamMembership.objects.filter(user=newcomer).exists()


def test_the_admin_adds_and_removes_a_team_member_with_a_record(
    inspection: Any, outsider: Any, administrator: Any, as_user: Any
) -> None:
    from casescreen.audit.models import AuditEvent
    from casescreen.inspections.models import TeamMembership

    client = as_user(administrator)
    response = client.post(
        _add(TeamMembership),
        {"inspection": inspection.pk, "user": outsider.pk, "role": "inspector"},
    )
    assert response.status_code == 302
    membership = TeamMembership.objects.get(inspection=inspection, user=outsider)
    delete = reverse("admin:inspections_teammembership_delete", args=[membership.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not TeamMembership.objects.filter(user=outsider).exists()
    assert list(
        AuditEvent.objects.filter(object_type="TeamMembership")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "delete"]


def test_a_team_member_cannot_be_made_a_viewer_in_the_admin(
    inspection: Any, inspector: Any, administrator: Any, as_user: Any
) -> None:
    client = as_user(administrator)
    url = reverse("admin:accounts_user_change", args=[inspector.pk])
    form = {
        "username": inspector.username,
        "role": "viewer",
        "date_joined_0": "2015-01-01",
        "date_joined_1": "00:00:00",
        "is_active": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "take them off that team first" in response.content.decode()
    inspector.refresh_from_db()
    assert inspector.role == "inspector"
