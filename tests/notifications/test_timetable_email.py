"""The interview timetable goes to the YOT manager by email as a PDF, recorded and sent
again like the announcement letter."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from casescreen.audit.models import AuditEvent
from casescreen.fieldwork.services import allocation_assign, timetable_apply_suggestion
from casescreen.notifications.models import SentEmail
from tests.notifications.test_announcement_email import _free_port

MANAGER_EMAIL = "ruth.holmes@testshire.example.org"


@pytest.fixture
def booked(inspection: Any, make_case: Any, lead_inspector: Any, inspector: Any) -> Any:
    """Three cases, allocated and on the timetable; the children's names must not leave."""
    inspection.yot.manager_name = "Ruth Holmes"
    inspection.yot.manager_email = MANAGER_EMAIL
    inspection.yot.save()
    for number, manager in enumerate(("Ann Able", "Bob Best", "Cat Cole")):
        make_case(inspection, f"TS20{number}", name=f"Secret Child{number}", case_manager=manager)
    allocation_assign(
        user=lead_inspector,
        inspection=inspection,
        references=["TS200", "TS201"],
        inspector=inspector,
    )
    allocation_assign(
        user=lead_inspector, inspection=inspection, references=["TS202"], inspector=lead_inspector
    )
    timetable_apply_suggestion(user=lead_inspector, inspection=inspection)
    return inspection


def _send(client: Any, inspection: Any) -> Any:
    return client.post(reverse("timetable_send", args=[inspection.reference]), follow=True)


def test_the_lead_emails_the_timetable_as_a_pdf_to_the_yot_manager(
    as_user: Any, booked: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    page = client.get(reverse("timetable", args=[booked.reference])).content.decode()
    assert "Send the timetable to the YOT manager" in page

    response = _send(client, booked)
    assert response.redirect_chain[-1][0] == f"/inspections/{booked.reference}/timetable/"
    page = response.content.decode()
    assert f"The timetable has been emailed to {MANAGER_EMAIL}." in page
    assert f"The timetable was last emailed to {MANAGER_EMAIL}" in page

    [message] = mail.outbox
    assert message.to == [MANAGER_EMAIL]
    assert message.subject == "Interview timetable: inspection of Testshire YOT"
    assert "Dear Ruth Holmes" in message.body and "Lena Lead" in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("testshire-2015-06-timetable.pdf", "application/pdf")
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for reference in ("TS200", "TS201", "TS202"):
        assert reference in pdf
    assert "Ann Able" in pdf and "Cat Cole" in pdf
    # No child's name leaves, in the email or in the PDF.
    for text in (message.subject, message.body, pdf):
        assert "Secret" not in text and "Child" not in text

    sent = SentEmail.objects.get()
    assert (sent.kind, sent.status, sent.to, sent.sent_by) == (
        "timetable",
        "sent",
        MANAGER_EMAIL,
        lead_inspector,
    )
    assert bytes(sent.attachment) == content
    assert AuditEvent.objects.filter(
        object_type="SentEmail", object_id=str(sent.pk), inspection=booked, field="timetable"
    ).exists()


def test_an_unreachable_mail_server_is_recorded_as_not_sent_and_can_be_retried(
    as_user: Any, booked: Any, lead_inspector: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 5
    client = as_user(lead_inspector)

    page = _send(client, booked).content.decode()
    assert "The timetable could not be emailed to the YOT manager" in page
    assert "ConnectionRefusedError" in page and "recorded as not sent" in page
    failed = SentEmail.objects.get()
    assert (failed.kind, failed.status) == ("timetable", "failed")
    assert "ConnectionRefusedError" in failed.error
    assert failed.attachment_name == "testshire-2015-06-timetable.pdf"
    # The inspection page offers to send it again, as it does for the letter.
    inspection_page = client.get(f"/inspections/{booked.reference}/").content.decode()
    assert f"/emails/{failed.pk}/retry/" in inspection_page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(f"/inspections/{booked.reference}/emails/{failed.pk}/retry/", {"back": "emails"})
    [message] = mail.outbox
    assert message.attachments[0][0] == "testshire-2015-06-timetable.pdf"
    assert SentEmail.objects.get(retry_of=failed).status == "sent"


def test_an_empty_timetable_is_not_sent(
    as_user: Any, inspection: Any, make_case: Any, lead_inspector: Any
) -> None:
    make_case(inspection, "TS300", case_manager="Ann Able")
    client = as_user(lead_inspector)
    page = client.get(reverse("timetable", args=[inspection.reference])).content.decode()
    assert "Send the timetable to the YOT manager" not in page
    response = _send(client, inspection).content.decode()
    assert "No interview is on the timetable yet" in response
    assert mail.outbox == [] and not SentEmail.objects.exists()


def test_only_the_lead_sends_the_timetable(
    as_user: Any, booked: Any, inspector: Any, yot_manager: Any
) -> None:
    for user in (inspector, yot_manager):
        page = as_user(user).get(reverse("timetable", args=[booked.reference])).content.decode()
        assert "Send the timetable to the YOT manager" not in page
        assert _send(as_user(user), booked).status_code == 403
    assert mail.outbox == [] and not SentEmail.objects.exists()
