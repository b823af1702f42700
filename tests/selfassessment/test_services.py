"""Self-assessments: started, staffed and shared by their YOT's manager through services
that check their rules, refuse bad input with nothing written, and audit what they do."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from casescreen.accounts.models import User
from casescreen.accounts.services import AccountError, yot_auditor_create
from casescreen.audit.models import AuditEvent
from casescreen.cases import importing
from casescreen.cases.models import Case
from casescreen.inspections.lifecycle import LifecycleError, inspection_transition
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.sampling.services import SamplingError, cases_import, sample_draw
from casescreen.selfassessment import selectors, services

TODAY = date(2016, 1, 11)


def _events(**filters: Any) -> int:
    return AuditEvent.objects.filter(**filters).count()


def test_a_yot_manager_starts_a_self_assessment_of_their_own_yot_and_leads_it(
    yot_manager: Any,
) -> None:
    started = services.self_assessment_start(
        user=yot_manager, framework_id="sqs", framework_version="2015.1", today=TODAY
    )

    assert started.kind == Inspection.Kind.SELF_ASSESSMENT
    assert started.yot_id == yot_manager.yot_id
    assert started.status == Inspection.Status.FIELDWORK
    assert started.reference == "self-assessment-testshire-yot-2016-01"
    lead = started.members.get()
    assert (lead.user, lead.role) == (yot_manager, TeamMembership.Role.LEAD)
    assert _events(inspection=started, object_type="Inspection", action="create") == 1


def test_a_second_self_assessment_in_a_month_gets_its_own_reference(yot_manager: Any) -> None:
    first = services.self_assessment_start(
        user=yot_manager, framework_id="sqs", framework_version="2015.1", today=TODAY
    )
    second = services.self_assessment_start(
        user=yot_manager, framework_id="sqs", framework_version="2015.1", today=TODAY
    )
    assert second.reference == first.reference + "-2"


@pytest.mark.parametrize("who", ["yot_auditor", "lead_inspector", "administrator"])
def test_only_a_yot_manager_starts_one(who: str, request: Any) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(services.SelfAssessmentError, match="Only a YOT manager"):
        services.self_assessment_start(
            user=user, framework_id="sqs", framework_version="2015.1", today=TODAY
        )
    assert not Inspection.objects.exists()


def test_an_unpublished_question_set_is_refused(yot_manager: Any) -> None:
    with pytest.raises(services.SelfAssessmentError, match="no published question set"):
        services.self_assessment_start(
            user=yot_manager, framework_id="sqs", framework_version="9.9", today=TODAY
        )
    assert not Inspection.objects.exists()


def test_the_manager_puts_their_own_auditor_on_it(
    self_assessment: Any, yot_manager: Any, make_user: Any, yot: Any
) -> None:
    auditor = make_user("second-auditor", role="yot_auditor", yot=yot)

    services.self_assessment_auditor_add(
        user=yot_manager, inspection=self_assessment, auditor=auditor
    )

    assert self_assessment.members.filter(user=auditor, role="inspector").exists()
    assert _events(inspection=self_assessment, object_type="TeamMembership") == 1


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("other_yot_auditor", "(?i)other-yot-auditor belongs to another YOT and cannot audit"),
        ("other_yot_manager", "(?i)other-yot-manager belongs to another YOT"),
        ("inspector", "(?i)inspector does not work for a YOT"),
        ("administrator", "(?i)administrator does not work for a YOT"),
    ],
)
def test_an_auditor_from_another_yot_or_the_inspectorate_is_refused(
    self_assessment: Any, yot_manager: Any, who: str, message: str, request: Any
) -> None:
    member = request.getfixturevalue(who)
    before = self_assessment.members.count()

    with pytest.raises(services.SelfAssessmentError, match=message):
        services.self_assessment_auditor_add(
            user=yot_manager, inspection=self_assessment, auditor=member
        )

    assert self_assessment.members.count() == before
    assert not AuditEvent.objects.exists()


def test_a_yot_auditor_cannot_join_an_inspection_team(inspection: Any, yot_auditor: Any) -> None:
    from casescreen.inspections.access import team_member_refusal

    other = Inspection.objects.create(
        yot=inspection.yot.__class__.objects.create(
            name="Elsewhere YOT", local_authority="Elsewhere", nation="england"
        ),
        reference="elsewhere-2016-02",
        framework_id="sqs",
        framework_version="2015.1",
        fieldwork_start=date(2016, 2, 1),
        fieldwork_end=date(2016, 2, 3),
    )
    assert "belongs to the inspected YOT" in (team_member_refusal(yot_auditor, inspection) or "")
    assert "is a YOT auditor" in (team_member_refusal(yot_auditor, other) or "")


def test_an_auditor_cannot_staff_the_self_assessment(
    self_assessment: Any, yot_auditor: Any, make_user: Any, yot: Any
) -> None:
    colleague = make_user("colleague", role="yot_auditor", yot=yot)
    with pytest.raises(services.SelfAssessmentError, match="Only the YOT's manager"):
        services.self_assessment_auditor_add(
            user=yot_auditor, inspection=self_assessment, auditor=colleague
        )
    assert not self_assessment.members.filter(user=colleague).exists()


def test_a_finished_self_assessment_takes_no_new_auditor(
    self_assessment: Any, yot_manager: Any, make_user: Any, yot: Any, as_user: Any
) -> None:
    newcomer = make_user("second-auditor", role="yot_auditor", yot=yot)
    services.self_assessment_finish(user=yot_manager, inspection=self_assessment)
    before = _events(object_type="TeamMembership")

    response = as_user(yot_manager).post(
        reverse("self_assessment_auditor_add", kwargs={"reference": self_assessment.reference}),
        {"auditor": newcomer.pk},
    )

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "The self-assessment is finished: its auditors are part of the record." in page
    assert 'href="#team"' in page and 'id="team"' in page  # the summary links to the team
    assert not self_assessment.members.filter(user=newcomer).exists()
    assert _events(object_type="TeamMembership") == before


def test_sharing_with_an_inspection_of_the_yot_is_recorded(
    self_assessment: Any, yot_manager: Any, inspection: Any
) -> None:
    services.self_assessment_share(
        user=yot_manager, inspection=self_assessment, shared_with=inspection
    )

    self_assessment.refresh_from_db()
    assert self_assessment.shared_with == inspection
    event = AuditEvent.objects.get(field="shared_with")
    assert (event.old_value, event.new_value) == ("", inspection.reference)

    services.self_assessment_share(user=yot_manager, inspection=self_assessment, shared_with=None)
    self_assessment.refresh_from_db()
    assert self_assessment.shared_with is None


def test_sharing_with_an_inspection_of_another_yot_is_refused(
    self_assessment: Any, yot_manager: Any, other_yot: Any
) -> None:
    elsewhere = Inspection.objects.create(
        yot=other_yot,
        reference="elsewhere-2016-02",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2016, 2, 1),
        fieldwork_end=date(2016, 2, 3),
    )

    with pytest.raises(
        services.SelfAssessmentError, match="elsewhere-2016-02 is not an inspection"
    ):
        services.self_assessment_share(
            user=yot_manager, inspection=self_assessment, shared_with=elsewhere
        )

    self_assessment.refresh_from_db()
    assert self_assessment.shared_with is None
    assert not AuditEvent.objects.exists()


def test_a_self_assessment_is_never_announced_or_reported_on(
    self_assessment: Any, yot_manager: Any
) -> None:
    for to_status in (Inspection.Status.DRAFTING, Inspection.Status.PUBLISHED):
        with pytest.raises(LifecycleError):
            inspection_transition(user=yot_manager, inspection=self_assessment, to_status=to_status)
    self_assessment.refresh_from_db()
    assert self_assessment.status == Inspection.Status.FIELDWORK


def _parsed(csv: str) -> importing.ParsedCases:
    table = importing.read_table(csv.encode(), "cases.csv")
    return importing.parse_cases(table, importing.resolve_mapping(table.headers, {}), today=TODAY)


def test_a_case_list_from_another_yot_is_refused_with_nothing_written(
    self_assessment: Any, yot_manager: Any
) -> None:
    parsed = _parsed(
        "Case reference,Sentence type,YOT\r\n"
        "C1,Referral order,Testshire YOT\r\n"
        "C2,Referral order,Elsewhere YOT\r\n"
    )

    with pytest.raises(SamplingError, match="row 3 names Elsewhere YOT, not Testshire YOT"):
        cases_import(inspection=self_assessment, user=yot_manager, parsed=parsed)

    assert not Case.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_case_list_naming_its_own_yot_is_imported_and_sampled(
    self_assessment: Any, yot_manager: Any
) -> None:
    rows = "".join(
        f"C{n},Referral order,testshire county council,{n:02d}/11/2015\r\n" for n in range(1, 21)
    )
    parsed = _parsed(f"Case reference,Sentence type,YOT,Supervision start date\r\n{rows}")

    outcome = cases_import(inspection=self_assessment, user=yot_manager, parsed=parsed)
    sample_draw(inspection=self_assessment, user=yot_manager, seed=7)

    assert outcome.created == 20
    assert Case.objects.filter(
        inspection=self_assessment, sample_status=Case.SampleStatus.SAMPLED
    ).exists()


def test_a_yot_manager_adds_an_auditor_of_their_own_yot(yot_manager: Any) -> None:
    auditor = yot_auditor_create(
        user=yot_manager,
        username="new-auditor",
        first_name="Ada",
        last_name="Audit",
        email="ada@example.org",
        password="a long enough passphrase 42",
    )

    assert (auditor.role, auditor.yot_id) == (User.Role.YOT_AUDITOR, yot_manager.yot_id)
    assert auditor.check_password("a long enough passphrase 42")
    assert _events(object_type="User", object_id=str(auditor.pk)) == 1


@pytest.mark.parametrize(
    ("who", "username", "message"),
    [
        ("yot_auditor", "new-auditor", "Only a YOT manager"),
        ("lead_inspector", "new-auditor", "Only a YOT manager"),
        ("yot_manager", "Yot-Auditor", "already taken"),
    ],
)
def test_auditor_accounts_are_refused_when_the_rules_say_so(
    who: str, username: str, message: str, request: Any, yot_auditor: Any
) -> None:
    user = request.getfixturevalue(who)
    before = User.objects.count()
    with pytest.raises(AccountError, match=message):
        yot_auditor_create(
            user=user,
            username=username,
            first_name="",
            last_name="",
            email="",
            password="a long enough passphrase 42",
        )
    assert User.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_the_report_is_marked_as_a_self_assessment(self_assessment: Any) -> None:
    content = selectors.self_assessment_report(self_assessment)

    assert content["title"] == "Self-assessment of Testshire YOT, started 11 January 2016"
    assert content["sections"][0]["id"] == "self-assessment"
    assert "not an inspection report" in content["sections"][0]["paragraphs"][0]["text"]
    assert not {"opening", "closing"} & {s["id"] for s in content["sections"]}
    assert content["copy_list"] == []
    assert content["header"]["from"] == "Testshire YOT"


def test_the_report_is_written_in_the_readers_language(self_assessment: Any) -> None:
    from django.utils import translation

    from casescreen.frameworks import get_framework

    with translation.override("cy"):
        content = selectors.self_assessment_report(self_assessment)

    assert content["lang"] == "cy"
    assert content["title"].startswith("Hunanasesiad Testshire YOT")
    assert content["sections"][0]["paragraphs"][0]["text"].startswith("Dyma archwiliad")
    # The question set's own texts too, not only the marking around them.
    framework = get_framework(
        self_assessment.framework_id, self_assessment.framework_version, language="cy"
    )
    welsh = {theme.title for theme in framework.themes}
    titles = {section["title"] for section in content["sections"][1:]}
    assert titles & welsh


def test_a_welsh_yot_is_named_in_welsh_throughout_its_welsh_report(
    self_assessment: Any, yot: Any
) -> None:
    from django.utils import translation

    yot.name, yot.name_cy, yot.nation = "Glanyrafon YOT", "TTI Glanyrafon", "wales"
    yot.save()
    self_assessment.refresh_from_db()

    with translation.override("cy"):
        welsh = selectors.self_assessment_report(self_assessment)
    english = selectors.self_assessment_report(self_assessment)

    assert welsh["title"].startswith("Hunanasesiad TTI Glanyrafon")
    assert welsh["header"]["from"] == "TTI Glanyrafon"
    assert "TTI Glanyrafon" in welsh["sections"][0]["paragraphs"][0]["text"]
    assert "Glanyrafon YOT" not in repr(
        (welsh["title"], welsh["header"], welsh["sections"][0], welsh["notes"])
    )
    assert english["title"].startswith("Self-assessment of Glanyrafon YOT")
    assert english["header"]["from"] == "Glanyrafon YOT"
