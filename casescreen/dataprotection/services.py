"""Writes for data protection: purging personal data after the retention period."""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from casescreen.assessments.models import Answer
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.cases.models import Case, CaseIdentity
from casescreen.dataprotection.retention import PURGED_REFERENCE_PREFIX
from casescreen.dataprotection.selectors import (
    PurgePlan,
    audit_events_to_blank,
    purge_plan,
    unpurged_cases,
)
from casescreen.inspections.models import Inspection


def _opaque_references(count: int, taken: set[str]) -> list[str]:
    """``count`` random tokens, none already used in the inspection."""
    tokens: list[str] = []
    while len(tokens) < count:
        token = f"{PURGED_REFERENCE_PREFIX}{secrets.token_hex(5)}"
        if token not in taken:
            taken.add(token)
            tokens.append(token)
    return tokens


@transaction.atomic
def inspection_purge_personal_data(*, inspection: Inspection, user: Any = None) -> PurgePlan:
    """Remove the personal data of one inspection's cases (see ``retention`` for the rule).

    Returns what was purged (counts). The purge is recorded as one audit event
    carrying the counts, never the values. Nothing happens when nothing is left.
    """
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    plan = purge_plan(inspection)
    if plan.empty:
        return plan
    now = timezone.now()
    # Find the audit events before the values they quote are gone.
    blank_ids = audit_events_to_blank(inspection)

    cases = list(unpurged_cases(inspection).order_by("pk"))
    taken = set(Case.objects.filter(inspection=inspection).values_list("reference", flat=True))
    for case, token in zip(cases, _opaque_references(len(cases), taken), strict=True):
        case.reference = token
    Case.objects.bulk_update(cases, ["reference"])
    Case.objects.filter(inspection=inspection).update(case_manager="", exclusion_reason="")

    CaseIdentity.objects.filter(case__inspection=inspection).update(
        child_name="", date_of_birth=None
    )
    CaseIdentity.objects.filter(case__inspection=inspection, purged_at__isnull=True).update(
        purged_at=now
    )
    CaseIdentity.objects.bulk_create(
        CaseIdentity(case=case, purged_at=now)
        for case in Case.objects.filter(inspection=inspection, identity__isnull=True)
    )
    Answer.objects.filter(assessment__case__inspection=inspection).exclude(evidence="").update(
        evidence=""
    )
    AuditEvent.objects.filter(pk__in=blank_ids).update(old_value="", new_value="")

    audit_record(
        user=user,
        action=AuditEvent.Action.PURGE,
        object_type="Inspection",
        object_id=inspection.pk,
        inspection=inspection,
        field="personal_data",
        new=json.dumps(plan.counts(), sort_keys=True),
    )
    return plan
