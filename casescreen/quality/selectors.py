"""Reads for quality assurance: where each assessment stands in review, and open queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext, gettext_lazy

from casescreen.accounts.models import User
from casescreen.assessments.models import Assessment
from casescreen.cases.models import Case
from casescreen.frameworks import Framework, Question
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.quality.models import QualityAssurer, Query, QueryMessage, Review

# Where an assessment stands in quality assurance, as shown to people.
NOT_READY = "not_ready"
AWAITING = "awaiting"
UNDER_REVIEW = "under_review"
RETURNED = "returned"
AGREED = "agreed"
STATE_LABELS = {
    NOT_READY: gettext_lazy("Not completed"),
    AWAITING: gettext_lazy("Awaiting review"),
    UNDER_REVIEW: gettext_lazy("Under review"),
    RETURNED: gettext_lazy("Returned with queries"),
    AGREED: gettext_lazy("Agreed"),
}


def review_state(assessment: Assessment, review: Review | None) -> str:
    """The review state of an assessment.

    A review counts for the assessment as the reviewer saw it: once the assessment has
    changed since (returned and completed again, or reopened by the lead inspector and
    completed again), it is awaiting review again. A returned assessment stays
    "returned" while its inspector is answering.
    """
    completed = assessment.status == Assessment.Status.COMPLETED
    if not completed:
        if review is not None and review.status == Review.Status.RETURNED:
            return RETURNED
        return NOT_READY
    if review is None or review.assessment_version != assessment.version:
        return AWAITING
    if review.status == Review.Status.AGREED:
        return AGREED
    if review.status == Review.Status.UNDER_REVIEW:
        return UNDER_REVIEW
    return AWAITING


@dataclass(frozen=True)
class ReviewRow:
    case: Case
    assessment: Assessment
    state: str
    open_queries: int

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass(frozen=True)
class ReviewCounts:
    assessments: int
    agreed: int
    returned: int
    under_review: int
    awaiting: int


def review_rows(inspection: Inspection) -> list[ReviewRow]:
    """Every sampled case's assessment with its review state, in two queries."""
    assessments = (
        Assessment.objects.filter(
            case__inspection=inspection, case__sample_status=Case.SampleStatus.SAMPLED
        )
        .select_related("case", "inspector", "review")
        .annotate(
            open_count=Count("quality_queries", filter=Q(quality_queries__resolved_at__isnull=True))
        )
        .order_by("case__reference")
    )
    rows = []
    for assessment in assessments:
        # Read through select_related: a missing review raises an AttributeError subclass.
        review = getattr(assessment, "review", None)
        rows.append(
            ReviewRow(
                case=assessment.case,
                assessment=assessment,
                state=review_state(assessment, review),
                open_queries=assessment.open_count,
            )
        )
    return rows


def review_counts(inspection: Inspection) -> ReviewCounts:
    states = [row.state for row in review_rows(inspection)]
    return ReviewCounts(
        assessments=len(states),
        agreed=states.count(AGREED),
        returned=states.count(RETURNED),
        under_review=states.count(UNDER_REVIEW),
        awaiting=states.count(AWAITING),
    )


def open_queries(inspection: Inspection) -> QuerySet[Query]:
    """The open queries on the sampled cases: a case excluded from the sample after its
    assessment was returned is neither reviewed (``review_rows``) nor reported on, so its
    queries hold nothing back."""
    return Query.objects.filter(
        assessment__case__inspection=inspection,
        assessment__case__sample_status=Case.SampleStatus.SAMPLED,
        resolved_at__isnull=True,
    )


def open_query_count(inspection: Inspection) -> int:
    return open_queries(inspection).count()


def quality_assurers(inspection: Inspection) -> QuerySet[QualityAssurer]:
    return QualityAssurer.objects.filter(inspection=inspection).select_related("user")


def subject_label(framework: Framework, subject: str, key: str) -> str:
    """What a query is about, in words: the question with its paragraph, or the fact."""
    if subject == Query.Subject.ANSWER:
        question = next((q for q in framework.questions if q.id == key), None)
        return _question_label(question) if question else key
    fact = framework.facts.get(key)
    return _fact_label(fact.label) if fact else key


def _question_label(question: Question) -> str:
    return gettext("Question %(paragraph)s: %(text)s") % {
        "paragraph": question.paragraph,
        "text": question.text,
    }


def _fact_label(label: str) -> str:
    return gettext("Case fact: %(fact)s") % {"fact": label}


def subject_choices(framework: Framework) -> list[tuple[str, str]]:
    """Every answer and fact of the framework a query may be about, as ``subject:key``."""
    return [
        *((f"answer:{q.id}", _question_label(q)) for q in framework.questions),
        *((f"fact:{name}", _fact_label(fact.label)) for name, fact in framework.facts.items()),
    ]


@dataclass(frozen=True)
class QueryThread:
    query: Query
    about: str
    messages: list[QueryMessage]


def case_queries(case: Case, framework: Framework) -> list[QueryThread]:
    """The case's queries, open first, each with its thread, in two queries."""
    queries = (
        Query.objects.filter(assessment__case=case)
        .select_related("raised_by", "resolved_by")
        .prefetch_related(
            Prefetch("messages", queryset=QueryMessage.objects.select_related("author"))
        )
        .order_by(F("resolved_at").asc(nulls_first=True), "raised_at", "id")
    )
    return [
        QueryThread(
            query=query,
            about=subject_label(framework, query.subject, query.key),
            messages=list(query.messages.all()),
        )
        for query in queries
    ]


def case_review(case: Case) -> tuple[Assessment, Review | None, str]:
    assessment = Assessment.objects.select_related("inspector").get(case=case)
    review = Review.objects.filter(assessment=assessment).select_related("reviewer").first()
    return assessment, review, review_state(assessment, review)


def team_inspectors(inspection: Inspection) -> list[User]:
    """The team's inspectors, who may be named quality assurers."""
    return list(
        User.objects.filter(
            memberships__inspection=inspection, memberships__role=TeamMembership.Role.INSPECTOR
        ).order_by("first_name", "last_name", "username")
    )
