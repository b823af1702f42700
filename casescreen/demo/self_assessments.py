"""Thornbury YOT audits its own cases: two self-assessments six months apart under the
SQS question set its inspection pins, the first shared with that inspection, so that
the trend has two points to draw.

The first (September 2014) found most judgements met and one area for improvement,
which became an action owned by the YOT's auditor and done before the second; the
first was finished in December 2014. The second (March 2015) was started from the
first, with a new sample, and found more met, with two of its cases still to assess.
Both are built through the self-assessment services; only the cases and their answers
are written directly, as the demo's inspections' are, and the first's finishing is
dated to its day (which starts its retention period). Every child is fictional.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from fractions import Fraction

from django.utils import timezone

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case, CaseIdentity
from casescreen.inspections.models import Inspection, InspectionTransition
from casescreen.selfassessment import selectors, services

MANAGER, AUDITOR = "thornburymanager", "thornburyauditor"
FIRST_START, SECOND_START = date(2014, 9, 1), date(2015, 3, 2)
FIRST_FINISHED = date(2014, 12, 15)
CASES = 12
# Of the cases each question applies to, the share judged met, by audit.
MET = {FIRST_START: Fraction(3, 5), SECOND_START: Fraction(4, 5)}
LEFT_TO_ASSESS = 2  # in the second
NAMES = (
    "Amber Fox",
    "Ben Hollis",
    "Cara Diggle",
    "Dylan Moss",
    "Ella Tranter",
    "Freddie Vane",
    "Georgia Pell",
    "Harry Quill",
    "Isla Brent",
    "Jack Orme",
    "Keira Sloan",
    "Liam Tuck",
)


def create_thornbury_self_assessments(
    inspection: Inspection, manager: User, auditor: User, facts: list[dict[str, object]]
) -> None:
    """``facts``: one dict of case facts per case, the same for both audits (another
    sample of the same kind of caseload)."""
    first = services.self_assessment_start(
        user=manager,
        framework_id=inspection.framework_id,
        framework_version=inspection.framework_version,
        today=FIRST_START,
    )
    services.self_assessment_auditor_add(user=manager, inspection=first, auditor=auditor)
    _cases(first, auditor, facts, "TA", completed=CASES)
    services.self_assessment_share(user=manager, inspection=first, shared_with=inspection)
    area = selectors.areas_for_improvement(first)[0][1]
    action = services.action_add(
        user=manager,
        inspection=first,
        text=area,
        owner=auditor,
        due_on=FIRST_START + timedelta(weeks=16),
        today=FIRST_START,
    )
    services.action_done(user=auditor, action=action, today=FIRST_START + timedelta(weeks=14))
    services.self_assessment_finish(user=manager, inspection=first)
    InspectionTransition.objects.filter(
        inspection=first, to_status=Inspection.Status.CLOSED
    ).update(at=timezone.make_aware(datetime.combine(FIRST_FINISHED, time(16))))

    second = services.self_assessment_start(user=manager, today=SECOND_START, from_previous=first)
    _cases(second, auditor, facts, "TB", completed=CASES - LEFT_TO_ASSESS)


def _cases(
    inspection: Inspection,
    auditor: User,
    facts: list[dict[str, object]],
    prefix: str,
    completed: int,
) -> None:
    framework = inspection.framework()
    start = inspection.fieldwork_start
    cases = Case.objects.bulk_create(
        Case(
            inspection=inspection,
            reference=f"{prefix}{3101 + i}",
            sample_status=Case.SampleStatus.SAMPLED,
            supervision_start=start - timedelta(weeks=10) + timedelta(days=i),
            **facts[i],
        )
        for i in range(CASES)
    )
    CaseIdentity.objects.bulk_create(
        CaseIdentity(case=case, child_name=NAMES[i], date_of_birth=date(1999, 2, 1 + i))
        for i, case in enumerate(cases)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            case=case,
            inspector=auditor,
            status=Assessment.Status.COMPLETED if i < completed else Assessment.Status.NOT_STARTED,
            framework_id=framework.id,
            framework_version=framework.version,
        )
        for i, case in enumerate(cases)
    )
    share = MET[start]
    answers = []
    for position, question in enumerate(framework.questions):
        applying = [
            a
            for a, c in zip(assessments, cases, strict=True)
            if a.status == Assessment.Status.COMPLETED and question.applies(c.facts())
        ]
        met = int(share * len(applying))
        # The unmet judgements fall on different cases for each question.
        shift = position % max(len(applying), 1)
        for rank, assessment in enumerate(applying[shift:] + applying[:shift]):
            answers.append(
                Answer(
                    assessment=assessment,
                    question_id=question.id,
                    value="yes" if rank < met else "no",
                    updated_by=auditor,
                )
            )
    Answer.objects.bulk_create(answers)
