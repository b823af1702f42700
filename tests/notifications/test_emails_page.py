"""The emails of an inspection as its pages show them: a failed one explained in the
reader's language, and offered to send again only while nothing later has replaced it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from casescreen.notifications.models import SentEmail
from casescreen.notifications.services import NO_ADDRESS, send

MANAGER_EMAIL = "ruth.holmes@testshire.example.org"


def _send(user: Any, inspection: Any, kind: str, to: list[str]) -> SentEmail:
    return send(user=user, inspection=inspection, kind=kind, to=to, subject=kind, body="Body")


def test_in_welsh_a_failed_email_without_an_address_is_explained_in_welsh(
    as_user: Any, inspection: Any, lead_inspector: Any
) -> None:
    failed = _send(lead_inspector, inspection, SentEmail.Kind.ANNOUNCEMENT, [])
    assert failed.error == NO_ADDRESS  # kept in English, like the mail server's errors
    with translation.override("cy"):
        welsh = escape(translation.gettext(NO_ADDRESS))
    assert welsh != escape(NO_ADDRESS), "the Welsh catalogue has no translation of it"
    client = as_user(lead_inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    retry = reverse("inspection_email_retry", args=[inspection.reference, failed.pk])

    for name in ("inspection_emails", "inspection"):
        page = client.get(reverse(name, args=[inspection.reference])).content.decode()
        assert retry in page, name  # the failed email is shown
        assert welsh in page and NO_ADDRESS not in page, name
    # Sent again while still no address is held: the message says why, in Welsh.
    page = client.post(retry, {"back": "emails"}, follow=True).content.decode()
    assert SentEmail.objects.get(retry_of=failed).error == NO_ADDRESS
    assert welsh in page and NO_ADDRESS not in page


def test_the_emails_page_offers_no_sending_again_of_an_email_a_later_one_overtook(
    as_user: Any, inspection: Any, lead_inspector: Any
) -> None:
    overtaken = _send(lead_inspector, inspection, SentEmail.Kind.TIMETABLE, [])
    _send(lead_inspector, inspection, SentEmail.Kind.TIMETABLE, [MANAGER_EMAIL])
    # Another kind of email is not overtaken by it.
    failed = _send(lead_inspector, inspection, SentEmail.Kind.ANNOUNCEMENT, [])

    page = (
        as_user(lead_inspector)
        .get(reverse("inspection_emails", args=[inspection.reference]))
        .content.decode()
    )

    assert reverse("inspection_email_retry", args=[inspection.reference, overtaken.pk]) not in page
    assert page.count("A later email of the same kind has been sent since this one.") == 1
    assert reverse("inspection_email_retry", args=[inspection.reference, failed.pk]) in page
    assert page.count("Send again") == 1
