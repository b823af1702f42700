"""An email goes out in the language of the person whose action sends it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.notifications.test_timetable_email import MANAGER_EMAIL, booked  # noqa: F401


def test_the_timetable_sent_in_welsh_is_written_in_welsh(
    as_user: Any,
    booked: Any,  # noqa: F811
    lead_inspector: Any,
) -> None:
    lead_inspector.email = "lena@inspectorate.example"
    lead_inspector.save()
    client = as_user(lead_inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    client.post(reverse("timetable_send", args=[booked.reference]))
    [message] = mail.outbox
    assert message.to == [MANAGER_EMAIL]
    body = message.body
    assert body.startswith("Annwyl Ruth Holmes,")
    # The dates' day and month names are Welsh too; "dydd" takes a capital only where a
    # sentence starts, not after a colon. A dash joins the dates: after "i" the second
    # would need its mutation ("i ddydd Mercher").
    assert "Gwaith maes: dydd Llun 1 Mehefin 2015 – dydd Mercher 3 Mehefin 2015." in body
    assert (
        "Os oes gennych unrhyw gwestiynau, cysylltwch â Lena Lead, arolygydd arweiniol, drwy "
        "lena@inspectorate.example." in body
    )
    assert "Dear" not in body and "If you have any questions" not in body
