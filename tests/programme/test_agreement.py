"""The programme's table of the questions inspectors agree on least."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.conf import settings

from casescreen.assessments.models import Answer, Assessment
from casescreen.domain.agreement import Table, table_agreement
from casescreen.frameworks import get_framework
from casescreen.inspections.models import Inspection
from casescreen.moderation.models import DoubleAssessment, SecondAnswer
from casescreen.programme.selectors import ProgrammeFilters, weakest_agreement

Q_ALL = "q1_1_offending_understood"
Q_PSR = "q1_2_psr_quality"
Q_PLAN = "q1_4_plan_used_well"


def double_assessed(
    inspection: Any,
    make_case: Any,
    second_inspector: Any,
    prefix: str,
    pairs: list[dict[str, tuple[str, str]]],
    *,
    status: str = DoubleAssessment.Status.COMPLETED,
    **facts: Any,
) -> None:
    """Cases whose first and second assessors gave the (first, second) answers given."""
    for number, answers in enumerate(pairs):
        case = make_case(inspection, f"{prefix}{number}", **facts)
        Assessment.objects.filter(case=case).update(status=Assessment.Status.COMPLETED)
        double = DoubleAssessment.objects.create(
            case=case, second_inspector=second_inspector, status=status, chosen="hand"
        )
        for question_id, (first, second) in answers.items():
            Answer.objects.create(assessment=case.assessment, question_id=question_id, value=first)
            SecondAnswer.objects.create(
                double_assessment=double, question_id=question_id, value=second
            )


@pytest.fixture
def agreed(inspection: Any, make_case: Any, lead_inspector: Any) -> Any:
    """Twelve double-assessed cases: on Q_ALL the second assessor said no twice where the
    first said yes; on Q_PLAN both said yes every time; Q_PSR applies to three only."""
    both = {Q_PLAN: ("yes", "yes"), Q_PSR: ("no", "no")}
    pairs = [{Q_ALL: ("yes", "no" if n < 2 else "yes"), **both} for n in range(12)]
    double_assessed(
        inspection, make_case, lead_inspector, "A", pairs[:3], has_plan=True, psr_prepared=True
    )
    # Q_PSR answers of cases without a report do not apply, so never count.
    double_assessed(
        inspection, make_case, lead_inspector, "B", pairs[3:], has_plan=True, psr_prepared=False
    )
    # Not counted: a second assessment still in progress.
    double_assessed(
        inspection, make_case, lead_inspector, "C", [{Q_ALL: ("yes", "no")}] * 5,
        status=DoubleAssessment.Status.IN_PROGRESS, has_plan=True,
    )  # fmt: skip
    return inspection


def filters(**extra: Any) -> ProgrammeFilters:
    return ProgrammeFilters(framework=get_framework("sqs", "2015.1"), **extra)


def test_lowest_ac1_first_and_too_few_pairs_last(agreed: Any) -> None:
    rows = weakest_agreement(filters())
    assert [row.question.id for row in rows] == [Q_ALL, Q_PLAN, Q_PSR]
    assert [row.agreement.pairs for row in rows] == [12, 12, 3]
    assert rows[0].agreement.table == Table(yes_yes=10, yes_no=2)
    expected = table_agreement(Table(yes_yes=10, yes_no=2), min_pairs=10)
    assert rows[0].agreement == expected
    assert rows[1].agreement.kappa is None  # one answer throughout: kappa is 0/0
    assert rows[1].agreement.ac1 is not None and rows[1].agreement.ac1.value == 1
    assert not rows[2].agreement.enough


def test_other_framework_versions_and_periods_are_not_pooled(
    agreed: Any, yot: Any, make_case: Any, lead_inspector: Any
) -> None:
    other = Inspection.objects.create(
        yot=yot, reference="testshire-2019", framework_id="sqs", framework_version="2019.1",
        status=Inspection.Status.CLOSED, fieldwork_start=date(2019, 1, 7),
        fieldwork_end=date(2019, 1, 9),
    )  # fmt: skip
    double_assessed(other, make_case, lead_inspector, "X", [{Q_PLAN: ("yes", "no")}] * 12)
    rows = {row.question.id: row for row in weakest_agreement(filters())}
    assert rows[Q_PLAN].agreement.table == Table(yes_yes=12)
    assert weakest_agreement(filters(year_from=2016)) == []


def test_at_most_ten_rows(inspection: Any, make_case: Any, lead_inspector: Any) -> None:
    names = (
        "psr_prepared", "has_plan", "reoffending_review_required", "non_compliance",
        "vulnerability_plan_required", "vulnerability_review_required", "placed_from_other_la",
    )  # fmt: skip
    facts: dict[str, Any] = dict.fromkeys(names, True)
    case = make_case(inspection, "PROBE", **facts)
    applying = inspection.framework().applicable_questions(case.facts())
    assert len(applying) > 10
    answers = dict.fromkeys(applying, ("yes", "yes"))
    double_assessed(inspection, make_case, lead_inspector, "M", [answers], **facts)
    assert len(weakest_agreement(filters())) == 10


def test_the_agreement_is_one_aggregate_query(agreed: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        weakest_agreement(filters())


def test_the_programme_page_shows_agreement_with_the_demo(
    demo: Any, as_user: Any, viewer: Any, make_case: Any, lead_inspector: Any
) -> None:
    # Redbridge's seven double-assessed cases are too few for any figure. (The demo's latest
    # inspection is under another framework, which the page would show by default.)
    response = as_user(viewer).get(f"/programme/?framework={demo.framework_key}")
    assert response.status_code == 200
    rows = response.context["agreement"]
    assert 0 < len(rows) <= 10
    assert all(row.agreement.pairs <= 7 and not row.agreement.enough for row in rows)
    body = response.content.decode()
    assert "Questions inspectors agree on least" in body
    assert body.count("Not enough cases") == len(rows)
    assert "Secret" not in body


def test_the_programme_page_shows_figures_with_enough_pairs(
    agreed: Any, as_user: Any, administrator: Any
) -> None:
    response = as_user(administrator).get("/programme/")
    body = response.content.decode()
    table = body[body.index('id="agreement-table"') :]
    first = table[table.index("<tbody") :]
    # Q_ALL, 10 agreements out of 12: observed 83.3 per cent, AC1 first.
    assert "1.1 " in first[: first.index("</tr>")]
    assert "83.3 (" in first[: first.index("</tr>")]
    ac1 = table_agreement(Table(yes_yes=10, yes_no=2), min_pairs=10).ac1
    assert ac1 is not None
    assert f"{float(ac1.value):.2f} ({ac1.low:.2f} to {ac1.high:.2f})" in first
    assert "Not defined: one answer throughout" in table
    assert table.count("Not enough cases") == 1


def test_the_welsh_programme_page_gives_each_interval_in_welsh(
    agreed: Any, as_user: Any, administrator: Any
) -> None:
    client = as_user(administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    body = client.get("/programme/").content.decode()
    table = body[body.index('id="agreement-table"') :]
    first = table[table.index("<tbody") :]
    row = first[: first.index("</tr>")]
    ac1 = table_agreement(Table(yes_yes=10, yes_no=2), min_pairs=10).ac1
    assert ac1 is not None
    assert f"{float(ac1.value):.2f} ({ac1.low:.2f} i {ac1.high:.2f})" in row
    assert re.search(r"83\.3 \(\d+\.\d i \d+\.\d\)", row)
    assert " to " not in row


@pytest.mark.parametrize(("persona", "status"), [
    ("administrator", 200), ("viewer", 200), ("lead_inspector", 403), ("inspector", 403),
    ("yot_manager", 403),
])  # fmt: skip
def test_only_programme_users_see_agreement(
    agreed: Any, as_user: Any, request: pytest.FixtureRequest, persona: str, status: int
) -> None:
    response = as_user(request.getfixturevalue(persona)).get("/programme/")
    assert response.status_code == status
    assert (b"agreement-table" in response.content) == (status == 200)
