"""Reads for inspections, with their related rows fetched in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from casescreen.cases.models import Case
from casescreen.inspections.access import inspections_visible_to
from casescreen.inspections.models import Inspection


def inspection_list_for_user(user: Any) -> QuerySet[Inspection]:
    return inspections_visible_to(user).annotate(
        sampled=Count("cases", filter=Q(cases__sample_status=Case.SampleStatus.SAMPLED))
    )


def sampled_cases(inspection: Inspection) -> QuerySet[Case]:
    return (
        Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
        .select_related("assessment", "assessment__inspector")
        .order_by("reference")
    )
