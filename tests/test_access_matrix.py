"""Every URL of the project, for every role, against objects the role may and may not see.

MATRIX has one entry per URL name. An entry says how to build the URL's
arguments for an inspection and what status each role gets on the test
inspection (in fieldwork, on "own" YOT, with lead and inspector on its team).
Inspection-scoped entries are also requested for a hidden inspection nobody
but an administrator may see: every other signed-in role must get 404 there.
A URL pattern without an entry fails the test, so a new page cannot ship
without deciding who may open it. Entries flagged `form=True` are also fed
random data by tests/security/test_bad_input.py.

Statuses: 200 ok, 302 redirect (to sign-in for anonymous), 400 refused input,
403 may see but not do, 404 may not know it exists, 405 wrong method.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = (
    "anonymous",
    "administrator",
    "lead",
    "inspector",
    "outsider",
    "own_yot_manager",
    "other_yot_manager",
    "own_yot_auditor",
    "other_yot_auditor",
    "viewer",
)
SIGN_IN = "/sign-in/"


@dataclass
class World:
    inspection: Any
    hidden: Any
    users: dict[str, Any]
    cases: dict[int, Any] = field(default_factory=dict)
    # The own YOT's self-assessment, shared with ``inspection``; and the hidden YOT's.
    self_assessment: Any = None
    hidden_self_assessment: Any = None

    def case(self, inspection: Any) -> Any:
        return self.cases[inspection.pk]

    def self_assessment_for(self, inspection: Any) -> Any:
        """A self-assessment entry's target: the own YOT's in place of the world's
        inspection, another YOT's in place of the hidden one."""
        if inspection.pk == self.inspection.pk:
            return self.self_assessment
        return self.hidden_self_assessment


Kwargs = Callable[[World, Any], dict[str, Any]]


def _ref(world: World, inspection: Any) -> dict[str, Any]:
    return {"reference": inspection.reference}


def _case(world: World, inspection: Any) -> dict[str, Any]:
    return {"reference": inspection.reference, "case_ref": world.case(inspection).reference}


def _no_args(world: World, inspection: Any) -> dict[str, Any]:
    return {}


def _yot(world: World, inspection: Any) -> dict[str, Any]:
    return {"yot_id": inspection.yot_id}


def _theme(world: World, inspection: Any) -> dict[str, Any]:
    return {**_case(world, inspection), "theme_id": "1"}


def _finding(world: World, inspection: Any) -> dict[str, Any]:
    return {
        "reference": inspection.reference,
        "question_id": "q1_1_offending_understood",
        "group": "met",
    }


def _rated(world: World, inspection: Any) -> dict[str, Any]:
    """The inspection pinned to a framework with ratings (the ratings page is 404 without)."""
    inspection.framework_id, inspection.framework_version = "youth-justice", "2021.1"
    inspection.save(update_fields=["framework_id", "framework_version"])
    return _ref(world, inspection)


def _practice_example(world: World, inspection: Any) -> dict[str, Any]:
    from casescreen.assessments.models import PracticeExample

    case = world.case(inspection)
    example = PracticeExample.objects.create(
        assessment=case.assessment, paragraph="1.1", text="Good work", pseudonym="Raz"
    )
    return {**_case(world, inspection), "example_id": example.pk}


def _self_assessment(world: World, inspection: Any) -> dict[str, Any]:
    return {"reference": world.self_assessment_for(inspection).reference}


def _self_assessment_report(world: World, inspection: Any) -> dict[str, Any]:
    return {**_self_assessment(world, inspection), "fmt": "html"}


def _action(world: World, inspection: Any) -> dict[str, Any]:
    """A new open action on the self-assessment, owned by its YOT manager (so its
    auditor, who does not own it, may not mark it done)."""
    from casescreen.selfassessment.models import Action

    self_assessment = world.self_assessment_for(inspection)
    manager = world.users["own_yot_manager"]
    action = Action.objects.create(
        self_assessment=self_assessment,
        text="Review plans monthly",
        owner=manager,
        due_on=date(2030, 1, 31),
        created_by=manager,
    )
    return {**_self_assessment(world, inspection), "action_id": action.pk}


def _upload(world: World, inspection: Any) -> dict[str, Any]:
    from casescreen.sampling.models import ImportUpload

    upload = ImportUpload.objects.create(
        inspection=inspection,
        uploaded_by=world.users["lead"],
        filename="cases.csv",
        table={
            "headers": ["reference"],
            "header_row": 1,
            "rows": [[2, ["X1"]]],
            "kind": "CSV",
            "refused": [],
        },
        sha256="0" * 64,
    )
    return {"reference": inspection.reference, "upload_id": upload.pk}


