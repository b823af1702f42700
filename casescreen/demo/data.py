"""The Redbridge demo: the inspection of February 2015, rebuilt from fictional cases.

The 33 children, their names and case references are invented. Their
assessments reproduce every figure the published report states, and where the
report uses a word instead of a number the demo uses these counts (met of
applicable), each of which the "sqs" vocabulary describes with the report's word:

=====  ==========================================  =========  ================
Para   Judgement                                   Counts     Word
=====  ==========================================  =========  ================
1.1    understood why the child offended           31 of 33   all but two
1.2    PSR of good quality                         22 of 22   all (every one)
1.3    reoffending assessment reviewed             21 of 25   almost all
1.4    plan used well                              28 of 33   almost all
1.5    seen before the referral order panel        14 of 14   all (every)
1.6    planning sufficient                         33 of 33   all
1.6    custody: sentence planning, resettlement     4 of 4    all
2.1    PSR assessed risk of harm                   22 of 22   all
2.2    understood risk of harm                     32 of 33   all but one
2.3    risk of harm reviewed                       17 of 20   all but three
2.4    risk of harm planning good                  22 of 26   almost all
2.5    victims' risk well managed                  15 of 18   all but three
2.6    management oversight effective              27 of 30   all but three
3.1    PSR assessed vulnerability                  22 of 22   all
3.2    understood vulnerability                    29 of 33   almost all
3.3    vulnerability reviewed                      17 of 24   most
3.4    vulnerability plans sufficient              21 of 25   almost all
3.5    vulnerability plans reviewed                17 of 24   most
4.1    diversity and barriers understood           32 of 33   all but one
4.4    plans for barriers                          33 of 33   all (every case)
4.5    non-compliance responded to                 11 of 12   all but one
4.5    speedy return to court (a count)             7 of 12   "in seven cases"
AfI    placing authority met its duties             2 of 5    "too many" did not
=====  ==========================================  =========  ================

Reoffending: 43.6% against the England and Wales average of 36.1% for the
April 2012 - March 2013 cohort, published January 2015; the previous year's
rate (46.9%) is invented so that the YOT did better than the year before. Both
Redbridge rates are held as published figures (offenders and reoffenders invented
to give those rates: 109 of 250, 136 of 290), quoted as the automatic choice.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.cases.models import Case, CaseIdentity, SentenceType
from casescreen.demo import youth_justice
from casescreen.demo.frameworks import demo_framework
from casescreen.inspections.models import CopyListContact, Inspection, TeamMembership, Yot
from casescreen.reoffending.models import ReoffendingChoice, ReoffendingFigure
from casescreen.reports.models import Report, ReportVersion
from casescreen.reports.services import (
    report_create,
    report_publish,
    report_save_section,
    report_transition,
)

REFERENCE = "redbridge-2015-02"
FIELDWORK_REFERENCE = "thornbury-2015-03"
# The framework version the demo inspections pin, as (id, version): see demo.yaml.
FRAMEWORK: tuple[str, str] = demo_framework("screening")
LEAD, INSPECTOR, YOT_MANAGER = "lead", "inspector", "yotmanager"

# (met, applicable) per question, and the fact that decides applicability.
COUNTS: dict[str, tuple[int, int]] = {
    "q1_1_offending_understood": (31, 33),
    "q1_2_psr_quality": (22, 22),
    "q1_3_reoffending_review": (21, 25),
    "q1_4_plan_used_well": (28, 33),
    "q1_5_referral_order_seen": (14, 14),
    "q1_6_planning_sufficient": (33, 33),
    "q1_6_custody_planning": (4, 4),
    "q2_1_psr_risk_of_harm": (22, 22),
    "q2_2_risk_understood": (32, 33),
    "q2_3_risk_reviewed": (17, 20),
    "q2_4_risk_planning": (22, 26),
    "q2_5_victims": (15, 18),
    "q2_6_oversight": (27, 30),
    "q3_1_psr_vulnerability": (22, 22),
    "q3_2_vulnerability_understood": (29, 33),
    "q3_3_vulnerability_reviewed": (17, 24),
    "q3_4_vulnerability_plans": (21, 25),
    "q3_5_vulnerability_plans_reviewed": (17, 24),
    "q4_1_diversity_understood": (32, 33),
    "q4_4_barriers_planned": (33, 33),
    "q4_5_non_compliance_response": (11, 12),
    "q4_5_returned_to_court": (7, 12),
    "qafi_placed_children": (2, 5),
}

FIRST_NAMES = (
    "Ashan Perera",
    "Bilal Qureshi",
    "Callum Doyle",
    "Dara Nwosu",
    "Elliot Marsh",
    "Femi Adeyemi",
    "Gabriel Stone",
    "Harvey Lund",
    "Idris Khan",
    "Jayden Cole",
    "Kai Brennan",
    "Leon Ashby",
    "Marcus Reid",
    "Nathan Oduya",
    "Omar Haddad",
    "Pavel Novak",
    "Quinn Archer",
    "Rhys Lennon",
    "Samir Patel",
    "Tyrese Bell",
    "Umar Siddiq",
    "Victor Hale",
    "Wesley Grant",
    "Xander Holt",
    "Yusuf Demir",
    "Zane Cooper",
    "Aaliyah Moss",
    "Bethany Cross",
    "Chloe Barker",
    "Demi Walsh",
    "Ellie Frost",
    "Farah Malik",
    "Grace Tully",
)
CASE_MANAGERS = (
    "Case manager A",
    "Case manager B",
    "Case manager C",
    "Case manager D",
    "Case manager E",
    "Case manager F",
)

QUOTES = (
    (
        "1.2",
        "Raz",
        "In writing the PSR, the case manager met with Raz's family to understand not only why he had offended but what the family could do to help him desist from reoffending. This was not easy as most members of the family had a poor understanding of English. The case manager was accompanied by an interpreter. The PSR contained information from this meeting which helped the sentencers and enabled the case manager to build a good relationship with Raz's parents from the start, which helped Raz comply with his sentence.",
    ),  # noqa: E501
    (
        "1.4",
        "",
        "There was clear evidence that the young person had been actively involved in developing the plan – in all the cases I inspected, the plan had been developed with the young person, not to them.",
    ),  # noqa: E501
    (
        "3.3",
        "Joe",
        "Following a review of Joe's vulnerability, the case manager used swift breach action as the young person had absconded and his whereabouts were unknown. There was also good evidence of multi-agency working to manage risk and identify alternative accommodation for his return.",
    ),  # noqa: E501
    (
        "3.4",
        "",
        "In one IAP, the case manager had included safeguarding concerns by writing in the words of the young person e.g. 'My case manager is concerned that my parents may need help...'. In this way, the plan contained a clear explanation of the vulnerability concerns that could be shared with the young person and their parents/carers.",
    ),  # noqa: E501
    (
        "OM",
        "",
        "In one case, where the young person posed a medium risk of harm to the public, the senior practitioner had quality assured the case completing the QA form. The senior practitioner made comments around quality, what further evidence was needed to clarify the case manager's assessment, and useful comments and suggestions on working with the young person's diversity. The senior practitioner summarised their findings, highlighting any gaps and what actions were needed.",
    ),  # noqa: E501
)


@dataclass(frozen=True)
class DemoResult:
    created: bool
    password: str | None
    password_source: str


def _case_facts(index: int) -> dict[str, object]:
    """Facts of demo case ``index`` (0-32), chosen so that the applicable counts match COUNTS."""
    if index < 4:
        sentence = SentenceType.CUSTODY
    elif index < 18:
        sentence = SentenceType.REFERRAL_ORDER
    elif index < 31:
        sentence = SentenceType.YOUTH_REHABILITATION_ORDER
    else:
        sentence = SentenceType.OTHER_STATUTORY
    # PSRs: every custody, YRO and other order, and three referral orders (22).
    psr = sentence != SentenceType.REFERRAL_ORDER or index in (4, 5, 6)
    levels = ("low", "medium", "medium", "high")
    return {
        "sentence_type": sentence,
        "psr_prepared": psr,
        "has_plan": True,
        "reoffending_review_required": index < 25,  # 25
        "roh_review_required": 5 <= index < 25,  # 20
        "roh_plan_required": index < 26,  # 26
        "identifiable_victim": index % 2 == 0 or index == 1,  # 18
        "oversight_required": index < 30,  # 30
        "vulnerability_plan_required": index >= 8,  # 25
        "vulnerability_review_required": index >= 9,  # 24, all with a plan
        "rosh_level": levels[index % 4],
        "vulnerability_level": levels[(index + 1) % 4],
        "looked_after": index % 4 == 1,  # 8 (5 of them placed from elsewhere)
        "placed_from_other_la": index in (1, 5, 9, 13, 17),  # 5
        "placing_authority": "Another local authority" if index in (1, 5, 9, 13, 17) else "",
        "non_compliance": index % 3 == 0 or index == 31,  # 12
        "gender": "female" if index >= 26 else "male",
        "ethnicity": ("White", "Asian or Asian British", "Black or Black British", "Mixed")[
            index % 4
        ],
        "case_manager": CASE_MANAGERS[index % len(CASE_MANAGERS)],
    }


def _password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-password"


def _resolve_password(given: str | None) -> tuple[str, str]:
    if given:
        return given, "given"
    path = _password_file()
    if path.exists():
        return path.read_text().strip(), f"kept in {path}"
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password, f"generated, kept in {path}"


def _user(username: str, first: str, last: str, password: str, **extra: object) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, **extra}
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    return user


@transaction.atomic
def load_demo(password: str | None = None, *, publish_report: bool = True) -> DemoResult:
    """Create the demo users and inspections; a second run changes nothing.

    With ``publish_report`` the Redbridge letter is drafted, written and published as
    version 1 (on the seed's publication date), so that a new user reads a whole
    published letter, and so is the Welsh YOT's report, in Welsh and English; without
    it both stay in drafting with no report, as the tests of drafting start from.
    """
    password, source = _resolve_password(password)
    yot, _ = Yot.objects.get_or_create(
        name="Redbridge YOT",
        defaults={
            "local_authority": "London Borough of Redbridge",
            "nation": Yot.Nation.ENGLAND,
            "region": "London",
            "board_chair": "Morag Ellison",
            "manager_name": "Dev Bhatt",
            "manager_email": "dev.bhatt@redbridge-yot.example",
        },
    )
    _copy_list(yot)
    lead = _user(LEAD, "Lena", "Whitfield", password, email="lena.whitfield@inspectorate.example")
    inspector = _user(INSPECTOR, "Case", "Inspector", password)
    _user(YOT_MANAGER, "YOT", "Manager", password, role=User.Role.YOT_MANAGER, yot=yot)

    created = False
    if not Inspection.objects.filter(reference=REFERENCE).exists():
        _create_redbridge(yot, lead, inspector)
        if publish_report:
            publish_redbridge_report(Inspection.objects.get(reference=REFERENCE), lead)
        created = True
    if not Inspection.objects.filter(reference=FIELDWORK_REFERENCE).exists():
        _create_fieldwork_inspection(lead, inspector)
        created = True
    if not Inspection.objects.filter(
        kind=Inspection.Kind.SELF_ASSESSMENT, yot__name="Thornbury YOT"
    ).exists():
        _create_thornbury_self_assessments(password)
        created = True
    if not Inspection.objects.filter(reference=youth_justice.REFERENCE).exists():
        youth_justice.create_youth_justice_inspection(lead, inspector)
        created = True
    # Imported here: the Welsh demo builds on this module's builders.
    from casescreen.demo import wales

    if not Inspection.objects.filter(reference=wales.REFERENCE).exists():
        wales.create_welsh_inspection(lead, inspector, publish_report=publish_report)
        created = True
    return DemoResult(created=created, password=password, password_source=source)


# The copy list of the demo's Redbridge letter, with names; every name is fictional.
COPY_LIST = (
    ("YOT Manager", "Dev Bhatt"),
    ("Local Authority Chief Executive", "Helen Strand"),
    ("Director of Children's Services", "Tomasz Nowak"),
    ("Lead Elected Member for Children's Services", "Cllr Amina Begum"),
    ("Lead Elected Member for Crime", "Cllr Peter Lowe"),
    ("Chair of the Local Safeguarding Children Board", "Janet Okoro"),
    ("Chair of the Youth Court Bench", "Margaret Finch"),
    ("YJB Business Area Manager", "Colin Reeve"),
    ("YJB link staff", "Asha Rowntree, Neil Dunmore"),
)


def _copy_list(yot: Yot) -> None:
    for position, (role, name) in enumerate(COPY_LIST):
        CopyListContact.objects.get_or_create(
            yot=yot, role_title=role, defaults={"name": name, "position": position}
        )


def _quote_redbridge_figures(yot: Yot, inspection: Inspection) -> None:
    """The YOT's published rates behind the report's figures (see the module docstring)."""
    held = {}
    for year, offenders, reoffenders, rate in ((2011, 290, 136, "46.9"), (2012, 250, 109, "43.6")):
        held[year], _ = ReoffendingFigure.objects.get_or_create(
            area=yot,
            series="12-month",
            cohort_start=date(year, 4, 1),
            cohort_end=date(year + 1, 3, 31),
            defaults={
                "cohort_label": f"April {year} – March {year + 1}",
                "offenders": offenders,
                "reoffenders": reoffenders,
                "rate": Decimal(rate),
                "published_on": date(year + 3, 1, 29),
            },
        )
    # Shipped by a data migration; created here too for a database emptied since.
    national, _ = ReoffendingFigure.objects.get_or_create(
        area=None,
        series="12-month",
        cohort_start=date(2012, 4, 1),
        cohort_end=date(2013, 3, 31),
        defaults={
            "cohort_label": "April 2012 – March 2013",
            "offenders": 52648,
            "reoffenders": 18998,
            "rate": Decimal("36.1"),
            "published_on": date(2015, 1, 29),
        },
    )
    ReoffendingChoice.objects.create(
        inspection=inspection, figure=held[2012], previous=held[2011], national=national
    )


def _create_redbridge(yot: Yot, lead: User, inspector: User) -> None:
    from casescreen.frameworks import get_framework

    framework = get_framework(*FRAMEWORK)
    inspection = Inspection.objects.create(
        yot=yot,
        reference=REFERENCE,
        framework_id=framework.id,
        framework_version=framework.version,
        vocabulary=framework.vocabulary or "",
        status=Inspection.Status.DRAFTING,
        announced_on=date(2015, 1, 16),
        fieldwork_start=date(2015, 2, 2),
        fieldwork_end=date(2015, 2, 4),
        reoffending_rate=Decimal("43.6"),
        reoffending_previous_rate=Decimal("46.9"),
        reoffending_national_rate=Decimal("36.1"),
        reoffending_cohort="April 2012 – March 2013",
        reoffending_published="January 2015",
    )
    TeamMembership.objects.create(inspection=inspection, user=lead, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")
    _quote_redbridge_figures(yot, inspection)
    assessments = assess_screening_cases(
        inspection,
        lead,
        inspector,
        prefix="RB",
        names=FIRST_NAMES,
        not_met="Discussed with the case manager; the record did not show this.",
    )
    for i, (paragraph, pseudonym, text) in enumerate(QUOTES):
        assessment = assessments[(i * 7) % len(assessments)]
        PracticeExample.objects.create(
            assessment=assessment,
            paragraph=paragraph,
            pseudonym=pseudonym,
            text=text,
            created_by=assessment.inspector,
        )
    _double_assess_redbridge(inspection, lead, inspector)


def assess_screening_cases(
    inspection: Inspection,
    lead: User,
    inspector: User,
    *,
    prefix: str,
    names: tuple[str, ...],
    not_met: str,
) -> list[Assessment]:
    """The 33 sampled cases of an SQS demo inspection, assessed by the lead and the
    inspector so that every question has the counts of ``COUNTS``; ``not_met`` is the
    inspector's note on each "no"."""
    framework = inspection.framework()
    cases = []
    for index, facts in enumerate(_case_facts(i) for i in range(33)):
        cases.append(
            Case(
                inspection=inspection,
                reference=f"{prefix}{15001 + index * 7}",
                sample_status=Case.SampleStatus.SAMPLED,
                sentence_date=inspection.fieldwork_start - timedelta(days=91 - index),
                supervision_start=inspection.fieldwork_start - timedelta(days=90 - index),
                **facts,
            )
        )
    cases = Case.objects.bulk_create(cases)
    CaseIdentity.objects.bulk_create(
        CaseIdentity(
            case=case,
            child_name=names[i],
            # Redbridge's children were born from 1 January 1998; another inspection's
            # as long before its fieldwork (no two children share a date).
            date_of_birth=inspection.fieldwork_start - timedelta(days=6241 - 97 * i),
        )
        for i, case in enumerate(cases)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            case=case,
            inspector=lead if i % 3 == 0 else inspector,
            case_manager_present=i % 11 != 10,
            status=Assessment.Status.COMPLETED,
            framework_id=framework.id,
            framework_version=framework.version,
        )
        for i, case in enumerate(cases)
    )
    answers = []
    for position, question in enumerate(framework.questions):
        met, applicable = COUNTS[question.id]
        applying = [
            a for a, c in zip(assessments, cases, strict=True) if question.applies(c.facts())
        ]
        if len(applying) != applicable:
            raise AssertionError(
                f"demo facts give {len(applying)} cases for {question.id}, expected {applicable}"
            )
        # Spread the unmet judgements over the cases, differently for each question.
        rotated = applying[position % applicable :] + applying[: position % applicable]
        for rank, assessment in enumerate(rotated):
            value = "yes" if rank < met else "no"
            evidence = not_met if value == "no" else ""
            answers.append(
                Answer(
                    assessment=assessment,
                    question_id=question.id,
                    value=value,
                    evidence=evidence,
                    updated_by=assessment.inspector,
                )
            )
    Answer.objects.bulk_create(answers)
    return assessments


