"""The emails of an inspection as its pages show them: a failed one explained in the
reader's language, and offered to send again only while nothing later has replaced it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from casescreen.dataprotection.services import inspection_purge_personal_data
from casescreen.inspections.models import Inspection
from casescreen.notifications.models import SentEmail
from casescreen.notifications.selectors import unsent
from casescreen.notifications.services import NO_ADDRESS, Attachment, send

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


def test_a_failed_email_whose_attachment_was_purged_is_no_longer_offered_to_send_again(
    as_user: Any, inspection: Any, lead_inspector: Any
) -> None:
    failed = send(
        user=lead_inspector,
        inspection=inspection,
        kind=SentEmail.Kind.TIMETABLE,
        to=[],
        subject="Timetable",
        body="Attached.",
        attachment=Attachment("timetable.pdf", b"%PDF-TS1001", "application/pdf"),
    )
    inspection.status = Inspection.Status.PUBLISHED
    inspection.published_on = inspection.fieldwork_end
    inspection.save(update_fields=["status", "published_on"])
    inspection_purge_personal_data(inspection=inspection)
    failed.refresh_from_db()
    assert bytes(failed.attachment) == b""

    assert list(unsent(inspection)) == []
    client = as_user(lead_inspector)
    retry = reverse("inspection_email_retry", args=[inspection.reference, failed.pk])
    page = client.get(reverse("inspection", args=[inspection.reference])).content.decode()
    assert retry not in page and "could not be sent" not in page
    page = client.get(reverse("inspection_emails", args=[inspection.reference])).content.decode()
    assert retry not in page
    assert (
        "This email cannot be sent again: its attachment named cases and was deleted "
        "with the inspection's personal data."
    ) in page


def test_a_failed_request_for_the_factual_accuracy_check_is_not_sent_once_the_check_is_over(
    as_user: Any, inspection: Any, lead_inspector: Any
) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.FACTUAL_ACCURACY)
    failed = _send(lead_inspector, inspection, SentEmail.Kind.FACTUAL_ACCURACY, [])
    assert list(unsent(inspection)) == [failed]  # offered while the check is on
    inspection.yot.manager_email = MANAGER_EMAIL
    inspection.yot.save()
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.PUBLISHED)

    assert list(unsent(inspection)) == []
    client = as_user(lead_inspector)
    retry = reverse("inspection_email_retry", args=[inspection.reference, failed.pk])
    page = client.get(reverse("inspection_emails", args=[inspection.reference])).content.decode()
    assert retry not in page
    over = "This email cannot be sent again: the factual accuracy check it asked for is over."
    assert over in page
    page = client.post(retry, {"back": "emails"}, follow=True).content.decode()
    assert over in page
    assert mail.outbox == []
    assert not SentEmail.objects.filter(retry_of=failed).exists()


def test_an_email_sent_again_without_success_is_not_said_to_have_been_sent(
    as_user: Any, inspection: Any, lead_inspector: Any
) -> None:
    failed = _send(lead_inspector, inspection, SentEmail.Kind.ANNOUNCEMENT, [])
    client = as_user(lead_inspector)
    client.post(reverse("inspection_email_retry", args=[inspection.reference, failed.pk]))
    again = SentEmail.objects.get(retry_of=failed)
    assert again.status == SentEmail.Status.FAILED

    page = client.get(reverse("inspection_emails", args=[inspection.reference])).content.decode()

    assert "Sent again on" not in page
    assert "Tried again on" in page and "it could not be sent then either." in page
    # The newer sending is the one offered to send again.
    assert reverse("inspection_email_retry", args=[inspection.reference, again.pk]) in page
    assert reverse("inspection_email_retry", args=[inspection.reference, failed.pk]) not in page
