"""An inspection before fieldwork, ready for its case list, and a case list generator."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
FIELDWORK_START = date(2015, 6, 1)
SENTENCES = ["Referral Order", "YRO", "DTO", "Youth Caution", "Reparation Order"]
HEADER = (
    "Case reference,Child name,Date of birth,Gender,Ethnicity,Sentence type,Sentence date,"
    "Supervision start date,RoSH,Vulnerability,Looked after,Placed from other LA,Case manager,"
    "PSR prepared,Identifiable victim"
)


def case_list_csv(n: int, *, seed: int = 1, prefix: str = "C") -> str:
    """A plausible case list: about two thirds supervised inside the eligibility window."""
    rng = random.Random(seed)
    lines = [HEADER]
    for i in range(n):
        start = FIELDWORK_START - timedelta(days=rng.randint(20, 140))
        lines.append(
            ",".join(
                [
                    f"{prefix}{i:05d}",
                    f"Child {i}",
                    (date(1999, 1, 1) + timedelta(days=rng.randint(0, 1500))).strftime("%d/%m/%Y"),
                    rng.choice(["Male", "Male", "Male", "Female"]),
                    rng.choice(
                        [
                            "White British",
                            "Asian or Asian British",
                            "Black or Black British",
                            "Mixed",
                        ]
                    ),
                    rng.choice(SENTENCES),
                    (start - timedelta(days=3)).isoformat(),
                    start.strftime("%d/%m/%Y"),
                    rng.choice(["Low", "Medium", "High"]),
                    rng.choice(["Low", "Medium", "High"]),
                    rng.choice(["No", "No", "No", "Yes"]),
                    "No",
                    f"Manager {rng.randint(1, 12)}",
                    rng.choice(["Yes", "No"]),
                    rng.choice(["Yes", "No"]),
                ]
            )
        )
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def planned_inspection(db: Any, yot: Any, lead_inspector: Any, inspector: Any) -> Any:
    from casescreen.inspections.models import Inspection, TeamMembership

    inspection = Inspection.objects.create(
        yot=yot,
        reference="testshire-2015-06",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.ANNOUNCED,
        fieldwork_start=FIELDWORK_START,
        fieldwork_end=FIELDWORK_START + timedelta(days=2),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead_inspector, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")
    return inspection


@pytest.fixture
def twin_inspection(db: Any, other_yot: Any, lead_inspector: Any) -> Any:
    from casescreen.inspections.models import Inspection, TeamMembership

    inspection = Inspection.objects.create(
        yot=other_yot,
        reference="elsewhere-2015-06",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.PLANNED,
        fieldwork_start=FIELDWORK_START,
        fieldwork_end=FIELDWORK_START + timedelta(days=2),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead_inspector, role="lead")
    return inspection
