"""The youth justice demo: a fictional service inspected in 2024 under today's standards.

Ashwick and its children are invented. 30 court disposals and 12 out-of-court
disposals were sampled; 38 of them are assessed, four are left for a new user to
assess. The answers give each case standard the share of sufficient cases below for
its key questions (desistance, keeping the child safe, keeping other people safe), so
that the standards come out with different ratings under the framework's rules:

========  =================================  ===========  ======================
Standard  Key questions (per cent)           Lowest       Rating
========  =================================  ===========  ======================
2.1       86, 75, 71                         71           Good
2.2       79, 68, 57                         57           Requires improvement
2.3       89, 86, 82                         82           Outstanding
2.4       79, 71, 71 (reviews required only) 71           Good
3.1       90, 80, 80                         80           Outstanding
3.2       80, 70, 70                         70           Good
3.3       90, 90, 80                         80           Outstanding
========  =================================  ===========  ======================

The organisational standards are rated on the inspectors' judgement
(``JUDGEMENTS``), so the overall rating follows from all of them: the case standards
score 16 and the judged ones 12, 28 of 39, which the framework's bands make Good.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case, CaseIdentity
from casescreen.demo.frameworks import demo_framework
from casescreen.inspections.models import Inspection, TeamMembership, Yot

REFERENCE = "ashwick-2024-06"
COURT_CASES = 30
OUT_OF_COURT_CASES = 12
# The last cases of each kind are left for a new user to assess.
LEFT_TO_ASSESS = 2

# The share of assessed cases judged sufficient, in tenths of a case list: for each
# standard, the number of "no" answers among the cases a key question applies to, by
# key question, as a fraction of them.
SHORTFALL: dict[str, tuple[float, float, float]] = {
    "2.1": (0.14, 0.25, 0.29),
    "2.2": (0.21, 0.32, 0.43),
    "2.3": (0.11, 0.14, 0.18),
    "2.4": (0.2, 0.25, 0.3),
    "3.1": (0.1, 0.2, 0.2),
    "3.2": (0.2, 0.3, 0.3),
    "3.3": (0.1, 0.1, 0.2),
}

COURT_SENTENCES = ("referral_order", "youth_rehabilitation_order", "custody", "other_statutory")
OUT_OF_COURT = ("youth_caution", "youth_conditional_caution", "community_resolution")
CASE_MANAGERS = ("Priya Nair", "Tom Ellery", "Grace Mensah", "Owen Hart")
NAMES = (
    "Aaron", "Bethany", "Caleb", "Dana", "Eli", "Freya", "Gabe", "Hollie", "Isaac", "Jada",
    "Kian", "Lacey", "Milo", "Nia", "Oscar", "Poppy", "Quinn", "Rhys", "Sienna", "Tyler",
    "Uma", "Vince", "Willow", "Xander", "Yasmin", "Zack", "Amber", "Blake", "Cerys", "Dylan",
    "Evie", "Felix", "Gemma", "Harvey", "Iris", "Jake", "Kara", "Leon", "Maisie", "Noah",
    "Orla", "Preston",
)  # fmt: skip


def _facts(index: int) -> dict[str, object]:
    """Facts of case ``index``: court disposals first, then out-of-court disposals."""
    court = index < COURT_CASES
    kinds = COURT_SENTENCES if court else OUT_OF_COURT
    levels = ("low", "medium", "medium", "high")
    return {
        "sentence_type": kinds[index % len(kinds)] if index % 7 else kinds[0],
        "reoffending_review_required": court and index % 3 != 2,
        "vulnerability_review_required": court and index % 2 == 0,
        "roh_review_required": court and index % 5 in (0, 1, 3),
        "rosh_level": levels[index % 4],
        "vulnerability_level": levels[(index + 2) % 4],
        "looked_after": index % 6 == 1,
        "gender": "female" if index % 4 == 3 else "male",
        "ethnicity": ("White", "Black or Black British", "Asian or Asian British", "Mixed")[
            index % 4
        ],
        "case_manager": CASE_MANAGERS[index % len(CASE_MANAGERS)],
    }


def create_youth_justice_inspection(lead: User, inspector: User) -> Inspection:
    """The Ashwick inspection in its second week of fieldwork, with its cases judged."""
    from casescreen.frameworks import get_framework

    framework = get_framework(*demo_framework("youth_justice"))
    yot, _ = Yot.objects.get_or_create(
        name="Ashwick Youth Justice Service",
        defaults={
            "local_authority": "Ashwick District Council (fictional)",
            "nation": Yot.Nation.ENGLAND,
            "region": "East of England",
            "board_chair": "Helen Okafor",
            "manager_name": "Marcus Dale",
            "manager_email": "marcus.dale@ashwick-yjs.example",
        },
    )
    start = date(2024, 6, 10)
    inspection = Inspection.objects.create(
        yot=yot,
        reference=REFERENCE,
        framework_id=framework.id,
        framework_version=framework.version,
        vocabulary=framework.vocabulary or "",
        status=Inspection.Status.FIELDWORK,
        announced_on=date(2024, 4, 26),
        fieldwork_start=start,
        fieldwork_end=date(2024, 6, 21),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")

    total = COURT_CASES + OUT_OF_COURT_CASES
    cases = Case.objects.bulk_create(
        Case(
            inspection=inspection,
            reference=f"AW{4100 + index * 3}",
            sample_status=Case.SampleStatus.SAMPLED,
            sentence_date=date(2023, 10, 2) + timedelta(days=3 * index),
            supervision_start=date(2023, 10, 3) + timedelta(days=3 * index),
            **_facts(index),
        )
        for index in range(total)
    )
    CaseIdentity.objects.bulk_create(
        CaseIdentity(
            case=case,
            child_name=NAMES[i],
            date_of_birth=date(2007, 3, 1) + timedelta(days=61 * i),
        )
        for i, case in enumerate(cases)
    )
    left = {COURT_CASES - 1 - i for i in range(LEFT_TO_ASSESS)} | {
        total - 1 - i for i in range(LEFT_TO_ASSESS)
    }
    assessments = Assessment.objects.bulk_create(
        Assessment(
            case=case,
            # The cases left to assess are shared: one of each kind each.
            inspector=(lead if i % 2 else inspector)
            if i in left
            else (lead if i % 3 == 0 else inspector),
            case_manager_present=i not in left,
            status=Assessment.Status.NOT_STARTED if i in left else Assessment.Status.COMPLETED,
            framework_id=framework.id,
            framework_version=framework.version,
        )
        for i, case in enumerate(cases)
    )
    answers: list[Answer] = []
    judged = [
        (a, c) for i, (a, c) in enumerate(zip(assessments, cases, strict=True)) if i not in left
    ]
    for position, question in enumerate(framework.questions):
        applying = [a for a, c in judged if question.applies(c.facts(list(framework.facts)))]
        if not applying:
            continue
        shortfall = SHORTFALL[question.paragraph][_key_index(framework, question.key_question)]
        no_answers = round(shortfall * len(applying))
        # Spread the insufficient judgements over the cases, differently for each question.
        rotated = applying[position % len(applying) :] + applying[: position % len(applying)]
        for rank, assessment in enumerate(rotated):
            sufficient = rank >= no_answers
            answers.append(
                Answer(
                    assessment=assessment,
                    question_id=question.id,
                    value="yes" if sufficient else "no",
                    evidence=""
                    if sufficient
                    else "Talked through with the case manager: the case record does not show it.",
                    updated_by=assessment.inspector,
                )
            )
    Answer.objects.bulk_create(answers)
    _judge_the_organisation(inspection, lead)
    return inspection


# The lead's ratings of the standards judged on evidence, with their key findings.
JUDGEMENTS: dict[str, tuple[str, str]] = {
    "1.1": ("good", "The management board knows the service's strengths and gaps and "
            "holds partners to account; its plans give the children's voice a place."),
    "1.2": ("good", "Staff are skilled and motivated, caseloads are manageable, and "
            "supervision is regular; training on trauma-informed work is well used."),
    "1.3": ("outstanding", "Partnerships with education, health and the police are strong: "
            "children get speech and language, mental health and education help quickly."),
    "1.4": ("requires_improvement", "The case management system is hard to use and "
            "performance reports come late; the office is not welcoming for children."),
    "3.4": ("good", "A joint decision-making panel with the police diverts children well; "
            "the policy is clear, but the outcomes of diversion are not yet evaluated."),
    "4.1": ("good", "Resettlement starts on the day a child enters custody, and "
            "accommodation is secured before release; girls' needs are planned for."),
}  # fmt: skip


def _judge_the_organisation(inspection: Inspection, lead: User) -> None:
    from casescreen.findings.services import standard_judgement_record

    for standard, (rating, key_findings) in JUDGEMENTS.items():
        standard_judgement_record(
            inspection=inspection,
            user=lead,
            standard=standard,
            rating=rating,
            key_findings=key_findings,
        )


def _key_index(framework: Any, key_question: str | None) -> int:
    return list(framework.key_questions).index(key_question) if key_question else 0
