"""Writes for importing case lists and drawing the sample, each with its audit record."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from casescreen.assessments.models import Assessment
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_changes, audit_record
from casescreen.cases import importing
from casescreen.cases.models import Case, CaseIdentity
from casescreen.domain import sampling as domain
from casescreen.inspections.models import Inspection, Yot
from casescreen.sampling import selectors
from casescreen.sampling.models import ColumnMapping, ImportUpload, SampleExclusion, SampleRecord

BATCH = 1000


class SamplingError(ValueError):
    """The operation is not allowed now; the message says why."""


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    updated: int
    unchanged: int
    rejected: int


def import_upload_store(
    *, inspection: Inspection, user: Any, filename: str, content: bytes, table: importing.Table
) -> ImportUpload:
    """Keep the table read from an uploaded case list until its preview is confirmed."""
    upload = ImportUpload.objects.create(
        inspection=inspection,
        uploaded_by=user,
        filename=filename[:255],
        table=table.to_json(),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    ImportUpload.objects.filter(inspection=inspection, uploaded_by=user).exclude(
        pk=upload.pk
    ).delete()
    return upload


@transaction.atomic
def column_mapping_save(*, yot: Yot, user: Any, choices: Mapping[str, str]) -> ColumnMapping:
    """Remember the user's column choices (header -> field or "ignore") for the YOT's next list."""
    for header, target in choices.items():
        if target not in importing.FIELDS and target != importing.IGNORE:
            raise ValueError(f"unknown field {target!r} for column {header!r}")
    mapping, _ = ColumnMapping.objects.select_for_update().get_or_create(yot=yot)
    before = dict(mapping.mapping)
    mapping.mapping = {
        **before,
        **{importing.normalise_header(h): t for h, t in choices.items() if h.strip()},
    }
    mapping.updated_by = user if getattr(user, "pk", None) else None
    mapping.save()
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="ColumnMapping",
        object_id=mapping.pk,
        field="mapping",
        old=before,
        new=mapping.mapping,
    )
    return mapping


@transaction.atomic
def cases_import(
    *, inspection: Inspection, user: Any, parsed: importing.ParsedCases, filename: str = ""
) -> ImportOutcome:
    """Create new cases and update changed ones, all or nothing. The case reference is the key;
    each changed fact is audited, personal identifiers by field name only."""
    locked = Inspection.objects.select_for_update(no_key=True).get(pk=inspection.pk)
    if locked.records_frozen:
        raise SamplingError(locked.records_frozen_message)
    if refusal := selectors.other_yot_refusal(inspection, parsed):
        raise SamplingError(refusal)
    existing = {
        c.reference: c
        for c in Case.objects.filter(inspection=inspection).select_related("identity")
    }
    new_cases: list[Case] = []
    new_identities: list[tuple[Case, importing.CaseRow]] = []
    changed: list[tuple[Case, dict[str, object], dict[str, object]]] = []
    identity_changes: list[tuple[Case, list[str]]] = []
    identities_to_save: list[CaseIdentity] = []
    identities_to_create: list[CaseIdentity] = []
    unchanged = 0
    for row in parsed.rows:
        case = existing.get(row.reference)
        if case is None:
            case = Case(inspection=inspection, reference=row.reference, **row.facts)
            new_cases.append(case)
            new_identities.append((case, row))
            continue
        before = {k: getattr(case, k) for k, v in row.facts.items() if getattr(case, k) != v}
        identity = getattr(case, "identity", None)
        moved = [
            k for k, v in row.identity.items() if identity is None or getattr(identity, k) != v
        ]
        if not before and not moved:
            unchanged += 1
            continue
        if before:
            for name in before:
                setattr(case, name, row.facts[name])
            case.version += 1
            changed.append((case, before, {k: row.facts[k] for k in before}))
        if moved:
            if identity is None:
                identities_to_create.append(CaseIdentity(case=case, **row.identity))
            else:
                for name in moved:
                    setattr(identity, name, row.identity[name])
                identities_to_save.append(identity)
            identity_changes.append((case, moved))

    Case.objects.bulk_create(new_cases, batch_size=BATCH)
    identities_to_create += [CaseIdentity(case=c, **row.identity) for c, row in new_identities]
    CaseIdentity.objects.bulk_create(identities_to_create, batch_size=BATCH)
    fields = sorted({name for _, before, _ in changed for name in before})
    if changed:
        Case.objects.bulk_update(
            [c for c, _, _ in changed], [*fields, "version", "updated_at"], batch_size=BATCH
        )
    if identities_to_save:
        CaseIdentity.objects.bulk_update(
            identities_to_save, list(importing.IDENTITY_FIELDS), batch_size=BATCH
        )
    for case, before, after in changed:
        audit_changes(
            user=user, instance=case, before=before, after=after, inspection=inspection, case=case
        )
    for case, names in identity_changes:
        for name in names:
            # The values are personal data: the trail records that they changed, not what to.
            audit_record(
                user=user,
                action=AuditEvent.Action.CHANGE,
                object_type="CaseIdentity",
                object_id=case.pk,
                inspection=inspection,
                case=case,
                field=name,
            )
    outcome = ImportOutcome(
        created=len(new_cases),
        updated=len({c.pk for c, _, _ in changed} | {c.pk for c, _ in identity_changes}),
        unchanged=unchanged,
        rejected=parsed.rejected_rows,
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="CaseImport",
        object_id=filename[:60],
        inspection=inspection,
        new=(
            f"{outcome.created} created, {outcome.updated} updated, {outcome.unchanged}"
            f" unchanged, {outcome.rejected} rows rejected"
        ),
    )
    return outcome


@transaction.atomic
def import_upload_confirm(
    *, upload: ImportUpload, user: Any, mapping: Mapping[str, str] | None = None
) -> ImportOutcome:
    """Import the stored upload as its preview showed it."""
    preview = selectors.upload_preview(upload, mapping=mapping)
    if preview.columns.missing:
        raise SamplingError(
            gettext("The file has no column for the case reference or sentence type.")
        )
    outcome = cases_import(
        inspection=upload.inspection, user=user, parsed=preview.parsed, filename=upload.filename
    )
    upload.delete()
    return outcome


@transaction.atomic
def sampling_settings_update(
    *, inspection: Inspection, user: Any, min_weeks: int, max_months: int
) -> None:
    refusal = selectors.draw_refusal(inspection, changing=True)
    if refusal:
        raise SamplingError(refusal)
    settings = selectors.sampling_settings(inspection)
    before: dict[str, object] = {"min_weeks": settings.min_weeks, "max_months": settings.max_months}
    settings.min_weeks, settings.max_months = min_weeks, max_months
    settings.save()
    audit_changes(
        user=user,
        instance=settings,
        before=before,
        after={"min_weeks": min_weeks, "max_months": max_months},
        inspection=inspection,
    )


def _ensure_assessments(inspection: Inspection, references: list[str]) -> None:
    have = set(
        Assessment.objects.filter(
            case__inspection=inspection, case__reference__in=references
        ).values_list("case__reference", flat=True)
    )
    cases = Case.objects.filter(inspection=inspection, reference__in=references)
    Assessment.objects.bulk_create(
        [
            Assessment(
                case=case,
                framework_id=inspection.framework_id,
                framework_version=inspection.framework_version,
            )
            for case in cases
            if case.reference not in have
        ]
    )


@transaction.atomic
def sample_draw(
    *, inspection: Inspection, user: Any, seed: int | None = None, reason: str = ""
) -> SampleRecord:
    """Draw (or redraw, before fieldwork) the sample with the domain rule and store the
    evidence: seed, rule, parameters and the hash of the eligible population.

    A redraw sets aside a sample the team may have seen, so it needs a reason, which is
    kept with the new draw and in the audit trail; earlier draws are kept as they were.
    """
    inspection = Inspection.objects.select_for_update(no_key=True).get(pk=inspection.pk)
    refusal = selectors.draw_refusal(inspection)
    if refusal:
        raise SamplingError(refusal)
    reason = reason.strip()
    redraw = SampleRecord.objects.filter(inspection=inspection).exists()
    if redraw and not reason:
        raise SamplingError(
            gettext("Enter why the sample is being redrawn: a sample was already drawn.")
        )
    if seed is not None and not 0 <= seed < 2**63:
        raise SamplingError(gettext("The seed must be a whole number between 0 and 2^63 - 1."))
    settings = selectors.sampling_settings(inspection)
    rule = selectors.eligibility_rule(settings)
    share = selectors.manager_share(settings)
    records = selectors.case_records(inspection)
    eligible = domain.eligible_cases(records, inspection.fieldwork_start, rule)
    if not eligible:
        raise SamplingError(
            gettext("No case is eligible: import the case list first, or check its dates.")
        )
    size = domain.sample_size(len(eligible), selectors.size_rule(settings))
    seed = secrets.randbelow(2**31) if seed is None else seed
    result = domain.draw_sample(
        records,
        size,
        seed,
        fieldwork_start=inspection.fieldwork_start,
        eligibility=rule,
        max_manager_share=share,
        balanced=selectors.strata(inspection),
    )
    selected = list(result.selected)
    before = dict(
        Case.objects.filter(inspection=inspection)
        .exclude(sample_status=Case.SampleStatus.POPULATION)
        .values_list("reference", "sample_status")
    )
    Case.objects.filter(inspection=inspection, reference__in=list(before)).exclude(
        reference__in=selected
    ).update(sample_status=Case.SampleStatus.POPULATION, exclusion_reason="")
    Case.objects.filter(inspection=inspection, reference__in=selected).update(
        sample_status=Case.SampleStatus.SAMPLED, exclusion_reason=""
    )
    # Unstarted assessments of cases no longer sampled hold nothing: remove them.
    Assessment.objects.filter(
        case__inspection=inspection, status=Assessment.Status.NOT_STARTED
    ).exclude(case__reference__in=selected).delete()
    _ensure_assessments(inspection, selected)
    size_rule = selectors.size_rule(settings)
    record = SampleRecord.objects.create(
        inspection=inspection,
        seed=seed,
        rule=selectors.RULE_NAME,
        parameters={
            "fieldwork_start": inspection.fieldwork_start.isoformat(),
            "eligibility": {"min_weeks": rule.min_weeks, "max_months": rule.max_months},
            "sentence_types": sorted(rule.sentence_types),
            "size_rule": {
                "floor": size_rule.floor,
                "ceiling": size_rule.ceiling,
                "fraction": str(size_rule.fraction),
                "take_all_below": size_rule.take_all_below,
            },
            "max_manager_share": str(share),
            "manager_cap": result.manager_cap,
            "balanced": list(result.balanced),
        },
        population_hash=result.population_hash,
        population_size=result.population_size,
        size=result.size,
        selected=selected,
        reserves={k: list(v) for k, v in result.reserves.items()},
        strata=[list(s) for s in result.strata],
        drawn_by=user if getattr(user, "pk", None) else None,
        redraw_reason=reason if redraw else "",
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="SampleRecord",
        object_id=record.pk,
        inspection=inspection,
        new=(
            f"seed {seed}: {result.size} of {result.population_size} eligible cases,"
            f" population hash {result.population_hash}"
            # The reason itself stays on the draw, where the purge finds it.
            + ("; a redraw, its reason recorded with it" if redraw else "")
        ),
    )
    return record


@transaction.atomic
def sample_exclude(
    *, inspection: Inspection, user: Any, reference: str, reason: str
) -> SampleExclusion:
    """Take a sampled case out (with a reason) and bring in the like-for-like reserve."""
    if inspection.records_frozen:
        raise SamplingError(inspection.records_frozen_message)
    reason = reason.strip()
    if not reason:
        raise SamplingError(gettext("Enter why the case is excluded."))
    record = selectors.current_sample(inspection)
    if record is None:
        raise SamplingError(gettext("No sample has been drawn yet."))
    case = (
        Case.objects.select_for_update(of=("self",), no_key=True)
        .filter(inspection=inspection, reference=reference)
        .select_related("assessment")
        .first()
    )
    if case is None or case.sample_status != Case.SampleStatus.SAMPLED:
        raise SamplingError(
            gettext("Case %(reference)s is not in the sample.") % {"reference": reference}
        )
    assessment = getattr(case, "assessment", None)
    if assessment is not None and assessment.status == Assessment.Status.COMPLETED:
        raise SamplingError(
            gettext("Case %(reference)s has a completed assessment and cannot be excluded.")
            % {"reference": reference}
        )
    replacement_ref = selectors.proposed_reserve(inspection, record, reference)
    case.sample_status = Case.SampleStatus.EXCLUDED
    case.exclusion_reason = reason[:300]
    case.save(update_fields=["sample_status", "exclusion_reason", "updated_at"])
    replacement = None
    if replacement_ref is not None:
        replacement = Case.objects.get(inspection=inspection, reference=replacement_ref)
        replacement.sample_status = Case.SampleStatus.SAMPLED
        replacement.save(update_fields=["sample_status", "updated_at"])
        _ensure_assessments(inspection, [replacement_ref])
    exclusion = SampleExclusion.objects.create(
        sample=record,
        case=case,
        reason=reason[:300],
        replacement=replacement,
        excluded_by=user if getattr(user, "pk", None) else None,
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Case",
        object_id=case.pk,
        inspection=inspection,
        case=case,
        field="sample_status",
        old=Case.SampleStatus.SAMPLED,
        new=f"{Case.SampleStatus.EXCLUDED}: {reason[:200]}",
    )
    if replacement is not None:
        audit_record(
            user=user,
            action=AuditEvent.Action.TRANSITION,
            object_type="Case",
            object_id=replacement.pk,
            inspection=inspection,
            case=replacement,
            field="sample_status",
            old=Case.SampleStatus.POPULATION,
            new=f"{Case.SampleStatus.SAMPLED}: reserve for {reference}",
        )
    return exclusion
