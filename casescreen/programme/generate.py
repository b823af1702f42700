"""A synthetic programme of inspections for testing and benchmarking at national scale.

Nothing here is personal data: YOTs, cases and judgements are drawn from seeded
distributions (no names, no dates of birth), as after the retention purge.
Rows are written with bulk inserts in batches (COPY for answers on PostgreSQL).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.facts import FACT_FIELDS
from casescreen.cases.models import Case
from casescreen.frameworks import Framework, FrameworkError
from casescreen.frameworks.loader import available_frameworks
from casescreen.inspections.lifecycle import announcement_due
from casescreen.inspections.models import Inspection, Yot
from casescreen.inspections.planning import usual_fieldwork_end
from casescreen.programme.selectors import latest_framework_key
from casescreen.reoffending.models import ReoffendingFigure, Series

REFERENCE_PREFIX = "syn-"
_STEMS = (
    "Ash", "Brad", "Carl", "Dun", "East", "Fen", "Glen", "Hart", "Ink", "Kings", "Lang", "Mar",
    "North", "Oak", "Pen", "Rad", "Stan", "Thorn", "Up", "West", "Wick", "Yard", "Bel", "Cran",
)  # fmt: skip
_ENDINGS = ("bury", "field", "ford", "ham", "ley", "mouth", "ton", "wick", "worth")
_ENGLISH_REGIONS = (
    "London", "South East", "South West", "East of England", "East Midlands", "West Midlands",
    "Yorkshire and the Humber", "North West", "North East",
)  # fmt: skip
_SENTENCES = (
    ("referral_order", 45), ("youth_rehabilitation_order", 35), ("custody", 10),
    ("other_statutory", 10),
)  # fmt: skip
_BOOLEAN_FACTS = {
    "has_plan": 0.95, "reoffending_review_required": 0.6, "roh_review_required": 0.5,
    "roh_plan_required": 0.45, "identifiable_victim": 0.55, "oversight_required": 0.4,
    "vulnerability_review_required": 0.45, "vulnerability_plan_required": 0.5,
    "looked_after": 0.15, "placed_from_other_la": 0.05, "non_compliance": 0.3,
}  # fmt: skip
_LEVELS = (("low", 40), ("medium", 40), ("high", 15), ("very_high", 5))
# Share of non-applicable questions that still carry an answer the tool does not count.
STALE_ANSWER_RATE = 0.1


@dataclass(frozen=True)
class GeneratedProgramme:
    yots: int
    inspections: int
    cases: int
    answers: int
    figures: int


def _choice(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _facts(rng: random.Random) -> dict[str, object]:
    sentence = _choice(rng, _SENTENCES)
    facts: dict[str, object] = {name: rng.random() < p for name, p in _BOOLEAN_FACTS.items()}
    facts["sentence_type"] = sentence
    facts["psr_prepared"] = sentence == "custody" or rng.random() < 0.6
    facts["rosh_level"] = _choice(rng, _LEVELS)
    facts["vulnerability_level"] = _choice(rng, _LEVELS)
    return facts


def _yot_names(count: int) -> list[str]:
    towns = [stem + ending for stem in _STEMS for ending in _ENDINGS]
    if count > len(towns):
        raise ValueError(f"at most {len(towns)} synthetic YOTs can be named")
    return towns[:count]


def _monday(rng: random.Random, year: int) -> date:
    day = date(year, 1, 15) + timedelta(days=rng.randrange(0, 320))
    return day - timedelta(days=day.weekday())


def _copy_answers(rows: list[tuple[int, str, str]]) -> None:
    table = Answer._meta.db_table
    now = timezone.now()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            f"COPY {table} (assessment_id, question_id, value, evidence, version, updated_at) "
            "FROM STDIN"
        ) as copy,
    ):
        for assessment_id, question_id, value in rows:
            copy.write_row((assessment_id, question_id, value, "", 1, now))


def _save_answers(rows: list[tuple[int, str, str]]) -> None:
    if connection.vendor == "postgresql":
        _copy_answers(rows)
        return
    Answer.objects.bulk_create(
        (Answer(assessment_id=a, question_id=q, value=v) for a, q, v in rows), batch_size=5000
    )


def default_framework_key() -> str:
    """The framework of the latest inspection, or else the first published one that states
    its findings in words (the programme's figures compare such inspections)."""
    latest = latest_framework_key()
    if latest is not None:
        return latest
    for key, framework in available_frameworks().items():
        if framework.status == "published" and not framework.percentages:
            return key
    raise FrameworkError(gettext("no published framework states its findings in words"))


def framework_for(key: str) -> Framework:
    """The framework ``id@version`` names; the error lists the ones there are."""
    found = available_frameworks().get(key)
    if found is None:
        known = ", ".join(sorted(available_frameworks()))
        raise ValueError(f"no framework {key!r} (the frameworks are: {known})")
    return found


def generate_programme(
    *,
    framework_key: str,
    yots: int,
    years: int,
    seed: int,
    start_year: int = 2013,
    cases_per_inspection: int = 40,
    progress: Callable[[str], None] | None = None,
) -> GeneratedProgramme:
    """One inspection per YOT per year; the latest year is partly still being drafted."""
    if Inspection.objects.filter(reference__startswith=REFERENCE_PREFIX).exists():
        raise ValueError(
            "A synthetic programme already exists in this database; use an empty database."
        )
    framework = framework_for(framework_key)
    rng = random.Random(seed)
    names = _yot_names(yots)
    yot_rows = []
    for index, town in enumerate(names):
        welsh = index % 9 == 8  # about one YOT in nine is Welsh, as in England and Wales
        yot_rows.append(
            Yot(
                name=f"{town} YOT",
                local_authority=f"{town} Council",
                nation=Yot.Nation.WALES if welsh else Yot.Nation.ENGLAND,
                region="Wales" if welsh else _ENGLISH_REGIONS[index % len(_ENGLISH_REGIONS)],
            )
        )
    created_yots = Yot.objects.bulk_create(yot_rows, batch_size=500)
    quality = {yot.pk: rng.gauss(0.0, 0.6) for yot in created_yots}
    trend = {yot.pk: rng.gauss(0.05, 0.05) for yot in created_yots}
    difficulty = {q.id: rng.gauss(1.2, 0.7) for q in framework.questions}
    figures = _figures(rng, created_yots, quality, start_year, years)
    totals = {"inspections": 0, "cases": 0, "answers": 0}
    for offset in range(years):
        year = start_year + offset
        with transaction.atomic():
            _generate_year(
                rng=rng,
                framework=framework,
                yots=created_yots,
                year=year,
                last=offset == years - 1,
                effect=_effect(quality, trend, offset),
                difficulty=difficulty,
                cases_per_inspection=cases_per_inspection,
                totals=totals,
            )
        if progress:
            progress(f"{year}: {totals['inspections']} inspections, {totals['answers']} answers")
    if connection.vendor == "postgresql":
        # Fresh planner statistics: without them the aggregate queries pick poor plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return GeneratedProgramme(
        yots=len(created_yots),
        inspections=totals["inspections"],
        cases=totals["cases"],
        answers=totals["answers"],
        figures=figures,
    )