def _period(world: World, inspection: Any) -> dict[str, Any]:
    from casescreen.fieldwork.models import Unavailability

    period = Unavailability.objects.create(
        inspection=inspection,
        case_manager="Case manager A",
        day=inspection.fieldwork_start,
        start=time(13, 0),
        end=time(14, 0),
    )
    return {"reference": inspection.reference, "period_id": period.pk}


def _failed_email(world: World, inspection: Any) -> dict[str, Any]:
    from casescreen.notifications.models import SentEmail

    email = SentEmail.objects.create(
        inspection=inspection,
        kind=SentEmail.Kind.ANNOUNCEMENT,
        actor="lead-inspector",
        to="manager@example.org",
        subject="Announcement",
        body="Dear YOT manager",
        status=SentEmail.Status.FAILED,
        error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    return {"reference": inspection.reference, "email_id": email.pk}


def _framework(world: World, inspection: Any) -> dict[str, Any]:
    return {"key": "sqs@2015.1"}


def _double(world: World, inspection: Any) -> dict[str, Any]:
    """The world's case chosen for a blind double assessment by the lead inspector, who is
    its second assessor (the inspector assessed it first)."""
    from casescreen.moderation.models import DoubleAssessment

    case = world.case(inspection)
    case.assessment.inspector = world.users["inspector"]
    case.assessment.save()
    lead = inspection.members.get(role="lead").user if inspection.members.exists() else None
    DoubleAssessment.objects.get_or_create(
        case=case,
        defaults={"second_inspector": lead or world.users["administrator"], "chosen": "hand"},
    )
    return _case(world, inspection)


def _double_theme(world: World, inspection: Any) -> dict[str, Any]:
    return {**_double(world, inspection), "theme_id": "1"}


def _query(world: World, inspection: Any) -> dict[str, Any]:
    """A query on the case, whose inspector is the matrix's inspector (so it is their own)."""
    from casescreen.quality.models import Query, QueryMessage

    case = world.case(inspection)
    case.assessment.inspector = world.users["inspector"]
    case.assessment.save(update_fields=["inspector"])
    query = Query.objects.create(
        assessment=case.assessment, subject="answer", key="q1_1_offending_understood"
    )
    QueryMessage.objects.create(query=query, text="Where is the evidence?")
    return {**_case(world, inspection), "query_id": query.pk}


@dataclass(frozen=True)
class Entry:
    kwargs: Kwargs
    expect: dict[str, int]
    method: str = "get"
    # Scoped to an inspection: also checked against the hidden inspection.
    scoped: bool = True
    # A form that takes user input: fuzzed by the bad-input test.
    form: bool = False
    fields: tuple[str, ...] = ()


def roles(default: int, **overrides: int) -> dict[str, int]:
    """Every signed-in role gets `default` unless named; anonymous is sent to sign in."""
    expected = dict.fromkeys(ROLES, default)
    expected["anonymous"] = 302
    expected.update(overrides)
    return expected


# A self-assessment: its YOT's manager and auditors, nobody else (an auditor may not manage).
YOT_STAFF = roles(404, own_yot_manager=200, own_yot_auditor=200)
YOT_MANAGER_ONLY = roles(404, own_yot_manager=200, own_yot_auditor=403)

# Who sees what on an inspection in fieldwork.
TEAM = roles(404, lead=200, inspector=200)  # case-level data: the team only
VISIBLE = roles(404, administrator=200, lead=200, inspector=200, own_yot_manager=200)
MANAGE = roles(404, administrator=200, lead=200, inspector=403, own_yot_manager=403)
ADMIN_ONLY = roles(403, administrator=200)
ADMIN_ON_INSPECTION = roles(404, administrator=200, lead=403, inspector=403, own_yot_manager=403)
SIGNED_IN = roles(200)
LEAD_ONLY = roles(404, administrator=403, lead=200, inspector=403, own_yot_manager=403)
REPORT_READERS = roles(404, administrator=200, lead=200, inspector=200)
REPORT_WRITER = roles(404, administrator=403, inspector=403)
# The timetable goes to the YOT manager too; only the lead inspector changes it.
TIMETABLE = roles(404, lead=200, inspector=200, own_yot_manager=200)
TIMETABLE_LEAD = roles(404, lead=200, inspector=403, own_yot_manager=403)
ALLOCATION_LEAD = TEAM | {"inspector": 403}
# Quality assurance: reviewers (the lead, and quality assurers, of whom the matrix's
# inspector is not one); the case's own inspector reads and answers its queries.
REVIEWERS = roles(404, lead=200, inspector=403)

YOT_FIELDS = (
    "name",
    "local_authority",
    "nation",
    "region",
    "board_chair",
    "manager_name",
    "manager_email",
)

MATRIX: dict[str, Entry] = {
    # Pages that belong to no inspection.
    "home": Entry(_no_args, SIGNED_IN, scoped=False),
    "healthz": Entry(_no_args, roles(200, anonymous=200), scoped=False),
    # The language switch: everyone, signed in or not, is sent back (here: to the start).
    "choose_language": Entry(lambda world, inspection: {"code": "cy"}, roles(302), scoped=False),
    "login": Entry(_no_args, roles(302, anonymous=200), scoped=False),
    "logout": Entry(_no_args, roles(302, anonymous=302), method="post", scoped=False),
    "password_change": Entry(
        _no_args,
        roles(400),
        method="post",
        scoped=False,
        form=True,
        fields=("old_password", "new_password1", "new_password2"),
    ),
    # Inspections and their lifecycle.
    "inspection": Entry(_ref, VISIBLE),
    "inspection_lifecycle": Entry(_ref, VISIBLE),
    # In fieldwork the announcement is done: the page sends the lead back to the status.
    "inspection_announce": Entry(
        _ref,
        MANAGE | {"administrator": 302, "lead": 302},
        form=True,
        fields=("day", "month", "year", "reason"),
    ),
    "inspection_transition": Entry(
        _ref,
        roles(404, administrator=400, lead=400, inspector=403, own_yot_manager=403),
        method="post",
        form=True,
        fields=("to_status", "reason"),
    ),
    # Not announced yet: no letter to read.
    "inspection_letter": Entry(
        _ref,
        VISIBLE | dict.fromkeys(("administrator", "lead", "inspector", "own_yot_manager"), 404),
    ),
    "inspection_letter_pdf": Entry(
        _ref,
        VISIBLE | dict.fromkeys(("administrator", "lead", "inspector", "own_yot_manager"), 404),
    ),
    "inspection_access_log": Entry(_ref, ADMIN_ON_INSPECTION),
    "inspection_team": Entry(
        _ref, MANAGE, form=True, fields=("action", "member", "role", "membership")
    ),
    # Planning a new inspection: administrators. The later pages send them back to the
    # first while it has not been answered.
    "inspection_plan": Entry(
        _no_args,
        ADMIN_ONLY,
        scoped=False,
        form=True,
        fields=(
            "yot",
            "framework",
            *(
                f"{d}_{p}"
                for d in ("announcement", "start", "end")
                for p in ("day", "month", "year")
            ),
        ),
    ),
    "inspection_plan_reference": Entry(
        _no_args,
        ADMIN_ONLY | {"administrator": 302},
        scoped=False,
        form=True,
        fields=("reference",),
    ),
    "inspection_plan_check": Entry(_no_args, ADMIN_ONLY | {"administrator": 302}, scoped=False),
    # The emails sent to the YOT manager: the lead and administrators, who may resend.
    "inspection_emails": Entry(_ref, MANAGE),
    "inspection_email_retry": Entry(
        _failed_email, MANAGE | {"administrator": 302, "lead": 302}, method="post"
    ),
    # Programme-wide administration.
    "yot_register": Entry(_no_args, ADMIN_ONLY, scoped=False),
    "yot_add": Entry(_no_args, ADMIN_ONLY, scoped=False, form=True, fields=YOT_FIELDS),
    "yot_edit": Entry(_yot, ADMIN_ONLY, scoped=False, form=True, fields=YOT_FIELDS),
    "yot_copy_list": Entry(
        _yot,
        ADMIN_ONLY,
        scoped=False,
        form=True,
        fields=("action", "contact", "role_title", "role_title_cy", "name"),
    ),
    "yot_import": Entry(_no_args, ADMIN_ONLY, scoped=False, form=True, fields=("csv_text",)),
    "programme_calendar": Entry(_no_args, ADMIN_ONLY, scoped=False),
    # Case-level work: the inspection team only (administrators included out).
    "case": Entry(_case, TEAM),
    "case_facts": Entry(_case, TEAM),
    "case_history": Entry(_case, TEAM),
    "theme": Entry(_theme, TEAM),
    "answer_save": Entry(_case, TEAM | {"lead": 400, "inspector": 400}, method="post", form=True),
    "practice_examples": Entry(_case, TEAM),
    "practice_example_delete": Entry(
        _practice_example, TEAM | {"lead": 302, "inspector": 302}, method="post"
    ),
    "check_answers": Entry(_case, TEAM),
    "reopen_assessment": Entry(_case, TEAM | {"lead": 302, "inspector": 403}, method="post"),
    "findings": Entry(_ref, TEAM),
    "findings_group": Entry(_finding, TEAM),
    # The team reads the ratings of judged standards; only the lead records them (a POST
    # by the inspector is 403, tested in tests/findings/test_ratings_page.py).
    "ratings": Entry(
        _rated, TEAM, form=True, fields=("standard", "version", "rating", "key_findings")
    ),
    # Blind double assessment: the lead chooses and reconciles; the second assessor (here
    # the lead) answers on pages nobody else may know of.
    "moderation": Entry(
        _ref, LEAD_ONLY, form=True, fields=("how", "second_inspector", "cases", "seed")
    ),
    "second_assessment": Entry(_double, roles(404, lead=200)),
    "second_theme": Entry(_double_theme, roles(404, lead=200)),
    "reconcile": Entry(
        _double, roles(404, lead=200), form=True, fields=("question_id", "value", "reason")
    ),
    # Quality assurance of assessments: nobody outside the team learns of it.
    "quality_review": Entry(_ref, REVIEWERS),
    "quality_assurers": Entry(
        _ref, REVIEWERS | {"lead": 400}, method="post", form=True, fields=("action", "member")
    ),
    # Not completed: a query cannot be raised yet.
    "quality_case": Entry(_case, REVIEWERS, form=True, fields=("about", "text")),
    "quality_case_status": Entry(
        _case, REVIEWERS | {"lead": 400}, method="post", form=True, fields=("action",)
    ),
    "quality_query_resolve": Entry(_query, REVIEWERS | {"lead": 302}, method="post"),
    "quality_query_reply": Entry(_query, TEAM, form=True, fields=("text",)),
    # Case list import and sampling: the lead inspector.
    "case_import": Entry(_ref, LEAD_ONLY),
    "case_import_columns": Entry(_upload, LEAD_ONLY),
    # Before its columns are mapped, the preview sends the lead back to the mapping.
    "case_import_preview": Entry(_upload, LEAD_ONLY | {"lead": 302}),
    "case_export": Entry(_ref, LEAD_ONLY),
    "sample": Entry(_ref, LEAD_ONLY),
    "sample_chart": Entry(_ref, LEAD_ONLY),
    "sampling_settings": Entry(_ref, LEAD_ONLY, form=True),
    "sample_draw": Entry(_ref, LEAD_ONLY | {"lead": 400}, method="post", form=True),
    # The sampled case cannot be excluded once assessed: refused as not found.
    "sample_exclude": Entry(_case, LEAD_ONLY | {"lead": 404}, method="post"),
    # Case allocation: the team sees it (assessment data), the lead changes it.
    "allocation": Entry(_ref, TEAM),
    "allocation_assign": Entry(
        _ref,
        ALLOCATION_LEAD | {"lead": 400},
        method="post",
        form=True,
        fields=("cases", "inspector"),
    ),
    "allocation_suggest": Entry(_ref, ALLOCATION_LEAD | {"lead": 302}, method="post"),
    "allocation_case": Entry(_case, ALLOCATION_LEAD, form=True, fields=("inspector",)),
    # The interview timetable: the team and the YOT manager see it, the lead changes it.
    "timetable": Entry(_ref, TIMETABLE),
    "timetable_csv": Entry(_ref, TIMETABLE),
    "timetable_pdf": Entry(_ref, TIMETABLE),
    "timetable_suggest": Entry(_ref, TIMETABLE_LEAD | {"lead": 302}, method="post"),
    "timetable_send": Entry(_ref, TIMETABLE_LEAD | {"lead": 302}, method="post"),
    "timetable_case": Entry(_case, TIMETABLE_LEAD, form=True, fields=("slot",)),
    "timetable_settings": Entry(
        _ref,
        TIMETABLE_LEAD,
        form=True,
        fields=("first_day_start", "day_start", "day_end", "last_day_end", "slot_minutes"),
    ),
    "timetable_unavailability": Entry(
        _ref, TIMETABLE_LEAD, form=True, fields=("case_manager", "day", "start", "end")
    ),
    "timetable_unavailability_delete": Entry(
        _period, TIMETABLE_LEAD | {"lead": 302}, method="post"
    ),
    # The report: the team and administrators read it; the lead starts it. The
    # other report URLs need a report to exist: with none yet, everyone gets 404.
    "report": Entry(_ref, REPORT_READERS),
    "report_create": Entry(_ref, REPORT_WRITER | {"lead": 302}, method="post"),
    "report_versions": Entry(_ref, roles(404)),
    "report_download": Entry(
        lambda w, i: {"reference": i.reference, "number": 1, "fmt": "pdf"}, roles(404)
    ),
    "report_compare": Entry(_ref, roles(404)),
    "report_section": Entry(
        lambda w, i: {"reference": i.reference, "section_id": "context"}, roles(404), form=True
    ),
    "report_publish": Entry(_ref, roles(404), method="post"),
    "report_override": Entry(_ref, roles(404), method="post", form=True),
    "report_transition": Entry(_ref, roles(404), method="post", form=True),
    "report_annex": Entry(_ref, roles(404), method="post"),
    "report_comment": Entry(_ref, roles(404), method="post"),
    # Programme figures: administrators and read-only viewers.
    "programme:index": Entry(_no_args, roles(403, administrator=200, viewer=200), scoped=False),
    "programme:csv": Entry(_no_args, roles(403, administrator=200, viewer=200), scoped=False),
    "programme:json": Entry(_no_args, roles(403, administrator=200, viewer=200), scoped=False),
    # Reoffending figures are loaded by administrators.
    "reoffending:upload": Entry(_no_args, ADMIN_ONLY, scoped=False, form=True),
    "authoring:list": Entry(_no_args, ADMIN_ONLY, scoped=False),
    "authoring:upload": Entry(_no_args, ADMIN_ONLY, scoped=False, form=True),
    "authoring:detail": Entry(_framework, ADMIN_ONLY, scoped=False),
    "authoring:compare": Entry(_framework, ADMIN_ONLY, scoped=False),
    "authoring:workbook": Entry(_framework, ADMIN_ONLY, scoped=False),
    # A shipped version cannot be published or discarded: back to its page.
    "authoring:publish": Entry(
        _framework, ADMIN_ONLY | {"administrator": 302}, method="post", scoped=False
    ),
    "authoring:discard": Entry(
        _framework, ADMIN_ONLY | {"administrator": 302}, method="post", scoped=False
    ),
    "reoffending:inspection": Entry(
        _ref, MANAGE, form=True, fields=("action", "figure", "previous", "national", "reason")
    ),
    "reoffending:confirm": Entry(
        _no_args, ADMIN_ONLY | {"administrator": 302}, method="post", scoped=False, form=True
    ),
    # Self-assessments: each YOT's staff see their own YOT's; the inspectorate nothing.
    "self_assessments": Entry(
        _no_args, YOT_STAFF | {"other_yot_manager": 200, "other_yot_auditor": 200}, scoped=False
    ),
    "self_assessment_start": Entry(
        _no_args,
        YOT_MANAGER_ONLY | {"other_yot_manager": 200, "other_yot_auditor": 403},
        scoped=False,
        form=True,
        fields=("framework",),
    ),
    "self_assessment_auditors": Entry(
        _no_args,
        YOT_MANAGER_ONLY | {"other_yot_manager": 200, "other_yot_auditor": 403},
        scoped=False,
        form=True,
        fields=("username", "first_name", "last_name", "email", "password"),
    ),
    "self_assessment": Entry(_self_assessment, YOT_STAFF),
    "self_assessment_auditor_add": Entry(
        _self_assessment,
        YOT_MANAGER_ONLY | {"own_yot_manager": 400},
        method="post",
        form=True,
        fields=("auditor",),
    ),
    # Posted empty, the form stops the sharing: back to the page.
    "self_assessment_share": Entry(
        _self_assessment,
        YOT_MANAGER_ONLY | {"own_yot_manager": 302},
        method="post",
        form=True,
        fields=("inspection",),
    ),
    # Shared with the world's inspection: its lead inspector reads the findings too.
    "self_assessment_findings": Entry(_self_assessment, YOT_STAFF | {"lead": 200}),
    "self_assessment_report": Entry(_self_assessment_report, YOT_STAFF),
    "self_assessment_trend": Entry(_self_assessment, YOT_STAFF),
    "self_assessment_case_add": Entry(
        _self_assessment,
        YOT_MANAGER_ONLY,
        form=True,
        fields=("reference", "child_name", "date_of_birth", "sentence_type", "supervision_start"),
    ),
    # Started from this one, the next self-assessment opens.
    "self_assessment_repeat": Entry(
        _self_assessment, YOT_MANAGER_ONLY | {"own_yot_manager": 302}, method="post"
    ),
    "self_assessment_finish": Entry(
        _self_assessment, YOT_MANAGER_ONLY, form=True, fields=("confirm",)
    ),
    # Posted empty: the form says what is missing.
    "self_assessment_action_add": Entry(
        _self_assessment,
        YOT_MANAGER_ONLY | {"own_yot_manager": 400},
        method="post",
        form=True,
        fields=("area", "text", "owner", "day", "month", "year"),
    ),
    "self_assessment_action_done": Entry(
        _action, YOT_MANAGER_ONLY | {"own_yot_manager": 302}, method="post"
    ),
}


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", str(pattern.pattern)
        elif isinstance(pattern, URLPattern):
            yield f"<unnamed {pattern.pattern}>", str(pattern.pattern)


def url_names() -> list[str]:
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def test_every_url_pattern_has_an_entry_in_the_matrix() -> None:
    missing = [name for name in url_names() if name not in MATRIX]
    assert missing == [], f"Add these URL names to MATRIX in {__file__}: {missing}"
    stale = [name for name in MATRIX if name not in url_names()]
    assert stale == [], f"These MATRIX entries name no URL any more: {stale}"


@pytest.fixture
def world(
    db: Any,
    inspection: Any,
    case: Any,
    make_case: Any,
    make_user: Any,
    administrator: Any,
    lead_inspector: Any,
    inspector: Any,
    outsider: Any,
    yot_manager: Any,
    other_yot_manager: Any,
    yot_auditor: Any,
    other_yot_auditor: Any,
    viewer: Any,
    self_assessment: Any,
) -> World:
    from casescreen.inspections.models import Inspection, Yot

    hidden_yot = Yot.objects.create(name="Hidden YOT", local_authority="Hidden", nation="england")
    hidden = Inspection.objects.create(
        yot=hidden_yot,
        reference="hidden-2015-07",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2015, 7, 6),
        fieldwork_end=date(2015, 7, 8),
    )
    hidden_case = make_case(hidden, "HX2001")
    self_assessment.shared_with = inspection
    self_assessment.save(update_fields=["shared_with"])
    hidden_self_assessment = Inspection.objects.create(
        yot=hidden_yot,
        kind=Inspection.Kind.SELF_ASSESSMENT,
        reference="self-assessment-elsewhere-2016-01",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2016, 1, 11),
        fieldwork_end=date(2016, 1, 11),
    )
    users = {
        "administrator": administrator,
        "lead": lead_inspector,
        "inspector": inspector,
        "outsider": outsider,
        "own_yot_manager": yot_manager,
        "other_yot_manager": other_yot_manager,
        "own_yot_auditor": yot_auditor,
        "other_yot_auditor": other_yot_auditor,
        "viewer": viewer,
    }
    return World(
        inspection,
        hidden,
        users,
        {inspection.pk: case, hidden.pk: hidden_case},
        self_assessment=self_assessment,
        hidden_self_assessment=hidden_self_assessment,
    )


def client_as(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def request_entry(client: Client, name: str, entry: Entry, world: World, target: Any) -> Any:
    url = reverse(name, kwargs=entry.kwargs(world, target))
    return getattr(client, entry.method)(url)


def _check(response: Any, expected: int, label: str) -> None:
    assert response.status_code == expected, f"{label}: {response.status_code} != {expected}"
    if expected == 302 and label.startswith("anonymous"):
        assert response["Location"].startswith(SIGN_IN), label


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(world: World, name: str) -> None:
    entry = MATRIX[name]
    for role in ROLES:
        client = client_as(world, role)
        response = request_entry(client, name, entry, world, world.inspection)
        _check(response, entry.expect[role], f"{role} {entry.method.upper()} {name}")
        if entry.scoped and role not in {"anonymous", "administrator"}:
            hidden = request_entry(client, name, entry, world, world.hidden)
            _check(hidden, 404, f"{role} {name} on an inspection they may not see")


def test_the_admin_site_is_for_staff_only(world: World) -> None:
    for role in ROLES:
        response = client_as(world, role).get("/admin/")
        staff = role == "administrator"
        assert response.status_code == (200 if staff else 302), role
        if not staff:
            assert "login" in response["Location"], role
