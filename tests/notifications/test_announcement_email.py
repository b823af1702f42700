"""The announcement letter goes to the YOT manager by email, and every sending is kept."""

from __future__ import annotations

import email
import io
import socket
from datetime import date
from email import policy
from typing import Any

import pytest
from django.core import mail
from pypdf import PdfReader

from casescreen.audit.models import AuditEvent
from casescreen.inspections.lifecycle import case_list_due
from casescreen.notifications.models import SentEmail

MANAGER_EMAIL = "ruth.holmes@testshire.example.org"


@pytest.fixture
def planned(inspection: Any, yot_manager: Any, lead_inspector: Any, case: Any) -> Any:
    """Fieldwork Monday 1 June 2015; the announcement is due Friday 15 May 2015. The
    inspection already has a case (Jamie Test, TS1001) that no email may mention."""
    inspection.status = "planned"
    inspection.save()
    inspection.yot.manager_name = "Ruth Holmes"
    inspection.yot.save()
    yot_manager.email = MANAGER_EMAIL
    yot_manager.save()
    lead_inspector.email = "lena.lead@inspectorate.example.org"
    lead_inspector.phone = "0161 240 5336"
    lead_inspector.save()
    return inspection


def _announce(client: Any, reference: str, day: date = date(2015, 5, 15)) -> Any:
    return client.post(
        f"/inspections/{reference}/announce/",
        {"day": day.day, "month": day.month, "year": day.year, "reason": ""},
        follow=True,
    )


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    ("fieldwork_start", "working_days", "due"),
    [
        (date(2015, 6, 1), 5, date(2015, 5, 25)),  # Monday start: the Monday before
        (date(2015, 6, 3), 5, date(2015, 5, 27)),  # Wednesday start
        (date(2015, 6, 1), 1, date(2015, 5, 29)),  # the Friday before a Monday
        (date(2015, 6, 1), 10, date(2015, 5, 18)),
        (date(2015, 6, 1), 0, date(2015, 6, 1)),
    ],
)
def test_the_case_list_is_due_a_set_number_of_working_days_before_fieldwork(
    fieldwork_start: date, working_days: int, due: date
) -> None:
    assert case_list_due(fieldwork_start, working_days) == due


def test_announcing_emails_the_letter_as_a_pdf_to_the_yot_manager(
    as_user: Any, planned: Any, lead_inspector: Any, settings: Any
) -> None:
    settings.CASESCREEN_CASE_LIST_WORKING_DAYS = 10
    response = _announce(as_user(lead_inspector), planned.reference)
    assert f"the letter has been emailed to {MANAGER_EMAIL}" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == "announced"

    [message] = mail.outbox
    assert message.to == [MANAGER_EMAIL]
    assert message.subject == "Short Quality Screening inspection of Testshire YOT"
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("testshire-2015-06-announcement.pdf", "application/pdf")
    letter = " ".join(_pdf_text(content).split())
    assert "Lena Lead, lead inspector" in letter
    assert "lena.lead@inspectorate.example.org" in letter and "0161 240 5336" in letter
    assert "Monday 1st June 2015" in letter and "Wednesday 3rd June 2015" in letter
    # Ten working days before Monday 1 June 2015.
    assert "By Monday 18th May 2015 (10 working days before fieldwork starts)" in letter
    assert "Dear Ruth Holmes" in message.body
    assert "Monday 18 May 2015" in message.body and "0161 240 5336" in message.body
    # Nothing about a child or a case leaves in the email.
    for secret in ("Jamie", "TS1001"):
        assert secret not in message.body and secret not in message.subject

    sent = SentEmail.objects.get()
    assert (sent.kind, sent.status, sent.to, sent.sent_by, sent.error) == (
        "announcement",
        "sent",
        MANAGER_EMAIL,
        lead_inspector,
        "",
    )
    assert sent.subject == message.subject and bytes(sent.attachment) == content
    assert AuditEvent.objects.filter(
        object_type="SentEmail", object_id=str(sent.pk), inspection=planned, user=lead_inspector
    ).exists()


