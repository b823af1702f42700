"""Emails to the inspected YOT's manager: the announcement letter, and the helpers the
report's stages use for theirs.

Bodies say which inspection, what happens next and whom to contact; never anything
about a child or a case (names, references, facts): an email leaves the service.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from casescreen.inspections import lifecycle
from casescreen.inspections.models import Inspection, TeamMembership, Yot
from casescreen.notifications import services as notifications
from casescreen.notifications.models import SentEmail

# Between the Welsh and the English of a bilingual email.
LANGUAGE_BREAK = "-" * 40

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def yot_manager_addresses(yot: Yot) -> list[str]:
    """Where the YOT manager is written to: the YOT register's address for its manager
    when it holds one, else the addresses of the YOT's manager accounts."""
    address = yot.manager_email.strip()
    if address:
        return [address]
    return list(
        yot.managers.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def lead_of(inspection: Inspection) -> Any:
    membership = (
        inspection.members.filter(role=TeamMembership.Role.LEAD).select_related("user").first()
    )
    return membership.user if membership else None


def email_yot_manager(
    *,
    user: Any,
    inspection: Inspection,
    kind: str,
    subject: StrOrPromise,
    template: str,
    context: dict[str, Any] | None = None,
    attachment: notifications.Attachment | None = None,
) -> SentEmail:
    """Write the message from its template and send it to the inspected YOT's manager: to
    a YOT in Wales in Welsh and then in English, whoever sends it; elsewhere in the
    sender's language.

    ``subject`` is a lazy translation, with ``{framework}`` and ``{yot}`` in it where the
    question set's name and the YOT's name go; a bilingual subject is the Welsh one, a
    slash, then the English one. The templates get the YOT's name (``yot_name``) and
    place (``place``) in the language they are written in.
    """
    yot = inspection.yot
    values = {
        "inspection": inspection,
        "yot": yot,
        "lead": lead_of(inspection),
        "site_url": settings.CASESCREEN_SITE_URL,
        **(context or {}),
    }
    languages = yot.languages
    subjects, parts = [], []
    for language in languages:
        with translation.override(language) if len(languages) > 1 else nullcontext():
            framework = inspection.framework()
            written_in = translation.get_language()
            yot_name = yot.name_in(written_in)
            subjects.append(str(subject).format(framework=capfirst(framework.name), yot=yot_name))
            named = {
                "framework": framework,
                "yot_name": yot_name,
                "place": yot.local_authority_in(written_in),
            }
            parts.append(render_to_string(template, values | named).strip())
    body = f"\n\n{LANGUAGE_BREAK}\n\n".join(parts) + "\n"
    return notifications.send(
        user=user,
        inspection=inspection,
        kind=kind,
        to=yot_manager_addresses(yot),
        subject=" / ".join(subjects),
        body=body,
        attachment=attachment,
    )


def announcement_send(*, user: Any, inspection: Inspection) -> SentEmail:
    """Email the announcement letter, as it was kept, to the YOT manager as a PDF.

    Called once the announcement is committed: if the mail server cannot be reached
    the inspection stays announced and the sending is recorded as not sent."""
    announcement = lifecycle.announcement_of(inspection)
    if announcement is None:
        raise lifecycle.LifecycleError(gettext("The inspection has not been announced."))
    pdf = lifecycle.letter_pdf(inspection, announcement.letter_html)
    return email_yot_manager(
        user=user,
        inspection=inspection,
        kind=SentEmail.Kind.ANNOUNCEMENT,
        subject=gettext_lazy("{framework} of {yot}"),
        template="notifications/announcement.txt",
        context={
            "case_list_due": lifecycle.case_list_due(
                inspection.fieldwork_start, settings.CASESCREEN_CASE_LIST_WORKING_DAYS
            )
        },
        attachment=notifications.Attachment(
            f"{inspection.reference}-announcement.pdf", pdf, "application/pdf"
        ),
    )


def resend(*, email: SentEmail, user: Any) -> SentEmail:
    """Send a failed email again, to the YOT manager's address as held now."""
    return notifications.resend(
        email=email, user=user, to=yot_manager_addresses(email.inspection.yot)
    )
