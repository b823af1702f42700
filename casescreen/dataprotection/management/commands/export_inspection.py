"""casescreen export_inspection: one inspection as one JSON document, with integrity checks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.dataprotection.document import build_document, dumps
from casescreen.dataprotection.selectors import inspection_export_payload
from casescreen.inspections.models import Inspection


class Command(BaseCommand):
    help = (
        "Write an inspection (YOT, team, cases, identities, assessments, answers, practice "
        "examples) as one JSON document with a SHA-256 digest and an HMAC signature. "
        "The file holds personal data: keep it as securely as the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The inspection's reference, e.g. redbridge-2015-02")
        parser.add_argument("--output", help="File to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        reference = options["reference"]
        inspection = Inspection.objects.select_related("yot").filter(reference=reference).first()
        if inspection is None:
            raise CommandError(
                _("no inspection with reference %(reference)r") % {"reference": reference}
            )
        if inspection.is_self_assessment:
            # The document has no kind: imported, a YOT's own audit would become an
            # inspection the inspectorate sees.
            raise CommandError(
                _(
                    "%(reference)r is a YOT's self-assessment: the exchange document carries "
                    "inspections only"
                )
                % {"reference": reference}
            )
        with transaction.atomic():
            # One consistent snapshot, and the export recorded in the access log with it.
            text = dumps(build_document(inspection_export_payload(inspection)))
            audit_record(
                user=None,
                action=AuditEvent.Action.VIEW,
                object_type="Inspection",
                object_id=inspection.pk,
                inspection=inspection,
                field="export",
            )
        output = options["output"]
        if not output:
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        try:
            # Created readable by the owner only: the document holds personal data.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise CommandError(
                _("cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        self.stderr.write(
            _("Exported %(reference)s to %(path)s.") % {"reference": reference, "path": path}
        )
