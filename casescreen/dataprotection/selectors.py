"""Reads for data protection: what the retention rule would purge, without changing anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet

from casescreen.assessments.models import Answer
from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case, CaseIdentity
from casescreen.dataprotection.retention import PERSONAL_AUDIT_FIELDS, purge_cutoff
from casescreen.inspections.models import Inspection

# Purged values shorter than this are not searched for inside audit text: a
# two-letter match would blank unrelated events without protecting anybody.
MIN_SEARCHED_VALUE = 3


@dataclass(frozen=True)
class PurgePlan:
    """What purging one inspection removes: counts only, never the values."""

    inspection: Inspection
    identities: int
    references: int
    case_managers: int
    exclusion_reasons: int
    evidence: int
    audit_values: int

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())

    def counts(self) -> dict[str, int]:
        return {
            "identities": self.identities,
            "references": self.references,
            "case_managers": self.case_managers,
            "exclusion_reasons": self.exclusion_reasons,
            "evidence": self.evidence,
            "audit_values": self.audit_values,
        }


def inspections_due_for_purge(today: date) -> QuerySet[Inspection]:
    """Published or closed inspections published at least the retention period before ``today``."""
    cutoff = purge_cutoff(today, settings.CASESCREEN_RETENTION_MONTHS)
    return (
        Inspection.objects.filter(
            status__in=[Inspection.Status.PUBLISHED, Inspection.Status.CLOSED],
            published_on__isnull=False,
            published_on__lte=cutoff,
        )
        .select_related("yot")
        .order_by("published_on", "reference")
    )


def unpurged_cases(inspection: Inspection) -> QuerySet[Case]:
    """Cases whose identity has not been purged yet (or that never had one recorded)."""
    return Case.objects.filter(inspection=inspection).filter(
        Q(identity__isnull=True) | Q(identity__purged_at__isnull=True)
    )


def personal_values(inspection: Inspection) -> set[str]:
    """Every purgeable value of the inspection as text, to find it quoted in audit events."""
    values: set[str] = set()
    for name, born in CaseIdentity.objects.filter(case__inspection=inspection).values_list(
        "child_name", "date_of_birth"
    ):
        values.add(name)
        if born is not None:
            values.add(born.isoformat())
    for row in unpurged_cases(inspection).values_list(
        "reference", "case_manager", "exclusion_reason"
    ):
        values.update(row)
    values.update(
        Answer.objects.filter(assessment__case__inspection=inspection)
        .exclude(evidence="")
        .values_list("evidence", flat=True)
    )
    return {value for value in values if len(value) >= MIN_SEARCHED_VALUE}


def inspection_audit_events(inspection: Inspection) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(Q(inspection=inspection) | Q(case__inspection=inspection))


def audit_events_to_blank(inspection: Inspection) -> list[int]:
    """Ids of the inspection's audit events whose old or new value is personal data."""
    searched = personal_values(inspection)
    ids = []
    rows = (
        inspection_audit_events(inspection)
        .filter(~Q(old_value="") | ~Q(new_value=""))
        .values_list("id", "field", "old_value", "new_value")
    )
    for event_id, field, old, new in rows:
        if field in PERSONAL_AUDIT_FIELDS or any(
            value in old or value in new for value in searched
        ):
            ids.append(event_id)
    return ids


def purge_plan(inspection: Inspection) -> PurgePlan:
    identities = CaseIdentity.objects.filter(case__inspection=inspection)
    cases = Case.objects.filter(inspection=inspection)
    return PurgePlan(
        inspection=inspection,
        identities=identities.filter(
            Q(purged_at__isnull=True) | ~Q(child_name="") | Q(date_of_birth__isnull=False)
        ).count(),
        references=unpurged_cases(inspection).count(),
        case_managers=cases.exclude(case_manager="").count(),
        exclusion_reasons=cases.exclude(exclusion_reason="").count(),
        evidence=Answer.objects.filter(assessment__case__inspection=inspection)
        .exclude(evidence="")
        .count(),
        audit_values=len(audit_events_to_blank(inspection)),
    )
