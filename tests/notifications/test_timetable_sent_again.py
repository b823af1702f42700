"""A timetable that could not be emailed, then emailed again as it now stands: the YOT
has the newer one, and the older is no longer offered to send."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from casescreen.fieldwork.services import interview_book
from casescreen.notifications.models import SentEmail
from casescreen.notifications.selectors import unsent
from tests.notifications.test_announcement_email import _free_port
from tests.notifications.test_timetable_email import booked  # noqa: F401 - a fixture


def test_a_failed_timetable_overtaken_by_a_later_one_is_not_sent_again(
    as_user: Any,
    booked: Any,  # noqa: F811 - the fixture
    lead_inspector: Any,
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 5
    client = as_user(lead_inspector)
    send = reverse("timetable_send", args=[booked.reference])
    client.post(send)
    failed = SentEmail.objects.get()
    assert failed.status == "failed"

    # The lead moves an interview and, the mail server back, sends the timetable as it is.
    interview_book(user=lead_inspector, inspection=booked, reference="TS200", slot=None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(send)
    [latest] = mail.outbox
    assert SentEmail.objects.exclude(pk=failed.pk).get().status == "sent"

    assert list(unsent(booked)) == []
    page = client.get(reverse("inspection", args=[booked.reference])).content.decode()
    assert f"/emails/{failed.pk}/retry/" not in page
    response = client.post(
        reverse("inspection_email_retry", args=[booked.reference, failed.pk]),
        {"back": "emails"},
        follow=True,
    )
    assert "A later email of the same kind has been sent since this one" in (
        response.content.decode()
    )
    # The outdated timetable did not go out.
    assert mail.outbox == [latest]
    assert SentEmail.objects.count() == 2
