"""A self-assessment's pages, every one the project has, for everybody but its YOT's staff:
404, as for a thing that does not exist. Its own staff reach the pages that serve it."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from docx import Document as DocxDocument
from pypdf import PdfReader

from tests.test_access_matrix import MATRIX, World, client_as, world  # noqa: F401

# Inspection pages a self-assessment uses: the cases, their import, sample, allocation
# and findings (the rest of an inspection's pages do not know it).
SERVING = ("case", "theme", "case_history", "findings", "case_import", "sample", "allocation")
NOT_SERVING = (
    "inspection_lifecycle",
    "inspection_team",
    "inspection_emails",
    "report",
    "timetable",
    "moderation",
    "quality_review",
    "quality_case",
    "reoffending:inspection",
)
OUTSIDERS = (
    "administrator",
    "lead",
    "inspector",
    "outsider",
    "other_yot_manager",
    "other_yot_auditor",
    "viewer",
)
OWN_PAGES = {name for name, entry in MATRIX.items() if name.startswith("self_assessment")}


@pytest.fixture
def sa_world(world: World, make_case: Any) -> World:  # noqa: F811
    world.cases[world.self_assessment.pk] = make_case(world.self_assessment, "SA1001")
    # Shared with nobody here: the inspectorate's lead inspector is an outsider too.
    world.self_assessment.shared_with = None
    world.self_assessment.save(update_fields=["shared_with"])
    return world


def _url(name: str, target_world: World) -> tuple[str, str]:
    entry = MATRIX[name]
    if name in OWN_PAGES:
        kwargs = entry.kwargs(
            target_world, target_world.inspection
        )  # mapped to the self-assessment
    else:
        kwargs = entry.kwargs(target_world, target_world.self_assessment)
    return entry.method, reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_nobody_but_the_yot_s_staff_learns_of_a_self_assessment(sa_world: World, role: str) -> None:
    scoped = sorted(name for name, entry in MATRIX.items() if entry.scoped)
    client = client_as(sa_world, role)
    for name in scoped:
        method, url = _url(name, sa_world)
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{role} {method.upper()} {url}"


def test_its_yot_s_staff_use_the_inspection_pages_that_serve_it(sa_world: World) -> None:
    manager = client_as(sa_world, "own_yot_manager")
    auditor = client_as(sa_world, "own_yot_auditor")
    for name in SERVING:
        _, url = _url(name, sa_world)
        assert manager.get(url).status_code == 200, url
    for name in ("case", "theme", "findings", "allocation"):
        _, url = _url(name, sa_world)
        assert auditor.get(url).status_code == 200, url
    for name in NOT_SERVING:
        _, url = _url(name, sa_world)
        assert manager.get(url).status_code == 404, url
    # Quality assurance is the inspectorate's: a self-assessment's case has none.
    _, url = _url("quality_case_status", sa_world)
    assert manager.post(url, {"status": "under_review"}).status_code == 404, url
    # The inspection page, to which the case pages link back, sends them to its own.
    _, url = _url("inspection", sa_world)
    for client in (manager, auditor):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/self-assessments/{sa_world.self_assessment.reference}/"


def test_the_lead_of_the_inspection_it_is_shared_with_reads_its_findings_only(
    sa_world: World,
) -> None:
    sa_world.self_assessment.shared_with = sa_world.inspection
    sa_world.self_assessment.save(update_fields=["shared_with"])
    lead = client_as(sa_world, "lead")
    reference = sa_world.self_assessment.reference

    page = lead.get(reverse("self_assessment_findings", kwargs={"reference": reference}))

    assert page.status_code == 200
    assert b"shared its own self-assessment" in page.content
    assert b"SA1001" not in page.content
    for name in ("case", "findings", "self_assessment"):
        _, url = _url(name, sa_world)
        assert lead.get(url).status_code == 404, url
    inspector = client_as(sa_world, "inspector")
    findings = reverse("self_assessment_findings", kwargs={"reference": reference})
    assert inspector.get(findings).status_code == 404


def test_a_posted_auditor_of_another_yot_is_refused_with_nothing_written(
    sa_world: World,
) -> None:
    manager = client_as(sa_world, "own_yot_manager")
    stranger = sa_world.users["other_yot_auditor"]
    url = reverse(
        "self_assessment_auditor_add", kwargs={"reference": sa_world.self_assessment.reference}
    )

    response = manager.post(url, {"auditor": stranger.pk})

    assert response.status_code == 400
    assert b"Choose one of your YOT&#x27;s auditors from the list" in response.content
    assert not sa_world.self_assessment.members.filter(user=stranger).exists()


def test_a_posted_inspection_of_another_yot_is_refused_with_nothing_written(
    sa_world: World,
) -> None:
    manager = client_as(sa_world, "own_yot_manager")
    url = reverse("self_assessment_share", kwargs={"reference": sa_world.self_assessment.reference})

    response = manager.post(url, {"inspection": sa_world.hidden.pk})

    assert response.status_code == 400
    assert b"Choose an inspection of your YOT from the list" in response.content
    sa_world.self_assessment.refresh_from_db()
    assert sa_world.self_assessment.shared_with is None


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_report_downloads_as_a_self_assessment(sa_world: World, fmt: str) -> None:
    manager = client_as(sa_world, "own_yot_manager")
    url = reverse(
        "self_assessment_report",
        kwargs={"reference": sa_world.self_assessment.reference, "fmt": fmt},
    )

    response = manager.get(url)

    assert response.status_code == 200
    body = response.getvalue()
    if fmt == "html":
        assert b"Self-assessment of Testshire YOT" in body
        assert b"not an inspection report" in body
    elif fmt == "pdf":
        # By the YOT, never by the inspectorate, in the file's properties too.
        metadata = PdfReader(BytesIO(body)).metadata
        assert metadata is not None and metadata.author == "Testshire YOT"
    else:
        properties = DocxDocument(BytesIO(body)).core_properties
        assert (properties.author, properties.last_modified_by) == ("Testshire YOT",) * 2


def test_the_programme_and_its_calendar_leave_self_assessments_out(
    sa_world: World, administrator: Any
) -> None:
    from casescreen.inspections.yots import programme_calendar

    listed = {i.reference for month in programme_calendar() for i in month.inspections}
    assert sa_world.inspection.reference in listed
    assert sa_world.self_assessment.reference not in listed
    admin = client_as(sa_world, "administrator")
    assert sa_world.self_assessment.reference.encode() not in admin.get("/calendar/").content
    assert sa_world.self_assessment.reference.encode() not in admin.get("/").content


def test_the_manager_adds_an_auditor_on_the_auditors_page(sa_world: World) -> None:
    from casescreen.accounts.models import User

    manager = client_as(sa_world, "own_yot_manager")
    fields = {"username": "new-auditor", "first_name": "Ada", "password": "a long passphrase 42"}

    added = manager.post(reverse("self_assessment_auditors"), fields)
    again = manager.post(reverse("self_assessment_auditors"), fields)

    assert added.status_code == 302
    auditor = User.objects.get(username="new-auditor")
    assert (auditor.role, auditor.yot_id) == ("yot_auditor", sa_world.self_assessment.yot_id)
    assert again.status_code == 400
    assert b"The user name new-auditor is already taken." in again.content
    assert User.objects.filter(username="new-auditor").count() == 1


def test_an_auditor_is_told_in_their_language_that_only_the_manager_may(
    sa_world: World,
) -> None:
    from django.conf import settings

    auditor = client_as(sa_world, "own_yot_auditor")
    auditor.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    _, url = _url("self_assessment_finish", sa_world)
    response = auditor.get(url)
    assert response.status_code == 403
    assert "Dim ond rheolwr y TTI all wneud hyn." in response.content.decode()


def test_the_lead_it_is_shared_with_is_not_shown_a_small_group(
    yot: Any, inspection: Any, lead_inspector: Any, yot_manager: Any, make_case: Any, as_user: Any
) -> None:
    from datetime import date

    from tests.selfassessment.helpers import QUESTION, audit

    shared = audit(make_case, yot, date(2016, 1, 4), 1, 2)  # one of two children: too few
    shared.shared_with = inspection
    shared.save(update_fields=["shared_with"])
    url = reverse("self_assessment_findings", kwargs={"reference": shared.reference})

    lead_page = as_user(lead_inspector).get(url).content.decode()
    own_page = as_user(yot_manager).get(url).content.decode()

    def row(page: str) -> str:
        return page.split(f'id="row-{QUESTION}"')[1].split("</tr>")[0]

    assert "Too few cases to show" in row(lead_page)
    assert "one of the two" not in row(lead_page) and ">2<" not in row(lead_page)
    # The YOT's own staff see their small group, marked as one.
    assert "one of the two" in row(own_page) and "Small group" in row(own_page)
