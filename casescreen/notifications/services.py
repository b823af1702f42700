"""Sending an email: render nothing here, send what the caller wrote, and keep the record.

Every sending leaves a ``SentEmail`` and an audit event, whether the message went or
not: a mail server that cannot be reached fails the sending, never the action that
asked for it, and the record says why so that someone can send it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.notifications import selectors
from casescreen.notifications.models import SentEmail

# Stored in English, like the mail server's own errors; the pages translate it.
NO_ADDRESS = gettext_noop("No email address is held for the recipient.")


class NotificationError(Exception):
    """A request about an email that cannot be met; the message says why."""


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    mimetype: str


def _deliver(*, to: list[str], subject: str, body: str, attachment: Attachment | None) -> str:
    """Hand the message to the configured backend; the error, or "" once it is sent."""
    if not to:
        return NO_ADDRESS
    message = EmailMessage(subject=subject, body=body, to=to)
    if attachment is not None:
        message.attach(attachment.name, attachment.content, attachment.mimetype)
    try:
        message.send(fail_silently=False)
    # Whatever stops the message (no server, refused sign-in, a timeout, a refused
    # address) is recorded as the reason it was not sent, and nothing else is undone.
    except Exception as error:
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return ""


def send(
    *,
    user: Any,
    inspection: Any,
    kind: str,
    to: list[str],
    subject: str,
    body: str,
    attachment: Attachment | None = None,
    retry_of: SentEmail | None = None,
) -> SentEmail:
    """Send one message and record the sending (sent, or not sent with the error).

    Called outside the transaction of the action it follows: the action is kept
    whatever the mail server does, and no lock is held while it answers."""
    error = _deliver(to=to, subject=subject, body=body, attachment=attachment)
    status = SentEmail.Status.FAILED if error else SentEmail.Status.SENT
    with transaction.atomic():
        email = SentEmail.objects.create(
            inspection=inspection,
            kind=kind,
            sent_by=user if getattr(user, "pk", None) else None,
            actor=getattr(user, "username", None) or "system",
            to=",".join(to),
            subject=subject,
            body=body,
            attachment_name=attachment.name if attachment else "",
            attachment_type=attachment.mimetype if attachment else "",
            attachment=attachment.content if attachment else b"",
            status=status,
            error=error,
            retry_of=retry_of,
        )
        audit_record(
            user=user,
            action=AuditEvent.Action.CREATE,
            object_type="SentEmail",
            object_id=email.pk,
            inspection=inspection,
            field=kind,
            new=f"{status} to {email.to or 'nobody'}" + (f": {error}" if error else ""),
        )
    return email


@transaction.atomic
def resend(*, email: SentEmail, user: Any, to: list[str]) -> SentEmail:
    """Send a failed message again, as it was written, to ``to`` (the recipient's
    address as held now). Once per failed sending: the row is locked, so two clicks
    send it once."""
    email = SentEmail.objects.select_for_update().select_related("inspection").get(pk=email.pk)
    if email.status != SentEmail.Status.FAILED:
        raise NotificationError(_("This email was sent: there is nothing to send again."))
    if SentEmail.objects.filter(retry_of=email).exists():
        raise NotificationError(
            _("This email has already been sent again: see the latest sending.")
        )
    if email.attachment_name and not email.attachment:
        raise NotificationError(
            _(
                "This email cannot be sent again: its attachment named cases and was "
                "deleted with the inspection's personal data."
            )
        )
    if SentEmail.objects.filter(pk=email.pk).filter(selectors.out_of_date()).exists():
        raise NotificationError(
            _("This email cannot be sent again: the factual accuracy check it asked for is over.")
        )
    if SentEmail.objects.filter(pk=email.pk).filter(selectors.overtaken()).exists():
        raise NotificationError(
            _(
                "A later email of the same kind has been sent since this one: there is "
                "nothing to send again."
            )
        )
    attachment = (
        Attachment(email.attachment_name, bytes(email.attachment), email.attachment_type)
        if email.attachment_name
        else None
    )
    return send(
        user=user,
        inspection=email.inspection,
        kind=email.kind,
        to=to,
        subject=email.subject,
        body=email.body,
        attachment=attachment,
        retry_of=email,
    )
