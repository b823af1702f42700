"""Writes for findings: the inspectors' rating of each standard judged on evidence."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_changes, audit_record
from casescreen.findings.models import StandardJudgement
from casescreen.inspections.access import is_lead
from casescreen.inspections.lifecycle import locked
from casescreen.inspections.models import Inspection


class JudgementError(ValueError):
    """A rating the inspection cannot accept; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StaleJudgement(JudgementError):
    """Someone else recorded or removed the standard's rating since the page was opened;
    ``version`` is the one stored now (0 for none), the version to record against next."""

    def __init__(self, standard: str, current: StandardJudgement | None) -> None:
        if current is None:
            message = _(
                "The rating of standard %(standard)s was removed since you opened the page. "
                "Record it again."
            ) % {"standard": standard}
        else:
            who = current.updated_by.username if current.updated_by else _("someone else")
            message = _(
                "The rating of standard %(standard)s was changed by %(who)s since you "
                "opened the page. Check it and record yours again."
            ) % {"standard": standard, "who": who}
        super().__init__(message)
        self.current = current
        self.version = current.version if current else 0


@transaction.atomic
def standard_judgement_record(
    *,
    inspection: Inspection,
    user: Any,
    standard: str,
    rating: str,
    key_findings: str,
    based_on_version: int = 0,
) -> StandardJudgement:
    """Record the rating of one judged standard with its key findings.

    Only the inspection's lead inspector, and not once its records are frozen. The
    standard must be one the pinned framework rates by judgement and the rating one of
    its scale; key findings are required. ``based_on_version`` is the version the page
    showed (0 for none yet): a judgement changed since is refused, not overwritten.
    """
    if not is_lead(user, inspection):
        raise PermissionDenied(_("Only the lead inspector can record the ratings of standards."))
    inspection = locked(inspection)
    if inspection.records_frozen:
        raise JudgementError(inspection.records_frozen_message)
    framework = inspection.framework()
    rules = framework.ratings
    if rules is None:
        raise JudgementError(_("The framework %(key)s has no ratings.") % {"key": framework.key})
    judged = {p.id for p in framework.judged_paragraphs}
    if standard not in judged:
        raise JudgementError(
            _(
                "%(standard)s is not a standard judged by the inspectors in %(key)s "
                "(those are %(judged)s)."
            )
            % {
                "standard": repr(standard),
                "key": framework.key,
                "judged": ", ".join(sorted(judged)),
            },
            field="standard",
        )
    if rating not in {band.id for band in rules.scale}:
        raise JudgementError(
            _("Choose a rating for standard %(standard)s from %(ratings)s.")
            % {"standard": standard, "ratings": ", ".join(str(band.label) for band in rules.scale)},
            field="rating",
        )
    key_findings = key_findings.strip()
    if not key_findings:
        raise JudgementError(
            _("Enter the key findings that support the rating of standard %(standard)s.")
            % {"standard": standard},
            field="key_findings",
        )
    current = (
        StandardJudgement.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(inspection=inspection, standard=standard)
        .first()
    )
    if based_on_version != (current.version if current else 0):
        raise StaleJudgement(standard, current)
    if current is None:
        judgement = StandardJudgement.objects.create(
            inspection=inspection,
            standard=standard,
            rating=rating,
            key_findings=key_findings,
            updated_by=user,
        )
        audit_record(
            user=user,
            action=AuditEvent.Action.CREATE,
            object_type="StandardJudgement",
            object_id=judgement.pk,
            inspection=inspection,
            field=f"rating of {standard}",
            new=rating,
        )
        return judgement
    before: dict[str, object] = {"rating": current.rating, "key_findings": current.key_findings}
    after: dict[str, object] = {"rating": rating, "key_findings": key_findings}
    if before == after:
        return current
    current.rating = rating
    current.key_findings = key_findings
    current.updated_by = user
    current.version += 1
    current.save()
    audit_changes(
        user=user,
        instance=current,
        before=before,
        after=after,
        inspection=inspection,
    )
    return current
