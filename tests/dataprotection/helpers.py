"""Shared checks for the data protection tests."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, models

from casescreen.findings.selectors import inspection_findings


def findings_snapshot(inspection: Any) -> dict[str, object]:
    """Everything the report says about the findings: counts, words and basis (no case refs)."""
    findings = inspection_findings(inspection)
    tallies = findings.tallies
    return {
        "completed": tallies.completed,
        "total": tallies.total,
        "basis": tallies.basis(),
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
