"""Writes: importing published figures and choosing the figures an inspection quotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_changes, audit_record
from casescreen.inspections.models import Inspection
from casescreen.reoffending.importing import FigureRow
from casescreen.reoffending.models import ReoffendingChoice, ReoffendingFigure
from casescreen.reoffending.selectors import (
    ChosenFigures,
    ReoffendingError,
    check_same_series,
    figures_for_inspection,
    is_a_year_before,
)

QUOTED_FIELDS = (
    "reoffending_rate",
    "reoffending_previous_rate",
    "reoffending_national_rate",
    "reoffending_cohort",
    "reoffending_published",
)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _row_values(row: FigureRow) -> dict[str, Any]:
    return {
        "cohort_label": row.cohort_label,
        "offenders": row.offenders,
        "reoffenders": row.reoffenders,
        "reoffences": row.reoffences,
        "rate": row.rate,
        "published_on": row.published_on,
    }


@transaction.atomic
def reoffending_figures_import(
    *, user: Any, rows: Sequence[FigureRow], source: str
) -> ImportResult:
    """Save every row or none: a row for an existing area and cohort replaces it."""
    created = updated = unchanged = 0
    for row in rows:
        values = _row_values(row)
        existing = ReoffendingFigure.objects.filter(
            area_id=row.area_id,
            series=row.series,
            cohort_start=row.cohort_start,
            cohort_end=row.cohort_end,
        ).first()
        if existing is None:
            ReoffendingFigure.objects.create(
                area_id=row.area_id,
                series=row.series,
                cohort_start=row.cohort_start,
                cohort_end=row.cohort_end,
                **values,
            )
            created += 1
            continue
        before = {name: getattr(existing, name) for name in values}
        if before == values:
            unchanged += 1
            continue
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        audit_changes(user=user, instance=existing, before=before, after=values)
        updated += 1
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="ReoffendingImport",
        object_id=source[:60],
        new=f"{created} new, {updated} updated, {unchanged} unchanged",
    )
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


FIGURES_FROZEN_MESSAGE = gettext_lazy(
    "The report of this inspection is published, so the figures it quotes can no longer be changed."
)


def _quote(inspection: Inspection, chosen: ChosenFigures) -> dict[str, object]:
    return {
        "reoffending_rate": chosen.figure.rate,
        "reoffending_previous_rate": chosen.previous.rate if chosen.previous else None,
        "reoffending_national_rate": chosen.national.rate,
        "reoffending_cohort": chosen.figure.cohort_label,
        "reoffending_published": f"{chosen.figure.published_on:%B %Y}",
    }


def _apply(
    *, inspection: Inspection, user: Any, chosen: ChosenFigures, automatic: bool, reason: str
) -> ReoffendingChoice:
    if inspection.records_frozen:
        raise ReoffendingError(FIGURES_FROZEN_MESSAGE)
    before = {name: getattr(inspection, name) for name in QUOTED_FIELDS}
    after = _quote(inspection, chosen)
    for name, value in after.items():
        setattr(inspection, name, value)
    inspection.save(update_fields=list(QUOTED_FIELDS))
    choice, _created = ReoffendingChoice.objects.update_or_create(
        inspection=inspection,
        defaults={
            "figure": chosen.figure,
            "previous": chosen.previous,
            "national": chosen.national,
            "automatic": automatic,
            "reason": reason,
            "chosen_by": user if getattr(user, "pk", None) else None,
        },
    )
    audit_changes(user=user, instance=inspection, before=before, after=after, inspection=inspection)
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="ReoffendingChoice",
        object_id=choice.pk,
        inspection=inspection,
        field="reason",
        new=reason or "chosen automatically: latest figures published before fieldwork",
    )
    return choice


@transaction.atomic
def inspection_reoffending_choose(*, inspection: Inspection, user: Any) -> ReoffendingChoice:
    """Quote the figures published before fieldwork started (see figures_for_inspection)."""
    chosen = figures_for_inspection(inspection)
    return _apply(inspection=inspection, user=user, chosen=chosen, automatic=True, reason="")


@transaction.atomic
def inspection_reoffending_override(
    *,
    inspection: Inspection,
    user: Any,
    figure: ReoffendingFigure,
    previous: ReoffendingFigure | None,
    national: ReoffendingFigure,
    reason: str,
) -> ReoffendingChoice:
    """Quote figures chosen by hand; the reason is recorded with the choice and audited."""
    reason = reason.strip()
    if not reason:
        raise ReoffendingError(
            _("Give a reason for choosing figures other than the automatic ones.")
        )
    if figure.area_id != inspection.yot_id:
        raise ReoffendingError(
            _("The figure for %(area)s is not a figure for %(yot)s.")
            % {"area": figure.area_name, "yot": inspection.yot.name}
        )
    if previous is not None and previous.area_id != inspection.yot_id:
        raise ReoffendingError(
            _("The previous-year figure for %(area)s is not a figure for %(yot)s.")
            % {"area": previous.area_name, "yot": inspection.yot.name}
        )
    if national.area_id is not None:
        raise ReoffendingError(_("The national figure must be the England and Wales figure."))
    check_same_series(figure, previous, national)
    if previous is not None and not is_a_year_before(previous, figure):
        raise ReoffendingError(
            _(
                "The previous-year figure must be for the cohort a year before the quoted "
                "one (%(cohort)s): %(previous)s is not."
            )
            % {"previous": previous.cohort_label, "cohort": figure.cohort_label}
        )
    if (national.cohort_start, national.cohort_end) != (figure.cohort_start, figure.cohort_end):
        raise ReoffendingError(
            _(
                "The England and Wales figure (%(national)s) must be for the same cohort as "
                "the YOT's rate (%(cohort)s)."
            )
            % {"national": national.cohort_label, "cohort": figure.cohort_label}
        )
    chosen = ChosenFigures(figure=figure, previous=previous, national=national)
    return _apply(inspection=inspection, user=user, chosen=chosen, automatic=False, reason=reason)