def _effect(
    quality: dict[int, float], trend: dict[int, float], offset: int
) -> Callable[[int], float]:
    return lambda pk: quality[pk] + trend[pk] * offset


def _generate_year(
    *,
    rng: random.Random,
    framework: Framework,
    yots: list[Yot],
    year: int,
    last: bool,
    effect: Callable[[int], float],
    difficulty: dict[str, float],
    cases_per_inspection: int,
    totals: dict[str, int],
) -> None:
    inspections = []
    for yot in yots:
        start = _monday(rng, year)
        drafting = last and rng.random() < 0.2
        inspections.append(
            Inspection(
                yot=yot,
                reference=f"{REFERENCE_PREFIX}{yot.local_authority.split()[0].lower()}-{year}",
                framework_id=framework.id,
                framework_version=framework.version,
                status=Inspection.Status.DRAFTING if drafting else Inspection.Status.CLOSED,
                announced_on=announcement_due(start, framework.schedule),
                fieldwork_start=start,
                fieldwork_end=usual_fieldwork_end(start, framework.schedule),
                published_on=None if drafting else start + timedelta(days=35),
            )
        )
    inspections = Inspection.objects.bulk_create(inspections, batch_size=1000)
    cases = []
    case_effect = []
    for inspection in inspections:
        low = max(10, cases_per_inspection // 2)
        count = rng.randint(low, cases_per_inspection * 2 - low)
        visit = effect(inspection.yot_id) + rng.gauss(0.0, 0.3)
        for number in range(count):
            cases.append(
                Case(
                    inspection=inspection,
                    reference=f"C{number + 1:04d}",
                    sample_status=Case.SampleStatus.SAMPLED,
                    **_facts(rng),
                )
            )
            case_effect.append(visit)
    cases = Case.objects.bulk_create(cases, batch_size=2000)
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        (
            Assessment(
                case=case,
                framework_id=framework.id,
                framework_version=framework.version,
                status=Assessment.Status.COMPLETED,
                case_manager_present=True,
                completed_at=now,
            )
            for case in cases
        ),
        batch_size=2000,
    )
    answers = list(_answers(rng, framework, cases, assessments, case_effect, difficulty))
    _save_answers(answers)
    totals["inspections"] += len(inspections)
    totals["cases"] += len(cases)
    totals["answers"] += len(answers)


