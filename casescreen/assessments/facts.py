"""Writes to a case's facts, the facts that decide which of its questions apply (taken
under its assessment's lock, like every write to the case being assessed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casescreen.assessments.models import Assessment
from casescreen.assessments.services import (
    AssessmentLocked,
    assessment_start_if_new,
    locked_assessment,
)
from casescreen.audit.services import audit_changes
from casescreen.cases.models import Case


class FactsConflict(Exception):
    """Someone else changed fields that this person changed too, to other values; nothing
    was saved. ``theirs`` holds those fields' values saved now."""

    def __init__(self, theirs: dict[str, object]) -> None:
        super().__init__(
            gettext("Someone else changed the same case facts since you opened the page.")
        )
        self.theirs = theirs


@transaction.atomic
def case_update_facts(
    *,
    user: Any,
    case: Case,
    facts: Mapping[str, object],
    opened_with: Mapping[str, object],
) -> Case:
    """Record the facts as checked with the case manager, merged with changes made since
    the form was opened.

    ``facts`` and ``opened_with`` give each field's value as sent and as it was when the
    form was opened; ``case_manager_present`` is the assessment's, the others the case's.
    A field the person left as opened keeps what is saved now; a field only they changed
    takes their value; a field someone else changed to another value meanwhile is a
    conflict, and then nothing is saved (:class:`FactsConflict`).

    Answers to questions that stop applying are kept (they are shown as not
    counted), so changing a fact back restores them.
    """
    # For an update that leaves the key alone, as ``lifecycle.locked`` says why.
    locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
    assessment = locked_assessment(case)
    assessment.case = locked
    if assessment.status == Assessment.Status.COMPLETED:
        raise AssessmentLocked()
    now = {
        **locked.facts([name for name in facts if name != "case_manager_present"]),
        "case_manager_present": assessment.case_manager_present,
    }
    changes: dict[str, object] = {}
    theirs: dict[str, object] = {}
    for name, mine in facts.items():
        if mine in (opened_with[name], now[name]):
            continue
        if now[name] != opened_with[name]:
            theirs[name] = now[name]
        else:
            changes[name] = mine
    if theirs:
        raise FactsConflict(theirs)
    changed = [name for name in changes if name != "case_manager_present"]
    for name in changed:
        setattr(locked, name, changes[name])
    if changed:
        locked.version += 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        audit_changes(
            user=user,
            instance=locked,
            before={name: now[name] for name in changed},
            after={name: changes[name] for name in changed},
            inspection=locked.inspection,
            case=locked,
        )
    if "case_manager_present" in changes:
        assessment.case_manager_present = bool(changes["case_manager_present"])
        audit_changes(
            user=user,
            instance=assessment,
            before={"case_manager_present": now["case_manager_present"]},
            after={"case_manager_present": assessment.case_manager_present},
            inspection=locked.inspection,
            case=locked,
        )
    confirmed_before = assessment.facts_confirmed_at
    assessment.facts_confirmed_at = timezone.now()
    assessment.save(update_fields=["case_manager_present", "facts_confirmed_at", "updated_at"])
    # Confirming the facts unchanged is a step of the assessment too (its task list says
    # so): the history names who checked them with the case manager, and when.
    audit_changes(
        user=user,
        instance=assessment,
        before={"facts_confirmed_at": _moment(confirmed_before)},
        after={"facts_confirmed_at": _moment(assessment.facts_confirmed_at)},
        inspection=locked.inspection,
        case=locked,
    )
    assessment_start_if_new(user=user, assessment=assessment)
    return locked


def _moment(at: datetime | None) -> str:
    return timezone.localtime(at).isoformat(timespec="seconds") if at else ""
