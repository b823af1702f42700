"""Allocation and timetable through HTTP: what the lead changes, what is refused, downloads."""

from __future__ import annotations

import io
from datetime import time
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from casescreen.assessments.models import Assessment
from casescreen.audit.models import AuditEvent
from casescreen.domain.timetable import Slot
from casescreen.fieldwork import selectors
from casescreen.fieldwork.models import Interview, Unavailability
from casescreen.fieldwork.notices import timetable_send
from casescreen.fieldwork.services import (
    allocation_assign,
    interview_book,
    timetable_apply_suggestion,
)


@pytest.fixture
def cases(inspection: Any, make_case: Any) -> list[Any]:
    managers = ["Ann Able", "Ann Able", "Ann Able", "Bob Best", "Bob Best", "Cat Cole"]
    return [
        make_case(inspection, f"TS{100 + i}", name=f"Child Name{i}", case_manager=m)
        for i, m in enumerate(managers)
    ]


def _url(name: str, inspection: Any, *args: Any) -> str:
    return reverse(name, args=[inspection.reference, *args])


def _inspectors(inspection: Any) -> dict[str, Any]:
    return dict(
        Assessment.objects.filter(case__inspection=inspection).values_list(
            "case__reference", "inspector__username"
        )
    )


def test_the_lead_allocates_one_case(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    client = as_user(lead_inspector)
    page = client.get(_url("allocation_case", inspection, "TS100"))
    assert page.status_code == 200
    response = client.post(
        _url("allocation_case", inspection, "TS100"), {"inspector": inspector.pk}
    )
    assert response.status_code == 302
    assert _inspectors(inspection)["TS100"] == "inspector"
    event = AuditEvent.objects.get(object_type="Assessment", field="inspector")
    assert event.new_value == "Ian Inspector"
    assert event.case is not None and event.case.reference == "TS100"


def test_the_lead_allocates_in_bulk(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    response = as_user(lead_inspector).post(
        _url("allocation_assign", inspection),
        {"cases": ["TS101", "TS103"], "inspector": str(inspector.pk)},
    )
    assert response.status_code == 302
    allocated = _inspectors(inspection)
    assert allocated["TS101"] == allocated["TS103"] == "inspector"
    assert allocated["TS100"] is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"inspector": "me"}, "Select at least one case."),
        ({"cases": ["TS100"]}, "Choose the inspector to give the cases to."),
        ({"cases": ["NOPE"], "inspector": "x"}, "Select cases from the list."),
    ],
)
def test_bad_bulk_allocation_is_refused_and_changes_nothing(
    inspection: Any, cases: Any, lead_inspector: Any, as_user: Any, data: dict, message: str
) -> None:
    response = as_user(lead_inspector).post(_url("allocation_assign", inspection), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert set(_inspectors(inspection).values()) == {None}


def test_someone_off_the_team_cannot_be_given_cases(
    inspection: Any, cases: Any, lead_inspector: Any, outsider: Any, as_user: Any
) -> None:
    response = as_user(lead_inspector).post(
        _url("allocation_case", inspection, "TS100"), {"inspector": outsider.pk}
    )
    assert response.status_code == 400
    assert "Choose an inspector on this inspection" in response.content.decode()
    assert _inspectors(inspection)["TS100"] is None


def test_the_suggestion_balances_and_keeps_case_managers_together(
    inspection: Any, cases: Any, lead_inspector: Any, as_user: Any
) -> None:
    response = as_user(lead_inspector).post(_url("allocation_suggest", inspection))
    assert response.status_code == 302
    allocated = _inspectors(inspection)
    assert sorted(allocated.values()) == ["inspector"] * 3 + ["lead-inspector"] * 3
    assert allocated["TS100"] == allocated["TS101"] == allocated["TS102"]
    assert allocated["TS103"] == allocated["TS104"]
    assert selectors.allocation_status(inspection) == "In progress"


def test_an_inspector_sees_their_own_cases_first(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    allocation_assign(
        user=lead_inspector,
        inspection=inspection,
        references=["TS104", "TS105"],
        inspector=inspector,
    )
    for name in ("allocation", "inspection"):
        body = as_user(inspector).get(_url(name, inspection)).content.decode()
        positions = {ref: body.index(f">{ref}<") for ref in ("TS100", "TS104", "TS105")}
        assert positions["TS104"] < positions["TS105"] < positions["TS100"], name
    # The lead's own cases come first for the lead: none, so reference order.
    body = as_user(lead_inspector).get(_url("allocation", inspection)).content.decode()
    assert body.index(">TS100<") < body.index(">TS104<")


def _allocate_all(inspection: Any, lead: Any, inspector: Any) -> None:
    allocation_assign(
        user=lead,
        inspection=inspection,
        references=["TS100", "TS101", "TS102"],
        inspector=inspector,
    )
    allocation_assign(
        user=lead, inspection=inspection, references=["TS103", "TS104", "TS105"], inspector=lead
    )


def test_the_timetable_suggestion_books_every_case_without_clashes(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    assert selectors.allocation_status(inspection) == "Not yet started"
    _allocate_all(inspection, lead_inspector, inspector)
    response = as_user(lead_inspector).post(_url("timetable_suggest", inspection))
    assert response.status_code == 302
    interviews = list(Interview.objects.filter(inspection=inspection))
    assert len(interviews) == 6
    assert len({(i.inspector_id, i.day, i.start) for i in interviews}) == 6
    assert len({(i.case_manager, i.day, i.start) for i in interviews}) == 6
    assert selectors.allocation_status(inspection) == "Completed"


def test_a_double_booking_is_refused_with_nothing_written(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    _allocate_all(inspection, lead_inspector, inspector)
    client = as_user(lead_inspector)
    assert (
        client.post(
            _url("timetable_case", inspection, "TS100"), {"slot": "2015-06-01T12:00"}
        ).status_code
        == 302
    )
    # The same inspector at the same time:
    response = client.post(
        _url("timetable_case", inspection, "TS101"), {"slot": "2015-06-01T12:00"}
    )
    assert response.status_code == 400
    assert "already interviewing for case TS100" in response.content.decode()
    # The same case manager at the same time, with another inspector:
    allocation_assign(
        user=lead_inspector, inspection=inspection, references=["TS102"], inspector=lead_inspector
    )
    events = AuditEvent.objects.count()
    response = client.post(
        _url("timetable_case", inspection, "TS102"), {"slot": "2015-06-01T12:00"}
    )
    assert response.status_code == 400
    assert (
        "Ann Able, the case manager of case TS102, is already booked for case TS100"
        in response.content.decode()
    )
    assert list(Interview.objects.values_list("case__reference", flat=True)) == ["TS100"]
    assert AuditEvent.objects.count() == events


def test_the_database_refuses_a_double_booking_too(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any
) -> None:
    from django.db import IntegrityError, transaction

    _allocate_all(inspection, lead_inspector, inspector)
    interview_book(
        user=lead_inspector,
        inspection=inspection,
        reference="TS100",
        slot=Slot(inspection.fieldwork_start, time(12), time(13, 30)),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(
            inspection=inspection,
            case=cases[1],
            day=inspection.fieldwork_start,
            start=time(12),
            end=time(13, 30),
            inspector=inspector,
            case_manager="Other",
        )


def test_a_blocked_period_is_respected(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    _allocate_all(inspection, lead_inspector, inspector)
    client = as_user(lead_inspector)
    response = client.post(
        _url("timetable_unavailability", inspection),
        {"case_manager": "Ann Able", "day": "2015-06-01", "start": "12:00", "end": "17:00"},
    )
    assert response.status_code == 302
    assert Unavailability.objects.count() == 1
    response = client.post(
        _url("timetable_case", inspection, "TS100"), {"slot": "2015-06-01T13:30"}
    )
    assert response.status_code == 400
    assert "unavailable from 12:00 to 17:00" in response.content.decode()
    client.post(_url("timetable_suggest", inspection))
    days = set(Interview.objects.filter(case_manager="Ann Able").values_list("day", flat=True))
    assert inspection.fieldwork_start not in days and len(days) >= 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"case_manager": "Ann Able", "day": "2015-06-01", "start": "15:00", "end": "14:00"},
            "The period must end after it starts.",
        ),
        (
            {"case_manager": "Nobody", "day": "2015-06-01", "start": "12:00", "end": "14:00"},
            "Choose a case manager of the sampled cases.",
        ),
        (
            {"case_manager": "Ann Able", "day": "2015-07-01", "start": "12:00", "end": "14:00"},
            "Choose one of the fieldwork days.",
        ),
        (
            {"case_manager": "Ann Able", "day": "2015-06-01", "start": "noon", "end": "14:00"},
            "Enter the time the period starts as hours and minutes",
        ),
    ],
)
def test_bad_periods_are_refused(
    inspection: Any, cases: Any, lead_inspector: Any, as_user: Any, data: dict, message: str
) -> None:
    response = as_user(lead_inspector).post(_url("timetable_unavailability", inspection), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Unavailability.objects.exists()


def test_settings_change_the_slots_but_not_under_booked_interviews(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    _allocate_all(inspection, lead_inspector, inspector)
    client = as_user(lead_inspector)
    data = {
        "first_day_start": "12:00",
        "day_start": "09:00",
        "day_end": "17:00",
        "last_day_end": "16:00",
        "slot_minutes": "60",
    }
    assert client.post(_url("timetable_settings", inspection), data).status_code == 302
    assert len(selectors.slots(inspection)) == 5 + 8 + 7
    client.post(_url("timetable_case", inspection, "TS100"), {"slot": "2015-06-01T13:00"})
    response = client.post(_url("timetable_settings", inspection), data | {"slot_minutes": "90"})
    assert response.status_code == 400
    assert "would no longer be on a slot: TS100" in response.content.decode()
    assert selectors.timetable_settings(inspection).slot_minutes == 60


def test_the_timetable_states_the_hours_its_slots_keep_to(
    inspection: Any, cases: Any, lead_inspector: Any, as_user: Any
) -> None:
    """A first day starting before the working day does, or a last day ending after it,
    gives way to the working day: the page says so, as the slots do."""
    client = as_user(lead_inspector)
    data = {
        "first_day_start": "08:00",
        "day_start": "09:00",
        "day_end": "17:00",
        "last_day_end": "18:00",
        "slot_minutes": "60",
    }
    assert client.post(_url("timetable_settings", inspection), data).status_code == 302
    slots = selectors.slots(inspection)
    assert (slots[0].start, slots[-1].end) == (time(9), time(17))

    page = " ".join(client.get(_url("timetable", inspection)).content.decode().split())
    assert "from 09:00 on Monday 1 June, 09:00 to 17:00 on the days between, until 17:00" in page


def test_a_yot_manager_sees_the_timetable_without_assessment_data(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, yot_manager: Any, as_user: Any
) -> None:
    _allocate_all(inspection, lead_inspector, inspector)
    as_user(lead_inspector).post(_url("timetable_suggest", inspection))
    client = as_user(yot_manager)
    body = client.get(_url("timetable", inspection)).content.decode()
    assert "TS100" in body and "Ann Able" in body
    assert "Not started" not in body and "Child Name" not in body
    assert client.get(_url("allocation", inspection)).status_code == 404


def test_the_downloads_name_cases_and_case_managers_but_no_child(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    from pypdf import PdfReader

    _allocate_all(inspection, lead_inspector, inspector)
    client = as_user(lead_inspector)
    client.post(_url("timetable_suggest", inspection))
    csv = client.get(_url("timetable_csv", inspection))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0] == "Date,Start,End,Case reference,Case manager,Inspector"
    assert len(lines) == 7
    assert "Mon 01 Jun 2015,12:00,13:30" in text
    pdf = client.get(_url("timetable_pdf", inspection))
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for case in cases:
        assert case.reference in pdf_text
    assert "Ann Able" in pdf_text and "Cat Cole" in pdf_text
    for body in (text, pdf_text):
        assert "Child" not in body and "Name0" not in body


def test_allocation_status_words(inspection: Any, make_case: Any, lead_inspector: Any) -> None:
    assert selectors.allocation_status(inspection) == "Cannot start yet"
    make_case(inspection, "TS900", case_manager="Ann Able")
    assert selectors.allocation_status(inspection) == "Not yet started"


def _pdf(content: bytes) -> tuple[str, list[str], Any]:
    """The PDF's text, each page's text, and its document language."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    pages = [page.extract_text() for page in reader.pages]
    return " ".join(pages), pages, reader.root_object.get("/Lang")


def test_the_timetable_pdf_follows_the_page_language(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any, as_user: Any, settings: Any
) -> None:
    _allocate_all(inspection, lead_inspector, inspector)
    client = as_user(lead_inspector)
    client.post(_url("timetable_suggest", inspection))

    english, _, lang = _pdf(client.get(_url("timetable_pdf", inspection)).content)
    assert lang.lower() == "en-gb"
    assert "Case reference" in english and "Mon 01 Jun 2015" in english
    assert "Page 1 of 1" in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh, _, lang = _pdf(client.get(_url("timetable_pdf", inspection)).content)
    assert lang == "cy"
    for text in ("Cyfeirnod yr achos", "Rheolwr achos", "Arolygydd", "Llu 01 Meh 2015"):
        assert text in welsh
    for text in ("Case reference", "Case manager", "Mon 01 Jun"):
        assert text not in welsh


def test_a_yot_in_wales_is_emailed_the_timetable_in_welsh_then_english(
    inspection: Any, cases: Any, lead_inspector: Any, inspector: Any
) -> None:
    inspection.yot.nation = "wales"
    inspection.yot.manager_email = "manager@testshire.example.org"
    inspection.yot.save()
    _allocate_all(inspection, lead_inspector, inspector)
    timetable_apply_suggestion(user=lead_inspector, inspection=inspection)

    timetable_send(user=lead_inspector, inspection=inspection)

    [message] = mail.outbox
    assert message.body.index("Annwyl") < message.body.index("Dear")
    _, pages, lang = _pdf(message.attachments[0][1])
    assert lang == "cy"
    # The Welsh timetable on its own page, then the English one on its own.
    welsh, english = pages
    assert "Cyfeirnod yr achos" in welsh and "Llu 01 Meh 2015" in welsh
    assert "Case reference" in english and "Mon 01 Jun 2015" in english
    assert "Case reference" not in welsh and "Cyfeirnod yr achos" not in english
    for text in (welsh, english):
        assert "TS100" in text and "Ann Able" in text


def test_the_unavailability_form_is_labelled_in_welsh(
    inspection: Any, cases: Any, lead_inspector: Any, as_user: Any, settings: Any
) -> None:
    client = as_user(lead_inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    page = client.get(_url("timetable_unavailability", inspection)).content.decode()

    assert '">Rheolwr achos</label>' in page and '">Diwrnod</label>' in page
    assert '">Case manager</label>' not in page and '">Day</label>' not in page
    with translation.override("cy"):
        times = [pgettext("a time of day", word) for word in ("Start", "End")]
    for label in times:
        assert f'">{label}</label>' in page
