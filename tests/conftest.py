"""Shared fixtures: named personas and a small inspection, plus the Redbridge demo."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

os.environ.setdefault("CASESCREEN_DEV", "true")

import pytest  # noqa: E402
from django.test import Client  # noqa: E402

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config: Any) -> None:
    """Tests hash passwords with MD5 for speed: the production hasher takes about half a
    second a user, and the access matrix alone creates hundreds. The sign-in tests still
    go through Django's real password checking."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: Any) -> Any:
    from casescreen.accounts.models import User

    def make(username: str, **extra: Any) -> User:
        return User.objects.create_user(username=username, password=PASSWORD, **extra)

    return make


@pytest.fixture
def yot(db: Any) -> Any:
    from casescreen.inspections.models import Yot

    return Yot.objects.create(
        name="Testshire YOT", local_authority="Testshire County Council", nation="england"
    )


@pytest.fixture
def other_yot(db: Any) -> Any:
    from casescreen.inspections.models import Yot

    return Yot.objects.create(name="Elsewhere YOT", local_authority="Elsewhere", nation="wales")


@pytest.fixture
def lead_inspector(make_user: Any) -> Any:
    return make_user("lead-inspector", first_name="Lena", last_name="Lead")


@pytest.fixture
def inspector(make_user: Any) -> Any:
    return make_user("inspector", first_name="Ian", last_name="Inspector")


@pytest.fixture
def outsider(make_user: Any) -> Any:
    return make_user("outsider", first_name="Olly", last_name="Outsider")


@pytest.fixture
def administrator(make_user: Any) -> Any:
    return make_user("administrator", role="administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def viewer(make_user: Any) -> Any:
    return make_user("viewer", role="viewer")


@pytest.fixture
def yot_manager(make_user: Any, yot: Any) -> Any:
    return make_user("yot-manager", role="yot_manager", yot=yot)


@pytest.fixture
def other_yot_manager(make_user: Any, other_yot: Any) -> Any:
    return make_user("other-yot-manager", role="yot_manager", yot=other_yot)


@pytest.fixture
def inspection(db: Any, yot: Any, lead_inspector: Any, inspector: Any) -> Any:
    from casescreen.inspections.models import Inspection, TeamMembership

    inspection = Inspection.objects.create(
        yot=yot,
        reference="testshire-2015-06",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2015, 6, 1),
        fieldwork_end=date(2015, 6, 3),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead_inspector, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")
    return inspection


@pytest.fixture
def make_case(db: Any) -> Any:
    from casescreen.assessments.models import Assessment
    from casescreen.cases.models import Case, CaseIdentity

    def make(inspection: Any, reference: str, *, name: str = "Jamie Test", **facts: Any) -> Case:
        facts.setdefault("sentence_type", "youth_rehabilitation_order")
        facts.setdefault("sample_status", Case.SampleStatus.SAMPLED)
        case = Case.objects.create(inspection=inspection, reference=reference, **facts)
        CaseIdentity.objects.create(case=case, child_name=name, date_of_birth=date(2000, 1, 1))
        Assessment.objects.create(
            case=case,
            framework_id=inspection.framework_id,
            framework_version=inspection.framework_version,
        )
        return case

    return make


@pytest.fixture
def case(inspection: Any, make_case: Any) -> Any:
    return make_case(inspection, "TS1001", psr_prepared=True)


@pytest.fixture
def demo(db: Any) -> Any:
    from casescreen.inspections import demo as demo_module
    from casescreen.inspections.models import Inspection

    demo_module.load_demo(PASSWORD)
    return Inspection.objects.get(reference=demo_module.REFERENCE)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user() -> Any:
    return client_for