def _answers(
    rng: random.Random,
    framework: Framework,
    cases: list[Case],
    assessments: list[Assessment],
    case_effect: list[float],
    difficulty: dict[str, float],
) -> Iterator[tuple[int, str, str]]:
    for case, assessment, visit in zip(cases, assessments, case_effect, strict=True):
        facts = {name: getattr(case, name) for name in FACT_FIELDS}
        for question in framework.questions:
            if question.applies(facts):
                chance = 1 / (1 + math.exp(-(difficulty[question.id] + visit)))
                yield assessment.pk, question.id, "yes" if rng.random() < chance else "no"
            elif rng.random() < STALE_ANSWER_RATE:
                yield assessment.pk, question.id, rng.choice(("yes", "no"))


def _figures(
    rng: random.Random, yots: list[Yot], quality: dict[int, float], start_year: int, years: int
) -> int:
    """12-month-cohort rates per YOT, worse where practice is weaker, and national totals."""
    rows = []
    national: dict[int, list[int]] = {}
    for cohort in range(start_year - 3, start_year + years - 2):
        for yot in yots:
            offenders = rng.randint(60, 600)
            rate = min(0.8, max(0.1, 0.37 - 0.06 * quality[yot.pk] + rng.gauss(0, 0.04)))
            reoffenders = round(offenders * rate)
            rows.append(_figure(yot, cohort, offenders, reoffenders))
            pair = national.setdefault(cohort, [0, 0])
            pair[0] += offenders
            pair[1] += reoffenders
    held = set(
        ReoffendingFigure.objects.filter(area=None, series=Series.TWELVE_MONTH).values_list(
            "cohort_start__year", flat=True
        )
    )
    rows += [_figure(None, c, o, r) for c, (o, r) in national.items() if c not in held]
    ReoffendingFigure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _figure(yot: Yot | None, cohort: int, offenders: int, reoffenders: int) -> ReoffendingFigure:
    rate = (Decimal(100) * reoffenders / offenders).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return ReoffendingFigure(
        area=yot,
        series=Series.TWELVE_MONTH,
        cohort_start=date(cohort, 4, 1),
        cohort_end=date(cohort + 1, 3, 31),
        cohort_label=f"April {cohort} – March {cohort + 1}",
        offenders=offenders,
        reoffenders=reoffenders,
        reoffences=reoffenders * 3,
        rate=rate,
        published_on=date(cohort + 3, 1, 29),
    )
