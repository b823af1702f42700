"""The YOT manager is told when the factual accuracy check starts and when the report is
published. Sent after the move commits (``transaction.on_commit``): a move that is rolled
back tells nobody, and a mail server that cannot be reached undoes no move."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from casescreen.inspections.models import Inspection
from casescreen.inspections.notices import email_yot_manager
from casescreen.notifications.models import SentEmail

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _send(
    *, inspection_id: int, user: Any, kind: str, subject: StrOrPromise, template: str
) -> None:
    inspection = Inspection.objects.select_related("yot").get(pk=inspection_id)
    email_yot_manager(
        user=user,
        inspection=inspection,
        kind=kind,
        subject=subject,
        template=template,
    )


def after_commit_factual_accuracy(*, inspection: Inspection, user: Any) -> None:
    transaction.on_commit(
        partial(
            _send,
            inspection_id=inspection.pk,
            user=user,
            kind=SentEmail.Kind.FACTUAL_ACCURACY,
            subject=gettext_lazy("Factual accuracy check of the draft report: {yot}"),
            template="notifications/factual_accuracy.txt",
        ),
        robust=True,
    )


def after_commit_published(*, inspection: Inspection, user: Any) -> None:
    transaction.on_commit(
        partial(
            _send,
            inspection_id=inspection.pk,
            user=user,
            kind=SentEmail.Kind.PUBLISHED,
            subject=gettext_lazy("Inspection report published: {yot}"),
            template="notifications/published.txt",
        ),
        robust=True,
    )
