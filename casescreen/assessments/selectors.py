"""Reads for assessment pages: what applies, what is answered, what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case, CaseIdentity
from casescreen.domain.identity import identifiers_in
from casescreen.frameworks import Framework, Question
from casescreen.frameworks.loader import Theme
from casescreen.inspections.models import Inspection

# The case page shows the latest changes; the history page shows them all, a page at a time.
RECENT_HISTORY = 20
HISTORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class Missing:
    """Something to do before the assessment can be completed, with a link to it."""

    href: str
    message: str


@dataclass(frozen=True)
class QuestionState:
    question: Question
    applies: bool
    answer: Answer | None
    evidence_required_on_no: bool

    @property
    def value(self) -> str:
        return self.answer.value if self.answer else ""

    @property
    def evidence(self) -> str:
        return self.answer.evidence if self.answer else ""

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0

    @property
    def answered(self) -> bool:
        return bool(self.value)

    @property
    def value_label(self) -> str:
        return str(dict(self.question.scale).get(self.value, gettext("Not answered")))

    @property
    def evidence_missing(self) -> bool:
        return (
            self.applies
            and self.answered
            and self.question.evidence_required(self.value)
            and not self.evidence.strip()
        )


@dataclass(frozen=True)
class ThemeProgress:
    theme: Theme
    answered: int
    applicable: int
    complete: bool
    url: str

    @property
    def status(self) -> str:
        if self.applicable == 0:
            return gettext("No questions apply")
        if self.complete:
            return "Completed"
        return gettext("In progress") if self.answered else gettext("Not started")


@dataclass(frozen=True)
class CaseAssessment:
    case: Case
    assessment: Assessment
    framework: Framework
    applicable: frozenset[str]
    questions: dict[str, QuestionState]
    themes: list[ThemeProgress]
    examples: list[PracticeExample]
    missing: list[Missing] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions.values() if q.applies and q.answered)

    @property
    def applicable_count(self) -> int:
        return len(self.applicable)

    @property
    def not_counted(self) -> list[QuestionState]:
        """Answers kept for questions that no longer apply to this case."""
        return [q for q in self.questions.values() if not q.applies and q.answered]

    @property
    def completed(self) -> bool:
        return self.assessment.status == Assessment.Status.COMPLETED

    @property
    def frozen(self) -> bool:
        """The inspection's report is published: nothing may change, whatever the status."""
        return self.case.inspection.records_frozen

    @property
    def locked(self) -> bool:
        """Answers, facts and examples cannot be changed (completed, or frozen)."""
        return self.completed or self.frozen

    @property
    def can_reopen(self) -> bool:
        """A lead inspector may reopen it (the caller checks the role)."""
        return self.completed and not self.frozen

    def theme_questions(self, theme_id: str) -> list[QuestionState]:
        return [q for q in self.questions.values() if q.question.theme == theme_id]


def case_urls(case: Case) -> dict[str, str]:
    args = [case.inspection.reference, case.reference]
    return {
        "case": reverse("case", args=args),
        "facts": reverse("case_facts", args=args),
        "examples": reverse("practice_examples", args=args),
        "check": reverse("check_answers", args=args),
        "save": reverse("answer_save", args=args),
    }


def theme_url(case: Case, theme_id: str) -> str:
    return reverse("theme", args=[case.inspection.reference, case.reference, theme_id])


def case_assessment(case: Case) -> CaseAssessment:
    """Everything the case's pages show, in three queries (assessment, answers, examples)."""
    framework = case.inspection.framework()
    assessment = Assessment.objects.select_related("inspector").get(case=case)
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    applicable = framework.applicable_questions(case.facts())
    questions = {
        q.id: QuestionState(
            question=q,
            applies=q.id in applicable,
            answer=answers.get(q.id),
            evidence_required_on_no=q.evidence_required("no"),
        )
        for q in framework.questions
    }
    themes = []
    missing: list[Missing] = []
    urls = case_urls(case)
    if assessment.facts_confirmed_at is None:
        missing.append(
            Missing(urls["facts"], gettext("Confirm the case facts with the case manager"))
        )
    for theme in framework.case_themes(case.sentence_type):
        url = theme_url(case, theme.id)
        states = [q for q in questions.values() if q.question.theme == theme.id and q.applies]
        theme_missing = []
        for state in states:
            label = gettext("question %(paragraph)s (%(text)s)") % {
                "paragraph": state.question.paragraph,
                "text": state.question.text,
            }
            if not state.answered:
                theme_missing.append(
                    Missing(
                        f"{url}#{state.question.id}-value",
                        gettext("Answer %(question)s") % {"question": label},
                    )
                )
            elif state.evidence_missing:
                theme_missing.append(
                    Missing(
                        f"{url}#{state.question.id}-evidence",
                        gettext("Write the evidence for the No answer to %(question)s")
                        % {"question": label},
                    )
                )
        missing.extend(theme_missing)
        themes.append(
            ThemeProgress(
                theme=theme,
                answered=sum(1 for s in states if s.answered),
                applicable=len(states),
                complete=bool(states) and not theme_missing,
                url=url,
            )
        )
    examples = list(PracticeExample.objects.filter(assessment=assessment))
    case.assessment = assessment
    return CaseAssessment(
        case=case,
        assessment=assessment,
        framework=framework,
        applicable=applicable,
        questions=questions,
        themes=themes,
        examples=examples,
        missing=missing,
    )


def case_history(case: Case) -> QuerySet[AuditEvent]:
    """Changes to the case and its assessment, newest first (views are not history)."""
    return AuditEvent.objects.filter(case=case).exclude(action=AuditEvent.Action.VIEW)


def sample_identifiers(inspection: Inspection) -> tuple[list[str], list[str]]:
    """The names and case references of the children in the inspection's sample: what
    neither a practice example nor the report may contain (``domain.identity``)."""
    sampled = Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
    names = list(
        CaseIdentity.objects.filter(case__in=sampled)
        .exclude(child_name="")
        .values_list("child_name", flat=True)
    )
    return names, list(sampled.values_list("reference", flat=True))


def quote_identifies(text: str, identifiers: tuple[list[str], list[str]]) -> list[str]:
    """What in ``text`` could identify a child in the sample, said without repeating any
    part of a child's name (a case reference is no name, and is named)."""
    names, references = identifiers
    found = identifiers_in(text, names, references)
    said = []
    if any(f.kind == "name" for f in found):
        said.append(gettext("part of the name of a child in the sample"))
    said.extend(
        gettext("the case reference %(reference)s") % {"reference": f.term}
        for f in found
        if f.kind == "reference"
    )
    return said
