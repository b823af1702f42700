"""Reads for the pages that bring the apps together (the start page, the inspection
page), with their related rows fetched in one place."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.facts import FACT_FIELDS
from casescreen.cases.kinds import kind_label
from casescreen.cases.models import Case
from casescreen.fieldwork.selectors import allocation_status
from casescreen.inspections.access import inspections_visible_to
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.lib.tasklist import CANNOT_START, COMPLETED, IN_PROGRESS, NOT_STARTED
from casescreen.reoffending.models import ReoffendingChoice
from casescreen.reports.models import Report
from casescreen.sampling.models import ImportUpload, SampleRecord


def inspection_list_for_user(user: Any) -> QuerySet[Inspection]:
    return inspections_visible_to(user).annotate(
        sampled=Count("cases", filter=Q(cases__sample_status=Case.SampleStatus.SAMPLED))
    )


@dataclass(frozen=True)
class CaseProgress:
    reference: str
    inspector_id: int | None
    sentence: str
    kind: str
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
                kind=kind_label(framework, row["sentence_type"]),
                inspector=name or _("Not assigned"),
                status=state,
                status_label=str(statuses.get(state, state)),
                answered=len(answered[row["id"]] & applicable),
                applicable=len(applicable),
            )
        )
    if first_for is not None:
        result.sort(key=lambda row: row.inspector_id != first_for)
    return result


# Where an inspection stands: the inspection page's task list.


@dataclass(frozen=True)
class Task:
    key: str
    name: str
    status: str
    # The page where the task is done (URL name, taking the inspection's reference).
    url_name: str


def _exists(model: Any, **filters: Any) -> Exists:
    return Exists(model.objects.filter(inspection=OuterRef("pk"), **filters))


def inspection_tasks(inspection: Inspection) -> list[Task]:
    """The inspection's tasks in the order they are done, each with its status, from one
    query of the inspection's counts."""
    sampled = Q(cases__sample_status=Case.SampleStatus.SAMPLED)
    personal = Q(cases__identity__isnull=False)
    row = (
        Inspection.objects.filter(pk=inspection.pk)
        .annotate(
            has_lead=_exists(TeamMembership, role=TeamMembership.Role.LEAD),
            has_upload=_exists(ImportUpload),
            has_sample=_exists(SampleRecord),
            has_choice=_exists(ReoffendingChoice),
            judgements=Count("standard_judgements", distinct=True),
            report_status=Subquery(
                Report.objects.filter(inspection=OuterRef("pk")).values("status")[:1]
            ),
            cases_count=Count("cases", distinct=True),
            sampled_count=Count("cases", filter=sampled, distinct=True),
            assessments_begun=Count(
                "cases",
                filter=sampled & ~Q(cases__assessment__status=Assessment.Status.NOT_STARTED),
                distinct=True,
            ),
            assessments_done=Count(
                "cases",
                filter=sampled & Q(cases__assessment__status=Assessment.Status.COMPLETED),
                distinct=True,
            ),
            identities=Count("cases", filter=personal, distinct=True),
            identities_purged=Count(
                "cases",
                filter=personal & Q(cases__identity__purged_at__isnull=False),
                distinct=True,
            ),
        )
        .values()
        .get()
    )
    status = Inspection.Status
    stage = list(status.values).index(row["status"])
    at_least = {s: stage >= list(status.values).index(s) for s in status.values}
    report = row["report_status"]

    def progress(done: bool, begun: bool, can_start: bool = True) -> str:
        if done:
            return COMPLETED
        if begun:
            return IN_PROGRESS
        return NOT_STARTED if can_start else CANNOT_START

    sampled_count, begun, done = (
        row["sampled_count"],
        row["assessments_begun"],
        row["assessments_done"],
    )
    assessments_complete = sampled_count > 0 and done == sampled_count
    # A sample is drawn on the sample page, or cases come in already sampled (an import
    # of a whole inspection, the demo).
    has_sample = row["has_sample"] or sampled_count > 0
    published = at_least[status.PUBLISHED]
    framework = inspection.framework()
    judged = len(framework.judged_paragraphs) if framework.ratings else 0
    rating = [
        Task(
            "ratings",
            _("Rate the standards judged on evidence"),
            progress(row["judgements"] >= judged, row["judgements"] > 0),
            "ratings",
        )
    ]
    return [
        Task(
            "plan",
            _("Plan the inspection and its team"),
            COMPLETED if row["has_lead"] else IN_PROGRESS,
            "inspection_team",
        ),
        Task(
            "announce",
            _("Announce the inspection"),
            COMPLETED if at_least[status.ANNOUNCED] else NOT_STARTED,
            "inspection_announce",
        ),
        Task(
            "case_list",
            _("Import the case list"),
            progress(row["cases_count"] > 0, row["has_upload"], at_least[status.ANNOUNCED]),
            "case_import",
        ),
        Task(
            "sample",
            _("Draw the sample"),
            progress(has_sample, False, row["cases_count"] > 0),
            "sample",
        ),
        Task(
            "allocation",
            _("Allocate cases and set the timetable"),
            allocation_status(inspection),
            "allocation",
        ),
        Task(
            "assessment",
            _("Assess the sampled cases"),
            progress(assessments_complete, begun > 0, sampled_count > 0),
            "inspection",
        ),
        Task(
            "reoffending",
            _("Reoffending figures"),
            COMPLETED if row["has_choice"] or row["reoffending_rate"] is not None else NOT_STARTED,
            "reoffending:inspection",
        ),
        Task(
            "findings",
            _("Findings"),
            progress(assessments_complete, done > 0, False),
            "findings",
        ),
        *(rating if judged else []),
        Task(
            "report",
            _("Draft the report"),
            progress(
                published
                or report in (Report.Status.QUALITY_ASSURANCE, Report.Status.FACTUAL_ACCURACY),
                report is not None,
                at_least[status.DRAFTING],
            ),
            "report",
        ),
        Task(
            "factual_accuracy",
            _("Factual accuracy check"),
            progress(
                published,
                report == Report.Status.FACTUAL_ACCURACY,
                report == Report.Status.QUALITY_ASSURANCE,
            ),
            "report",
        ),
        Task(
            "publication",
            _("Publish the report"),
            progress(published, False, report == Report.Status.FACTUAL_ACCURACY),
            "report",
        ),
        Task(
            "retention",
            _("Delete personal data after the retention period"),
            progress(
                published
                and row["identities"] > 0
                and row["identities_purged"] == row["identities"],
                published and row["identities_purged"] > 0,
                published,
            ),
            "inspection_lifecycle",
        ),
    ]
