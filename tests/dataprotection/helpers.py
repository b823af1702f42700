"""Shared checks for the data protection tests."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, models

from casescreen.findings.presentation import basis
from casescreen.findings.selectors import inspection_findings


def findings_snapshot(inspection: Any) -> dict[str, object]:
    """Everything the report says about the findings: counts, words and basis (no case refs)."""
    findings = inspection_findings(inspection)
    tallies = findings.tallies
    return {
        "completed": tallies.completed,
        "total": tallies.total,
        "basis": basis(tallies),
        "excluded": len(tallies.excluded_refs),
        "questions": [
            (
                q.question_id,
                q.paragraph,
                q.applicable,
                q.met,
                q.not_met,
                q.not_applicable,
                q.unanswered,
                q.phrase(findings.vocabulary),
            )
            for q in tallies.questions
        ],
    }


def model_counts() -> dict[str, int]:
    """Row count of every model of the project, to show that nothing was written."""
    return {model._meta.label: model._default_manager.count() for model in stored_models()}


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def stored_models() -> list[Any]:
    """Every model with a table in the test database (a model still without its migration
    cannot hold rows)."""
    tables = set(connection.introspection.table_names())
    return [model for model in apps.get_models() if model._meta.db_table in tables]


def text_containing(needles: set[str]) -> list[str]:
    """Every (model, field, row) whose text contains one of ``needles``."""
    hits = []
    for model in stored_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model._default_manager.values_list("pk", *fields):
            pk, values = row[0], row[1:]
            for name, value in zip(fields, values, strict=True):
                text = str(value or "")
                found = [needle for needle in needles if needle in text]
                if found:
                    hits.append(f"{model._meta.label}.{name} #{pk}: {found[0]!r}")
    return hits


def dates_equal_to(values: set[Any], exclude_pks: dict[str, set[int]]) -> list[str]:
    """Every (model, field, row) whose date column holds one of ``values``."""
    hits = []
    for model in stored_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        ]
        if not fields:
            continue
        skipped = exclude_pks.get(model._meta.label, set())
        for row in model._default_manager.values_list("pk", *fields):
            if row[0] in skipped:
                continue
            for name, value in zip(fields, row[1:], strict=True):
                if value in values:
                    hits.append(f"{model._meta.label}.{name} #{row[0]}: {value}")
    return hits


def publish_report(inspection: Any) -> Any:
    """Draft, check and publish the inspection's report through the reports services,
    with a factual accuracy comment and a reply; returns the published version."""
    from casescreen.accounts.models import User
    from casescreen.demo.data import write_redbridge_narrative
    from casescreen.reports.models import Report
    from casescreen.reports.services import (
        comment_add,
        report_create,
        report_publish,
        report_transition,
    )

    lead = User.objects.get(memberships__inspection=inspection, memberships__role="lead")
    report = write_redbridge_narrative(report_create(inspection=inspection, user=lead), lead)
    report = report_transition(report=report, to=Report.Status.QUALITY_ASSURANCE, user=lead)
    report = report_transition(report=report, to=Report.Status.FACTUAL_ACCURACY, user=lead)
    key = report.content["sections"][0]["paragraphs"][0]["key"]
    question = comment_add(report=report, paragraph_key=key, text="Please check.", user=lead)
    comment_add(report=report, paragraph_key=key, text="Checked.", user=lead, parent=question)
    version = report_publish(report=report, user=lead)
    # Publishing the report moved the inspection on too.
    inspection.refresh_from_db()
    return version


def report_snapshot(inspection: Any) -> dict[str, object]:
    """The stored report and every frozen version, exactly as kept."""
    from casescreen.reports.models import Report

    report = Report.objects.get(inspection=inspection)
    return {
        "status": report.status,
        "content": report.content,
        "versions": [
            (v.number, v.content, v.data, v.content_hash, v.published, v.published_at)
            for v in report.versions.order_by("number")
        ],
    }


def record_sample(inspection: Any, *, reason: str, replaced: bool = False) -> Any:
    """A recorded draw of every case but the last (the reserve), with the first case
    excluded for ``reason`` (and replaced by the reserve when ``replaced``)."""
    from casescreen.accounts.models import User
    from casescreen.cases.models import Case
    from casescreen.sampling.models import SampleExclusion, SampleRecord

    lead = User.objects.filter(memberships__inspection=inspection, memberships__role="lead").first()
    cases = list(Case.objects.filter(inspection=inspection).order_by("pk"))
    references = [case.reference for case in cases]
    record = SampleRecord.objects.create(
        inspection=inspection,
        seed=20150202,
        rule="sqs-stratified-v1",
        parameters={"eligibility": {"min_weeks": 6, "max_months": 3}},
        population_hash="0" * 64,
        population_size=len(references),
        size=len(references) - 1,
        selected=references[:-1],
        reserves={"referral_order": references[-1:]},
        strata=[["referral_order", 14, 13]],
        drawn_by=lead,
    )
    SampleExclusion.objects.create(
        sample=record,
        case=cases[0],
        reason=reason,
        replacement=cases[-1] if replaced else None,
        excluded_by=lead,
    )
    return record