# Cases of the inspector's that the lead assessed a second time, blind, and the questions
# (by position among those that apply to the case) where the two answered differently.
DOUBLE_ASSESSED = 7
DISAGREEMENTS = {0: (2,), 2: (5, 11), 5: (7,)}


def _double_assess_redbridge(inspection: Inspection, lead: User, inspector: User) -> None:
    """A blind double assessment of seven cases through the services, with a few
    disagreements, each reconciled to the first assessor's answer so that the findings
    stay the published figures."""
    from casescreen.moderation.selectors import double_comparison
    from casescreen.moderation.services import (
        double_assessment_choose,
        reconcile,
        second_answer,
        second_complete,
    )

    cases = list(
        Case.objects.filter(inspection=inspection, assessment__inspector=inspector)
        .select_related("assessment", "inspection")
        .order_by("reference")[:DOUBLE_ASSESSED]
    )
    doubles = double_assessment_choose(
        user=lead, inspection=inspection, cases=cases, second_inspector=lead
    )
    for index, double in enumerate(doubles):
        flips = DISAGREEMENTS.get(index, ())
        rows = double_comparison(double)
        for position, row in enumerate(rows):
            value = row.first
            if position in flips:
                value = "no" if row.first == "yes" else "yes"
            evidence = "The plan did not show this when I read it." if value == "no" else ""
            second_answer(
                user=lead,
                double=double,
                question_id=row.question.id,
                value=value,
                evidence=evidence,
            )
        second_complete(user=lead, double=double)
        for row in double_comparison(double):
            if row.disagree:
                reconcile(
                    user=lead,
                    double=double,
                    question_id=row.question.id,
                    value=row.first,
                    reason="Agreed with both inspectors: the first reading of the record stands.",
                )


