"""The internal report of a self-assessment: the YOT's findings, never worded as the
inspectorate's report of an inspection (its findings' "we" is the YOT's auditors)."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest

from casescreen.assessments.models import Answer
from tests.selfassessment.helpers import audit

# What the inspectorate's templates say about its own inspection.
INSPECTORATE = [
    "Commentary on the inspection",
    "We examined",
    "together with the case manager",
    "The cases we inspected",
    "Ratings of youth justice services in",
]


def _text(response: Any) -> str:
    page = b"".join(response.streaming_content).decode()
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize(
    ("framework", "question", "finding"),
    [
        (
            ("sqs", "2015.1"),
            "q1_1_offending_understood",
            "the case manager understood why the child",
        ),
        (
            ("youth-justice", "2021.1"),
            "s2_1_desistance",
            "80 per cent",
        ),
    ],
)
def test_the_report_never_speaks_as_the_inspectorate(
    framework: tuple[str, str],
    question: str,
    finding: str,
    yot: Any,
    make_case: Any,
    yot_manager: Any,
    as_user: Any,
) -> None:
    current = audit(make_case, yot, date(2016, 7, 4), 4, 5, framework=framework)
    current.members.create(user=yot_manager, role="lead")
    for n, case in enumerate(current.cases.order_by("reference")):
        Answer.objects.update_or_create(
            assessment=case.assessment,
            question_id=question,
            defaults={"value": "yes" if n < 4 else "no"},
        )

    response = as_user(yot_manager).get(f"/self-assessments/{current.reference}/report.html")

    assert response.status_code == 200
    text = _text(response)
    assert "It is a self-assessment, not an inspection" in text
    assert finding in text
    for phrase in INSPECTORATE:
        assert phrase not in text
