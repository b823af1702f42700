"""Reads for the pages that bring the apps together (the start page, the inspection
page), with their related rows fetched in one place."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.facts import FACT_FIELDS
from casescreen.cases.models import Case
from casescreen.inspections.access import inspections_visible_to
from casescreen.inspections.models import Inspection


def inspection_list_for_user(user: Any) -> QuerySet[Inspection]:
    return inspections_visible_to(user).annotate(
        sampled=Count("cases", filter=Q(cases__sample_status=Case.SampleStatus.SAMPLED))
    )


@dataclass(frozen=True)
class CaseProgress:
    reference: str
    inspector_id: int | None
    sentence: str
    inspector: str
    status: str
    status_label: str
    answered: int
    applicable: int


def team_members(inspection: Inspection) -> QuerySet[User]:
    return User.objects.filter(memberships__inspection=inspection).order_by(
        "first_name", "last_name", "username"
    )


def case_progress(
    inspection: Inspection,
    *,
    inspector_id: int | None = None,
    status: str | None = None,
    first_for: int | None = None,
) -> list[CaseProgress]:
    """Sampled cases with inspector, status and answered/applicable, in two queries;
    the cases of the inspector ``first_for`` (a user's id) first.

    Only answers to questions that apply to the case count as answered.
    """
    framework = inspection.framework()
    cases = Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
    if inspector_id is not None:
        cases = cases.filter(assessment__inspector_id=inspector_id)
    if status:
        cases = cases.filter(assessment__status=status)
    rows = list(
        cases.order_by("reference").values(
            "id",
            "reference",
            "assessment__status",
            "assessment__inspector_id",
            "assessment__inspector__username",
            "assessment__inspector__first_name",
            "assessment__inspector__last_name",
            *FACT_FIELDS,
        )
    )
    answered: dict[int, set[str]] = defaultdict(set)
    for case_id, question_id in (
        Answer.objects.filter(assessment__case_id__in=[row["id"] for row in rows])
        .exclude(value="")
        .values_list("assessment__case_id", "question_id")
    ):
        answered[case_id].add(question_id)
    sentences = dict(Case._meta.get_field("sentence_type").choices or [])
    statuses = dict(Assessment.Status.choices)
    result = []
    for row in rows:
        applicable = framework.applicable_questions(row)
        first = row["assessment__inspector__first_name"] or ""
        last = row["assessment__inspector__last_name"] or ""
        name = f"{first} {last}".strip() or row["assessment__inspector__username"] or ""
        state = row["assessment__status"] or Assessment.Status.NOT_STARTED
        result.append(
            CaseProgress(
                reference=row["reference"],
                inspector_id=row["assessment__inspector_id"],
                sentence=str(sentences.get(row["sentence_type"], row["sentence_type"])),
                inspector=name or "Not assigned",
                status=state,
                status_label=str(statuses.get(state, state)),
                answered=len(answered[row["id"]] & applicable),
                applicable=len(applicable),
            )
        )
    if first_for is not None:
        result.sort(key=lambda row: row.inspector_id != first_for)
    return result
