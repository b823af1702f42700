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
from casescreen.domain.quantifiers import Vocabulary
from casescreen.frameworks import Framework, FrameworkError
from casescreen.frameworks.loader import Question
from casescreen.frameworks.report_templates import (
    ReportTemplate,
    available_templates,
    template_for,
)
from casescreen.inspections.models import Inspection
from casescreen.moderation.access import blind_to_first_assessment
from casescreen.moderation.selectors import cases_held_for_reconciliation


@dataclass(frozen=True)
class Findings:
    inspection: Inspection
    framework: Framework
    # None for a framework whose findings are percentages and which has no report
    # template of quantifier words.
    report_template: ReportTemplate | None
    tallies: Tallies
    # Groups with fewer applicable cases than this are flagged as disclosive.
    disclosure_threshold: int = 3
    # Cases left uncounted because the reader is assessing them again, blind to the first
    # assessment (see ``inspection_findings``).
    blind_refs: frozenset[str] = frozenset()

    @property
    def template(self) -> ReportTemplate:
        """The framework's report template; FrameworkError when it has none."""
        if self.report_template is None:
            raise FrameworkError(f"no report template for {self.framework.key}")
        return self.report_template

    @property
    def vocabulary(self) -> Vocabulary:
        """The words for shares: the framework's report template's vocabulary."""
        return self.template.vocabulary

    @property
    def in_words(self) -> bool:
        """Findings are put into the report template's quantifier words (not percentages)."""
        return self.report_template is not None and not self.framework.percentages


