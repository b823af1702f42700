"""The emails sent for an inspection, and sending a failed one again."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from casescreen.inspections import notices
from casescreen.inspections.access import get_inspection_for_user
from casescreen.notifications.models import SentEmail
from casescreen.notifications.selectors import emails_of, overtaken
from casescreen.notifications.services import NotificationError

# Where a retry button sends the person back to: the page it was pressed on.
BACK = {
    "emails": "inspection_emails",
    "inspection": "inspection",
    "lifecycle": "inspection_lifecycle",
    "report": "report",
}


@require_GET
def inspection_emails(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, manage=True)
    emails = emails_of(inspection).annotate(overtaken=overtaken())
    return render(
        request, "inspections/emails.html", {"inspection": inspection, "emails": list(emails)}
    )


@require_POST
def inspection_email_retry(request: HttpRequest, reference: str, email_id: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, manage=True)
    email = SentEmail.objects.filter(inspection=inspection, pk=email_id).first()
    if email is None:
        raise Http404(gettext("No such email"))
    back = BACK.get(request.POST.get("back", ""), "inspection_emails")
    try:
        sent = notices.resend(email=email, user=request.user)
    except NotificationError as error:
        messages.error(request, str(error))
    else:
        if sent.status == SentEmail.Status.SENT:
            messages.success(
                request, gettext("The email has been sent to %(to)s.") % {"to": sent.to}
            )
        else:
            message = unsent_message(sent)
            messages.error(request, capfirst(message))
    return redirect(back, reference=inspection.reference)


def unsent_message(email: SentEmail, what: str = "") -> str:
    what = what or gettext("the email “%(subject)s”") % {"subject": email.subject}
    return gettext(
        "%(what)s could not be emailed to the YOT manager (%(error)s). It is recorded as "
        "not sent: send it again from the inspection page once the problem is put right."
    ) % {"what": what, "error": gettext(email.error)}
