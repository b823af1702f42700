"""Findings of an inspection, read from the database in a constant number of queries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.facts import FACT_FIELDS
from casescreen.cases.models import Case
from casescreen.domain.findings import CaseJudgements, QuestionSpec, Tallies, tally
from casescreen.frameworks import Framework
from casescreen.frameworks.loader import AllRule, AnyRule, FactRule, NotRule, Question
from casescreen.inspections.models import Inspection


@dataclass(frozen=True)
class Findings:
    inspection: Inspection
    framework: Framework
    vocabulary: str
    tallies: Tallies
    # Groups with fewer applicable cases than this are flagged as disclosive.
    disclosure_threshold: int = 3


def _case_rows(inspection: Inspection) -> list[tuple[Any, ...]]:
    """Each sampled case: reference, assessment status, the ids of the questions
    answered yes and no (comma-joined), then the FACT_FIELDS values.

    Written in SQL because the ORM cannot group by the case alone while selecting
    its columns, and the wider grouping it generates doubled the cost of findings
    (see bench/findings.py). Question ids match ``[a-z][a-z0-9_]*`` (the framework
    schema), so a comma cannot occur in one. Table and column names come from the
    models, and the inspection id and values are parameters.
    """
    quote = connection.ops.quote_name
    concat = "STRING_AGG({}, ',')" if connection.vendor == "postgresql" else "GROUP_CONCAT({})"

    def column(model: Any, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    question, value = column(Answer, "question_id"), column(Answer, "value")
    yes = concat.format(f"CASE WHEN a.{value} = %s THEN a.{question} END")
    no = concat.format(f"CASE WHEN a.{value} = %s THEN a.{question} END")
    facts = ", ".join(f"c.{column(Case, name)}" for name in FACT_FIELDS)
    # Names come from the models and values are parameters: nothing from outside.
    sql = (
        f"SELECT c.{column(Case, 'reference')}, "  # noqa: S608
        f"s.{column(Assessment, 'status')}, {yes}, {no}, "
        f"{facts} FROM {quote(Case._meta.db_table)} c "
        f"LEFT JOIN {quote(Assessment._meta.db_table)} s "
        f"ON s.{column(Assessment, 'case')} = c.{column(Case, 'id')} "
        f"LEFT JOIN {quote(Answer._meta.db_table)} a "
        f"ON a.{column(Answer, 'assessment')} = s.{column(Assessment, 'id')} "
        f"WHERE c.{column(Case, 'inspection')} = %s AND c.{column(Case, 'sample_status')} = %s "
        f"GROUP BY c.{column(Case, 'id')}, s.{column(Assessment, 'status')}"
    )
    params: list[str | int] = ["yes", "no", inspection.pk, str(Case.SampleStatus.SAMPLED)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _answers(yes_ids: str | None, no_ids: str | None) -> dict[str, str]:
    """Question id -> "yes" or "no", from the database's comma-joined id lists."""
    answers = dict.fromkeys(yes_ids.split(","), "yes") if yes_ids else {}
    if no_ids:
        answers.update(dict.fromkeys(no_ids.split(","), "no"))
    return answers


def inspection_findings(inspection: Inspection) -> Findings:
    """Tally every question of the inspection's framework over its sampled cases.

    One query whatever the number of cases: each sampled case with its facts, its
    assessment status and the questions answered yes and no, grouped by the
    database (cheaper than one row per answer). An answer other than yes or no
    counts as unanswered, as a missing one does.
    """
    framework = inspection.framework()
    cases = _case_rows(inspection)
    applicable = _applicable_questions(framework, [row[4:] for row in cases])
    judgements = [
        CaseJudgements(
            reference=reference,
            complete=status == Assessment.Status.COMPLETED,
            applicable=applies_to,
            answers=_answers(yes_ids, no_ids),
        )
        for (reference, status, yes_ids, no_ids, *_), applies_to in zip(
            cases, applicable, strict=True
        )
    ]
    specs = [
        QuestionSpec(id=q.id, paragraph=q.paragraph, theme=q.theme, style=q.style)
        for q in framework.questions
    ]
    return Findings(
        inspection=inspection,
        framework=framework,
        vocabulary=inspection.vocabulary,
        tallies=tally(specs, judgements),
        disclosure_threshold=settings.CASESCREEN_DISCLOSURE_THRESHOLD,
    )


def _rule_facts(spec: Any) -> frozenset[str] | None:
    """The facts an applicability rule reads, or None when the rule is not understood."""
    if spec == "always":
        return frozenset()
    if isinstance(spec, FactRule):
        return frozenset({spec.fact})
    parts: list[Any]
    if isinstance(spec, AllRule):
        parts = list(spec.all)
    elif isinstance(spec, AnyRule):
        parts = list(spec.any)
    elif isinstance(spec, NotRule):
        parts = [spec.not_]
    else:
        return None
    names: set[str] = set()
    for part in parts:
        found = _rule_facts(part)
        if found is None:
            return None
        names |= found
    return frozenset(names)


@dataclass(frozen=True)
class _Step:
    """One question's rule, the facts it reads, and its decisions so far.

    A decision depends only on the rule and the values of the facts it reads, so
    it is kept for the life of the process; there are few such values (yes/no
    and choice facts). A rule that reads facts outside FACT_FIELDS is evaluated
    afresh every time.
    """

    question: Question
    facts_read: Callable[[Sequence[object]], object]
    decided: dict[object, bool] | None


def _no_facts(row: Sequence[object]) -> tuple[()]:
    return ()


_PLANS: dict[tuple[str, str], tuple[_Step, ...]] = {}


def _plan(framework: Framework) -> tuple[_Step, ...]:
    key = (framework.key, framework.checksum)
    plan = _PLANS.get(key)
    if plan is None:
        position = {name: i for i, name in enumerate(FACT_FIELDS)}
        steps = []
        for question in framework.questions:
            names = _rule_facts(question.rule.spec)
            known = names is not None and names <= position.keys()
            if known and not names:
                steps.append(_Step(question, _no_facts, {}))
                continue
            indexes = sorted(position[n] for n in (names if known and names else FACT_FIELDS))
            steps.append(_Step(question, itemgetter(*indexes), {} if known else None))
        plan = _PLANS[key] = tuple(steps)
    return plan


def _applicable_questions(
    framework: Framework, fact_rows: Sequence[Sequence[object]]
) -> list[frozenset[str]]:
    """For each row of FACT_FIELDS values, the ids of the questions that apply.

    Evaluating every rule for every case was most of the cost of findings (a
    sample of 100 cases has 100 distinct fact combinations). A rule reads one to
    three facts, so it is evaluated once per distinct value of the facts it reads
    and the decision reused (see _Step).
    """
    applicable: list[list[str]] = [[] for _ in fact_rows]
    cases = range(len(fact_rows))
    for step in _plan(framework):
        keys = list(map(step.facts_read, fact_rows))
        decided = {} if step.decided is None else step.decided
        missing = set(keys).difference(decided)
        if missing:
            example = dict(zip(keys, fact_rows, strict=True))
            for key in missing:
                facts = dict(zip(FACT_FIELDS, example[key], strict=True))
                decided[key] = step.question.applies(facts)
        for index in compress(cases, map(decided.__getitem__, keys)):
            applicable[index].append(step.question.id)
    return [frozenset(ids) for ids in applicable]


def cases_by_reference(inspection: Inspection, references: Sequence[str]) -> QuerySet[Case]:
    """The inspection's cases with these references, with their assessment, in reference order."""
    return (
        Case.objects.filter(inspection=inspection, reference__in=list(references))
        .select_related("assessment")
        .order_by("reference")
    )