def test_without_an_address_the_sending_is_recorded_as_not_sent(
    as_user: Any, planned: Any, lead_inspector: Any, yot_manager: Any
) -> None:
    yot_manager.email = ""
    yot_manager.save()
    response = _announce(as_user(lead_inspector), planned.reference)
    assert "could not be emailed to the YOT manager" in response.content.decode()
    assert mail.outbox == []
    planned.refresh_from_db()
    assert planned.status == "announced"
    sent = SentEmail.objects.get()
    assert (sent.status, sent.to) == ("failed", "")
    assert "No email address" in sent.error
    # Once the address is known, the retry goes to it.
    yot_manager.email = MANAGER_EMAIL
    yot_manager.save()
    as_user(lead_inspector).post(
        f"/inspections/{planned.reference}/emails/{sent.pk}/retry/", {"back": "emails"}
    )
    assert [m.to for m in mail.outbox] == [[MANAGER_EMAIL]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 Message accepted for delivery"


def test_an_unreachable_mail_server_keeps_the_announcement_and_the_retry_sends_by_smtp(
    as_user: Any, planned: Any, lead_inspector: Any, settings: Any
) -> None:
    from aiosmtpd.controller import Controller

    port = _free_port()  # nothing listens there yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "sqs@inspectorate.example.org"
    client = as_user(lead_inspector)

    response = _announce(client, planned.reference)
    page = response.content.decode()
    assert "The inspection is announced, but the letter could not be emailed" in page
    assert "Connection refused" in page or "ConnectionRefusedError" in page
    planned.refresh_from_db()
    assert planned.status == "announced"
    assert planned.transitions.get().letter_html  # the letter is kept as announced
    failed = SentEmail.objects.get()
    assert failed.status == "failed" and "ConnectionRefusedError" in failed.error
    # The inspection page says so and offers to send it again.
    inspection_page = client.get(f"/inspections/{planned.reference}/").content.decode()
    assert "could not be sent" in inspection_page
    assert f"/emails/{failed.pk}/retry/" in inspection_page

    inbox = _Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        retried = client.post(
            f"/inspections/{planned.reference}/emails/{failed.pk}/retry/",
            {"back": "inspection"},
            follow=True,
        )
    finally:
        server.stop()
    assert retried.redirect_chain[-1][0] == f"/inspections/{planned.reference}/"
    assert f"The email has been sent to {MANAGER_EMAIL}" in retried.content.decode()
    assert "could not be sent" not in retried.content.decode()

    [(recipients, raw)] = inbox.messages
    assert recipients == [MANAGER_EMAIL]
    received = email.message_from_bytes(raw, policy=policy.default)
    assert received["Subject"] == "Short Quality Screening inspection of Testshire YOT"
    assert received["From"] == "sqs@inspectorate.example.org"
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "testshire-2015-06-announcement.pdf"
    pdf = attachment.get_content()
    assert pdf.startswith(b"%PDF") and "Monday 1st June 2015" in _pdf_text(pdf)
    body = received.get_body(preferencelist=("plain",))
    assert body is not None and "Dear Ruth Holmes" in body.get_content()

    resent = SentEmail.objects.get(retry_of=failed)
    assert (resent.status, resent.error, resent.to) == ("sent", "", MANAGER_EMAIL)
    failed.refresh_from_db()
    assert failed.status == "failed"  # the first sending stays as it happened
    # A second press of the same button sends nothing more.
    again = client.post(
        f"/inspections/{planned.reference}/emails/{failed.pk}/retry/", follow=True
    ).content.decode()
    assert "already been sent again" in again
    assert SentEmail.objects.count() == 2


def test_the_emails_page_lists_each_sending_with_its_status(
    as_user: Any, planned: Any, lead_inspector: Any, inspector: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 5
    client = as_user(lead_inspector)
    _announce(client, planned.reference)
    failed = SentEmail.objects.get()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    page = client.get(f"/inspections/{planned.reference}/emails/").content.decode()
    assert "Not sent" in page and "ConnectionRefusedError" in page
    assert f"/emails/{failed.pk}/retry/" in page
    response = client.post(
        f"/inspections/{planned.reference}/emails/{failed.pk}/retry/", {"back": "emails"}
    )
    assert response["Location"] == f"/inspections/{planned.reference}/emails/"
    page = client.get(f"/inspections/{planned.reference}/emails/").content.decode()
    assert "Sent again on" in page and f"/emails/{failed.pk}/retry/" not in page
    assert page.count("govuk-tag--green") == 1
    # Only the lead and administrators see and resend emails.
    assert as_user(inspector).get(f"/inspections/{planned.reference}/emails/").status_code == 403
    sent = SentEmail.objects.get(retry_of=failed)
    refused = client.post(
        f"/inspections/{planned.reference}/emails/{sent.pk}/retry/", follow=True
    ).content.decode()
    assert "nothing to send again" in refused
    assert len(mail.outbox) == 1


def test_a_yot_in_wales_is_written_to_in_welsh_then_english(
    as_user: Any, planned: Any, lead_inspector: Any
) -> None:
    from casescreen.inspections.lifecycle import announcement_of

    yot = planned.yot
    yot.nation = "wales"
    yot.name_cy = "Tîm Troseddau Ieuenctid Swydd Brawf"
    yot.local_authority_cy = "Cyngor Swydd Brawf"
    yot.save()
    yot.copy_list.create(
        role_title="Director of Children's Services",
        role_title_cy="Cyfarwyddwr Gwasanaethau Plant",
        name="Pat Reynolds",
    )
    yot.copy_list.create(role_title="Police Commander", name="Sam Lee", position=1)
    response = _announce(as_user(lead_inspector), planned.reference)
    assert response.status_code == 200

    # The letter as kept: a Welsh part, then an English one, each marked with its
    # language and each taking the framework's announcement in that language.
    announcement = announcement_of(planned)
    assert announcement is not None
    letter = announcement.letter_html
    welsh, english = letter.index('lang="cy"'), letter.index('lang="en-GB"')
    assert welsh < english
    assert letter.index("Sgrinio Ansawdd Byr") < english < letter.index("Short Quality Screening")
    assert "Tîm Troseddau Ieuenctid Swydd Brawf" in letter[:english]
    # The copy list: each role in Welsh where the register holds it in Welsh.
    assert "Cyfarwyddwr Gwasanaethau Plant: Pat Reynolds" in letter[:english]
    assert "Police Commander: Sam Lee" in letter[:english]
    assert "Director of Children&#x27;s Services: Pat Reynolds" in letter[english:]
    # The dates in Welsh (whether the day's name takes a capital is the catalogue's).
    assert "dyddiadau'r gwaith maes: dydd llun 1 mehefin 2015" in " ".join(letter.split()).lower()
    # The page shows both parts with their languages; the PDF is written in Welsh first.
    page = as_user(lead_inspector).get(f"/inspections/{planned.reference}/announcement-letter/")
    assert '<div class="app-letter" lang="cy">' in page.content.decode()
    [message] = mail.outbox
    [(_name, content, _mimetype)] = message.attachments
    pdf = PdfReader(io.BytesIO(content))
    assert pdf.root_object["/Lang"] == "cy"
    text = " ".join(_pdf_text(content).split())
    assert text.index("Erbyn") < text.index("By Monday 25th May 2015")
    # The email too: Welsh, then English, its subject as well, each part naming the YOT
    # and its place as the register holds them in that part's language.
    assert message.subject == (
        "Arolygiad Sgrinio Ansawdd Byr: Tîm Troseddau Ieuenctid Swydd Brawf"
        " / Short Quality Screening inspection of Testshire YOT"
    )
    body = message.body
    assert body.index("Annwyl Ruth Holmes") < body.index("Dear Ruth Holmes")
    welsh_part = body[: body.index("Dear Ruth Holmes")]
    assert "Cyngor Swydd Brawf" in welsh_part and "Testshire" not in welsh_part


def test_a_welsh_yot_with_the_longest_names_has_its_sending_recorded(
    as_user: Any, planned: Any, lead_inspector: Any
) -> None:
    yot = planned.yot
    yot.nation = "wales"
    yot.name = "Y" * 200
    yot.name_cy = "T" * 200
    yot.save()

    assert _announce(as_user(lead_inspector), planned.reference).status_code == 200

    [message] = mail.outbox
    assert len(message.subject) > 400
    sending = SentEmail.objects.get()
    assert (sending.status, sending.subject) == ("sent", message.subject)
