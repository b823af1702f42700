"""Writes to cases: the facts that decide which questions apply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from casescreen.assessments.models import Assessment
from casescreen.assessments.services import (
    AssessmentLocked,
    StaleVersion,
    assessment_start_if_new,
    locked_assessment,
)
from casescreen.audit.services import audit_changes
from casescreen.cases.models import Case


@transaction.atomic
def case_update_facts(
    *,
    user: Any,
    case: Case,
    facts: Mapping[str, object],
    case_manager_present: bool,
    based_on_version: int,
) -> Case:
    """Record the facts as checked with the case manager.

    Answers to questions that stop applying are kept (they are shown as not
    counted), so changing a fact back restores them.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    assessment = locked_assessment(case)
    assessment.case = locked
    if assessment.status == Assessment.Status.COMPLETED:
        raise AssessmentLocked()
    if locked.version != based_on_version:
        raise StaleVersion(None)
    before = locked.facts(list(facts))
    changed = [name for name, value in facts.items() if before[name] != value]
    for name in changed:
        setattr(locked, name, facts[name])
    if changed:
        locked.version += 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        audit_changes(
            user=user,
            instance=locked,
            before={name: before[name] for name in changed},
            after={name: facts[name] for name in changed},
            inspection=locked.inspection,
            case=locked,
        )
    assessment_before: dict[str, object] = {"case_manager_present": assessment.case_manager_present}
    assessment.case_manager_present = case_manager_present
    assessment.facts_confirmed_at = timezone.now()
    assessment.save(update_fields=["case_manager_present", "facts_confirmed_at", "updated_at"])
    audit_changes(
        user=user,
        instance=assessment,
        before=assessment_before,
        after={"case_manager_present": case_manager_present},
        inspection=locked.inspection,
        case=locked,
    )
    assessment_start_if_new(user=user, assessment=assessment)
    return locked
