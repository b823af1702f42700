"""The plan's dates and the inspection's words follow the framework it pins."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from casescreen.frameworks import get_framework
from casescreen.inspections import planning, services
from casescreen.inspections.lifecycle import notice_words

SQS = get_framework("sqs", "2015.1")
YOUTH_JUSTICE = get_framework("youth-justice", "2021.1")


@pytest.mark.parametrize(
    ("framework", "start", "end"),
    [
        (SQS, date(2015, 6, 1), date(2015, 6, 3)),  # three days: Monday to Wednesday
        (YOUTH_JUSTICE, date(2021, 11, 15), date(2021, 11, 26)),  # ten working days
        (YOUTH_JUSTICE, date(2021, 11, 17), date(2021, 11, 30)),  # over two weekends
    ],
)
def test_fieldwork_lasts_the_frameworks_working_days(
    framework: Any, start: date, end: date
) -> None:
    assert planning.usual_fieldwork_end(start, framework.schedule) == end


def test_the_warning_about_fieldwork_follows_the_schedule() -> None:
    announced = date(2021, 10, 1)
    usual = {"announcement": announced, "fieldwork_start": date(2021, 11, 15)}
    ten_days = planning.plan_warnings(
        **usual, fieldwork_end=date(2021, 11, 26), schedule=YOUTH_JUSTICE.schedule
    )
    assert ten_days == []
    three_days = planning.plan_warnings(
        **usual, fieldwork_end=date(2021, 11, 17), schedule=YOUTH_JUSTICE.schedule
    )
    assert three_days[0].startswith("Fieldwork usually runs for ten working days from a Monday")
    sqs = planning.plan_warnings(**usual, fieldwork_end=date(2021, 11, 17), schedule=SQS.schedule)
    assert sqs == []


def test_the_notice_is_said_from_the_schedule() -> None:
    assert notice_words(SQS.schedule) == "the Friday two weeks before fieldwork"
    assert notice_words(YOUTH_JUSTICE.schedule) == "the Friday six weeks before fieldwork"


def test_the_schedule_is_counted_in_the_page_s_language() -> None:
    with translation.override("cy"):
        notice = notice_words(SQS.schedule)
        warning = planning.plan_warnings(
            announcement=date(2021, 10, 1),
            fieldwork_start=date(2021, 11, 15),
            fieldwork_end=date(2021, 11, 17),
            schedule=YOUTH_JUSTICE.schedule,
        )[0]
    # Not "two wythnos": the Welsh numeral, feminine as "wythnos" is.
    assert "dwy wythnos cyn y gwaith maes" in notice
    assert "deg diwrnod gwaith" in warning and "ten" not in warning


def test_an_inspection_under_a_percentages_framework_has_no_vocabulary(
    db: Any, yot: Any, administrator: Any
) -> None:
    created = {}
    for framework in (SQS, YOUTH_JUSTICE):
        created[framework.id] = services.inspection_create(
            user=administrator,
            yot=yot,
            reference=f"testshire-{framework.id}",
            framework_id=framework.id,
            framework_version=framework.version,
            fieldwork_start=date(2021, 11, 15),
            fieldwork_end=date(2021, 11, 26),
            announcement_planned=date(2021, 10, 1),
        )
    assert created[SQS.id].vocabulary == SQS.vocabulary
    assert created[YOUTH_JUSTICE.id].vocabulary == ""
