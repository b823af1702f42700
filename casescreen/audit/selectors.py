"""Reads of the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from casescreen.audit.models import AuditEvent
from casescreen.inspections.models import Inspection


def inspection_access_log(inspection: Inspection) -> QuerySet[AuditEvent]:
    """Every view and change recorded against the inspection or one of its cases, oldest first."""
    return (
        AuditEvent.objects.filter(inspection=inspection).select_related("case").order_by("at", "id")
    )
