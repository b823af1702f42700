"""Who may review assessments and read their queries: the one checkpoint for quality
assurance.

Reviewers are the lead inspector and the team members the lead has named quality
assurers. The inspector of a case reads and answers the queries on it. Nobody outside
the team learns that any of it exists (404), not YOT managers, viewers or administrators:
queries are the team's working notes on a case. A team member who is neither gets 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from casescreen.assessments.models import Assessment
from casescreen.cases.access import get_case_for_user
from casescreen.cases.models import Case
from casescreen.inspections.access import get_team_inspection_for_user, is_lead, is_team_member
from casescreen.inspections.models import Inspection
from casescreen.quality.models import QualityAssurer

REVIEWERS_ONLY = gettext_lazy(
    "Only the lead inspector and the quality assurers can review assessments."
)


def is_quality_assurer(user: Any, inspection: Inspection) -> bool:
    if not is_team_member(user, inspection):
        return False
    return QualityAssurer.objects.filter(inspection=inspection, user=user).exists()


def is_reviewer(user: Any, inspection: Inspection) -> bool:
    return is_lead(user, inspection) or is_quality_assurer(user, inspection)


def is_case_inspector(user: Any, assessment: Assessment) -> bool:
    return bool(user.is_authenticated and assessment.inspector_id == user.pk)


def get_review_inspection(user: Any, reference: str, *, lead: bool = False) -> Inspection:
    """The inspection, for reviewers (or, with lead=True, its lead inspector only)."""
    inspection = get_team_inspection_for_user(user, reference)
    allowed = is_lead(user, inspection) if lead else is_reviewer(user, inspection)
    if not allowed:
        raise PermissionDenied(
            gettext("Only the lead inspector can do this.") if lead else REVIEWERS_ONLY
        )
    return inspection


def _inspection_case(user: Any, reference: str, case_ref: str) -> Case:
    """The case, of an inspection: quality assurance is the inspectorate's, so a YOT's
    self-assessment has none, as its review page (``get_review_inspection``) says."""
    case = get_case_for_user(user, reference, case_ref)
    if case.inspection.is_self_assessment:
        raise Http404(gettext("No such case"))
    return case


def get_review_case(user: Any, reference: str, case_ref: str) -> Case:
    """A case under review, for reviewers."""
    case = _inspection_case(user, reference, case_ref)
    if not is_reviewer(user, case.inspection):
        raise PermissionDenied(REVIEWERS_ONLY)
    return case


def get_query_case(user: Any, reference: str, case_ref: str) -> Case:
    """A case whose queries the user may read and answer: reviewers, and its inspector."""
    case = _inspection_case(user, reference, case_ref)
    if is_reviewer(user, case.inspection):
        return case
    assessment = Assessment.objects.filter(case=case).only("inspector_id").first()
    if assessment is None:
        raise Http404(gettext("No such case"))
    if not is_case_inspector(user, assessment):
        raise PermissionDenied(
            gettext("Only the case's inspector and its reviewers can answer its queries.")
        )
    return case


def may_read_queries(user: Any, case: Case, assessment: Assessment) -> bool:
    return is_case_inspector(user, assessment) or is_reviewer(user, case.inspection)