def _case_rows(inspection: Inspection) -> list[tuple[Any, ...]]:
    """Each sampled case: reference, assessment status, the ids of the questions
    answered yes and no (comma-joined), then the FACT_FIELDS values.

    Written in SQL because the ORM cannot aggregate each case's answers into one
    row while selecting the case's columns, and the wider grouping it generates
    doubled the cost of findings (see bench/findings.py). On PostgreSQL a lateral
    subquery aggregates each assessment's answers through its index, a third
    faster than grouping the joined rows, which SQLite (no LATERAL) does instead.
    Question ids match ``[a-z][a-z0-9_]*`` (the framework schema), so a comma
    cannot occur in one. Table and column names come from the models, and the
    inspection id and values are parameters.
    """
    quote = connection.ops.quote_name

    def column(model: Any, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    question, value = column(Answer, "question_id"), column(Answer, "value")
    answer_of = f"a.{column(Answer, 'assessment')} = s.{column(Assessment, 'id')}"
    answers_table = quote(Answer._meta.db_table)
    if connection.vendor == "postgresql":
        yes, no = "x.yes", "x.no"
        answers = (
            f"LEFT JOIN LATERAL (SELECT STRING_AGG(a.{question}, ',') FILTER "  # noqa: S608
            f"(WHERE a.{value} = %s) AS yes, STRING_AGG(a.{question}, ',') FILTER "
            f"(WHERE a.{value} = %s) AS no FROM {answers_table} a WHERE {answer_of}) x ON TRUE"
        )
        group = ""
    else:
        yes = f"GROUP_CONCAT(CASE WHEN a.{value} = %s THEN a.{question} END)"
        no = f"GROUP_CONCAT(CASE WHEN a.{value} = %s THEN a.{question} END)"
        answers = f"LEFT JOIN {answers_table} a ON {answer_of}"
        group = f" GROUP BY c.{column(Case, 'id')}, s.{column(Assessment, 'status')}"
    facts = ", ".join(f"c.{column(Case, name)}" for name in FACT_FIELDS)
    # Names come from the models and values are parameters: nothing from outside (here
    # and above). The yes and no values come before the inspection in the text either way.
    sql = (
        f"SELECT c.{column(Case, 'reference')}, "  # noqa: S608
        f"s.{column(Assessment, 'status')}, {yes}, {no}, "
        f"{facts} FROM {quote(Case._meta.db_table)} c "
        f"LEFT JOIN {quote(Assessment._meta.db_table)} s "
        f"ON s.{column(Assessment, 'case')} = c.{column(Case, 'id')} {answers} "
        f"WHERE c.{column(Case, 'inspection')} = %s AND c.{column(Case, 'sample_status')} = %s"
        f"{group}"
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


def inspection_findings(inspection: Inspection, *, user: Any = None) -> Findings:
    """Tally every question of the inspection's framework over its sampled cases.

    One query whatever the number of cases: each sampled case with its facts, its
    assessment status and the questions answered yes and no, grouped by the
    database (cheaper than one row per answer). An answer other than yes or no
    counts as unanswered, as a missing one does. A double-assessed case with a
    disagreement not yet reconciled counts as not complete (one more query, and the
    answers of the double-assessed cases when there are any).

    Read by ``user``, the cases whose first assessment they may not see yet (they are
    assessing them again, blind) count as not complete too, one more query: a count
    beside the list of the cases behind it would show how the first assessor judged them.
    """
    framework = inspection.framework()
    cases = _case_rows(inspection)
    applicable = _applicable_questions(framework, [row[4:] for row in cases])
    completed = Assessment.Status.COMPLETED
    blind = _blind_cases(inspection, user) if user is not None else frozenset()
    held = cases_held_for_reconciliation(inspection) | blind
    judgements = [
        CaseJudgements(
            reference,
            status == completed and reference not in held,
            applies_to,
            _answers(yes_ids, no_ids),
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
        report_template=_report_template(framework),
        tallies=tally(specs, judgements),
        disclosure_threshold=settings.CASESCREEN_DISCLOSURE_THRESHOLD,
        blind_refs=blind,
    )


def _blind_cases(inspection: Inspection, user: Any) -> frozenset[str]:
    """References of the inspection's cases whose first assessment ``user`` may not see."""
    return frozenset(
        Case.objects.filter(inspection=inspection)
        .exclude(blind_to_first_assessment(user))
        .values_list("reference", flat=True)
    )


def _report_template(framework: Framework) -> ReportTemplate | None:
    """The framework's report template; a framework stating findings as percentages may
    have none (one in quantifier words must)."""
    if framework.percentages:
        return available_templates().get(framework.key)
    return template_for(framework.key)


def _no_facts(row: Sequence[object]) -> tuple[()]:
    return ()


def _plan(
    framework: Framework,
) -> list[tuple[Callable[[Sequence[object]], object], list[Question]]]:
    """The questions grouped by the facts their rules read, each group with the function
    that picks those facts' values out of a row of FACT_FIELDS values."""
    position = {name: i for i, name in enumerate(FACT_FIELDS)}
    groups: dict[tuple[int, ...], list[Question]] = {}
    for question in framework.questions:
        names = question.rule.facts_read()
        read = names if names <= position.keys() else FACT_FIELDS
        groups.setdefault(tuple(sorted(position[n] for n in read)), []).append(question)
    return [
        (itemgetter(*indexes) if indexes else _no_facts, questions)
        for indexes, questions in groups.items()
    ]


def _applicable_questions(
    framework: Framework, fact_rows: Sequence[Sequence[object]]
) -> list[frozenset[str]]:
    """For each row of FACT_FIELDS values, the ids of the questions that apply.

    Evaluating every rule for every case was most of the cost of findings (a
    sample of 100 cases has 100 distinct fact combinations). A rule reads one to
    three facts, so it is evaluated once per distinct value of the facts it reads
    and the decision reused; the values are picked out once for all the rules that
    read the same facts.
    """
    applicable: list[list[str]] = [[] for _ in fact_rows]
    cases = range(len(fact_rows))
    for facts_read, questions in _plan(framework):
        keys = list(map(facts_read, fact_rows))
        rows = dict(zip(keys, fact_rows, strict=True))
        distinct = {key: dict(zip(FACT_FIELDS, row, strict=True)) for key, row in rows.items()}
        for question in questions:
            decided = {key: question.applies(facts) for key, facts in distinct.items()}
            for index in compress(cases, map(decided.__getitem__, keys)):
                applicable[index].append(question.id)
    return [frozenset(ids) for ids in applicable]


def cases_by_reference(
    inspection: Inspection, references: Sequence[str], *, user: Any
) -> QuerySet[Case]:
    """The inspection's cases with these references, with their assessment, in reference order;
    without those whose first assessment ``user`` may not see (the screen the case pages use:
    a second assessor is blind to the first assessment until their own is completed)."""
    return (
        Case.objects.filter(
            blind_to_first_assessment(user), inspection=inspection, reference__in=list(references)
        )
        .select_related("assessment")
        .order_by("reference")
    )