def _create_fieldwork_inspection(lead: User, inspector: User) -> None:
    """A second, fictional inspection in fieldwork, with cases still to assess."""
    yot, _ = Yot.objects.get_or_create(
        name="Thornbury YOT",
        defaults={
            "local_authority": "Thornbury Borough Council (fictional)",
            "nation": Yot.Nation.ENGLAND,
            "region": "South West",
            "board_chair": "Gareth Pryce",
            "manager_name": "Ruth Carver",
        },
    )
    inspection = Inspection.objects.create(
        yot=yot,
        reference=FIELDWORK_REFERENCE,
        framework_id=FRAMEWORK[0],
        framework_version=FRAMEWORK[1],
        status=Inspection.Status.FIELDWORK,
        announced_on=date(2015, 2, 27),
        fieldwork_start=date(2015, 3, 16),
        fieldwork_end=date(2015, 3, 18),
        reoffending_rate=Decimal("38.2"),
        reoffending_previous_rate=Decimal("37.0"),
        reoffending_national_rate=Decimal("36.1"),
        reoffending_cohort="April 2012 – March 2013",
        reoffending_published="January 2015",
    )
    TeamMembership.objects.create(inspection=inspection, user=lead, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")
    names = ("Alfie Dunn", "Brooke Hayes", "Connor Pike", "Daisy Rowe", "Ethan Lowe", "Finn Shaw")
    for i, name in enumerate(names):
        case = Case.objects.create(
            inspection=inspection,
            reference=f"TB{2201 + i}",
            sample_status=Case.SampleStatus.SAMPLED,
            sentence_type=(SentenceType.REFERRAL_ORDER, SentenceType.YOUTH_REHABILITATION_ORDER)[
                i % 2
            ],
            psr_prepared=i % 2 == 1,
            rosh_level="medium",
            vulnerability_level="low",
            gender="male" if i % 3 else "female",
            ethnicity="White",
            case_manager=CASE_MANAGERS[i % 3],
            supervision_start=date(2015, 1, 5) + timedelta(days=i),
        )
        CaseIdentity.objects.create(case=case, child_name=name, date_of_birth=date(1999, 5, 1 + i))
        Assessment.objects.create(
            case=case, framework_id=FRAMEWORK[0], framework_version=FRAMEWORK[1]
        )
    _arrange_fieldwork(inspection, lead)


def _create_thornbury_self_assessments(password: str) -> None:
    """Thornbury YOT's own audits, by its manager and auditor (see self_assessments)."""
    from casescreen.demo import self_assessments

    inspection = Inspection.objects.get(reference=FIELDWORK_REFERENCE)
    yot = inspection.yot
    manager = _user(
        self_assessments.MANAGER, "Ruth", "Carver", password, role=User.Role.YOT_MANAGER, yot=yot
    )
    auditor = _user(
        self_assessments.AUDITOR, "Owen", "Pask", password, role=User.Role.YOT_AUDITOR, yot=yot
    )
    # Cases like Redbridge's, spread over its kinds of sentence.
    facts = [_case_facts(i) for i in range(0, 33, 3)] + [_case_facts(31)]
    self_assessments.create_thornbury_self_assessments(inspection, manager, auditor, facts)


def _arrange_fieldwork(inspection: Inspection, lead: User) -> None:
    """The lead shares the cases out and books the interviews as the suggestions say,
    after one case manager has said when they cannot come."""
    from casescreen.fieldwork import services as fieldwork

    fieldwork.allocation_apply_suggestion(user=lead, inspection=inspection)
    fieldwork.unavailability_add(
        user=lead,
        inspection=inspection,
        case_manager=CASE_MANAGERS[0],
        day=inspection.fieldwork_start,
        start=time(12, 0),
        end=time(15, 0),
    )
    fieldwork.timetable_apply_suggestion(user=lead, inspection=inspection)


# The paragraphs of the Redbridge letter the lead inspector writes, in our own words to
# the meaning of the published report, by section and paragraph.
REDBRIDGE_NARRATIVE = {
    ("summary", "summary.narrative"): (
        "Redbridge YOT had kept up, and built on, the high standard of work we found at our "
        "previous inspection in 2011. That is the more to its credit given how varied and "
        "complex the needs of the children it supervises are."
    ),
    ("theme-4", "4.2"): (
        "Children and their parents or carers stayed engaged well beyond assessment and "
        "planning: throughout their sentences they helped case managers to understand what "
        "got in the way and what would help them stop offending."
    ),
    ("theme-4", "4.3"): (
        "The YOT had worked hard to understand and meet the needs of the children it "
        "supervised and of their families: their culture and background, and also any mental "
        "health needs or learning disabilities. It had won funding for a Joint Engagement "
        "Project to help vulnerable children, chiefly those taught outside mainstream school, "
        "to engage, and had taken on a part-time speech and language therapist for children "
        "who find communication hard. Case managers used literacy screening and support to "
        "help children who were hard to reach back into education. The project was too new "
        "to show in our findings, but staff were keen on it and it looked a promising step "
        "towards reducing reoffending."
    ),
    ("operational-management", "OM"): (
        "Managers oversaw cases well from start to finish, and case managers valued the "
        "advice and support they had from their line managers."
    ),
}


def write_redbridge_narrative(report: Report, user: User) -> Report:
    """Write the lead inspector's paragraphs of the Redbridge letter, as the lead would."""
    return write_narrative(report, user, REDBRIDGE_NARRATIVE)


def write_narrative(
    report: Report,
    user: User,
    narrative: dict[tuple[str, str], str],
    *,
    quotes: dict[str, list[int]] | None = None,
    own_strengths: tuple[str, ...] = (),
    language: str = "en",
) -> Report:
    """Write the lead inspector's paragraphs (by section and paragraph) of the document in
    ``language``, quote practice examples in their paragraphs and add the lead's own key
    strengths, through the reports services, as the lead would."""
    for (section_id, key), text in narrative.items():
        report = report_save_section(
            report=report,
            section_id=section_id,
            texts={key: text},
            quotes={},
            expected_version=report.version,
            user=user,
            language=language,
        )
    content = report.content_in(language)
    sections = {p["key"]: s["id"] for s in content["sections"] for p in s["paragraphs"]}
    for paragraph, ids in sorted((quotes or {}).items()):
        report = report_save_section(
            report=report,
            section_id=sections[paragraph],
            texts={},
            quotes={paragraph: sorted(ids)},
            expected_version=report.version,
            user=user,
            language=language,
        )
    for strength in own_strengths:
        report = report_save_section(
            report=report,
            section_id="key-strengths",
            texts={},
            quotes={},
            added=strength,
            expected_version=report.version,
            user=user,
            language=language,
        )
    return report


def publish_written(report: Report, lead: User, *, now: datetime) -> ReportVersion:
    """Take a written report through quality assurance and the factual accuracy check to
    publication."""
    report = report_transition(report=report, to=Report.Status.QUALITY_ASSURANCE, user=lead)
    report = report_transition(report=report, to=Report.Status.FACTUAL_ACCURACY, user=lead)
    return report_publish(report=report, user=lead, now=now)


# The key strengths of the published report that no question records, in our own words:
# the lead inspector adds them to the proposals.
REDBRIDGE_OWN_STRENGTHS = (
    "Children placed in the borough by other local authorities, and looked after by them, "
    "had as good a service from the YOT as the borough's own children.",
    "Case managers were plainly committed to good outcomes for the children they worked with.",
)

# The seed's publication date: the published demo letter carries it.
REDBRIDGE_PUBLISHED_AT = datetime(2015, 2, 25, 9, 0, tzinfo=UTC)


def publish_redbridge_report(inspection: Inspection, lead: User) -> ReportVersion:
    """Draft the Redbridge letter, write its narrative, quote the inspectors' practice
    examples in their paragraphs and publish it, through the reports services."""
    quotes: dict[str, list[int]] = {}
    for example in PracticeExample.objects.filter(assessment__case__inspection=inspection):
        quotes.setdefault(example.paragraph, []).append(example.pk)
    report = write_narrative(
        report_create(inspection=inspection, user=lead),
        lead,
        REDBRIDGE_NARRATIVE,
        quotes=quotes,
        own_strengths=REDBRIDGE_OWN_STRENGTHS,
    )
    return publish_written(report, lead, now=REDBRIDGE_PUBLISHED_AT)
