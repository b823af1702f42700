"""What an administrator checks before publishing: sample findings and the changes
from the previous version. Every figure is worked out here, never in a template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import pgettext

from casescreen.domain.findings import CaseJudgements, QuestionSpec, QuestionTally, tally
from casescreen.domain.ratings import (
    KeyQuestionCount,
    OverallRating,
    RatingBand,
    StandardRating,
    overall_rating,
    rate_case_standard,
)
from casescreen.frameworks.checksums import FrameworkError
from casescreen.frameworks.loader import Framework, Question, Theme
from casescreen.frameworks.report_templates import template_for
from casescreen.reports.compose import Wording, capital, percent_sentence
from casescreen.reports.documents import Segment, word_diff
from casescreen.reports.selectors import question_finding

# The synthetic sample: this many complete cases, and for each question in turn the
# number met, so that the sentences show the range of the framework's wording.
SAMPLE_CASES = 12
MET_PATTERN = (12, 11, 9, 7, 5, 2, 0)


@dataclass(frozen=True)
class SampleSentence:
    question: Question
    met: int
    applicable: int
    sentence: str


@dataclass(frozen=True)
class SampleTheme:
    theme: Theme
    sentences: tuple[SampleSentence, ...]


@dataclass(frozen=True)
class SampleFindings:
    cases: int
    themes: tuple[SampleTheme, ...]
    standards: tuple[StandardRating, ...]
    # Judged standards take the middle rating, as an inspector might give it.
    judged: tuple[tuple[str, RatingBand], ...]
    overall: OverallRating | None


Sentence = Callable[[Question, QuestionTally], str]


def _sentences(framework: Framework) -> Sentence:
    """How a report of the framework words one question's finding, in the active
    language: its report template's sentences (every sample case is of the question's
    kind, and the sample is never too small to describe). A framework without a report
    template has no sentences: its finding is shown as the question's own wording."""
    try:
        template = template_for(framework.key)
    except FrameworkError:
        return lambda question, counts: capital(question.met_wording)
    if template.percentages:
        forms = template.rated.percent_sentences
        return lambda question, counts: percent_sentence(
            question_finding(question, counts), forms, of_kind=SAMPLE_CASES, threshold=0
        )
    wording = Wording(template)
    return lambda question, counts: wording.question(
        question_finding(question, counts), cases_examined=SAMPLE_CASES, threshold=0
    )


def sample_findings(framework: Framework) -> SampleFindings:
    """Findings from made-up counts through the findings domain: the words (or
    percentages) and ratings a report of this framework would give."""
    met_of = {q.id: MET_PATTERN[i % len(MET_PATTERN)] for i, q in enumerate(framework.questions)}
    cases = [
        CaseJudgements(
            reference=f"S{n:02d}",
            complete=True,
            applicable=frozenset(met_of),
            answers={qid: "yes" if n < met else "no" for qid, met in met_of.items()},
        )
        for n in range(SAMPLE_CASES)
    ]
    tallies = tally(
        [QuestionSpec(q.id, q.paragraph, q.theme, q.style) for q in framework.questions], cases
    )
    by_id = {t.question_id: t for t in tallies.questions}
    sentence = _sentences(framework)
    themes = tuple(
        SampleTheme(
            theme,
            tuple(
                SampleSentence(
                    q,
                    by_id[q.id].met,
                    by_id[q.id].applicable,
                    sentence(q, by_id[q.id]),
                )
                for q in framework.questions_for_theme(theme.id)
            ),
        )
        for theme in framework.themes
        if framework.questions_for_theme(theme.id)
    )
    standards: list[StandardRating] = []
    judged: list[tuple[str, RatingBand]] = []
    overall = None
    rules = framework.ratings
    if rules is not None:
        for theme in framework.themes:
            for paragraph in theme.paragraphs:
                if theme.judged:
                    judged.append((paragraph.id, rules.scale[len(rules.scale) // 2]))
                    continue
                counts = [
                    KeyQuestionCount(q.id, by_id[q.id].met, by_id[q.id].applicable)
                    for q in framework.questions
                    if q.paragraph == paragraph.id and q.key_question
                ]
                if counts:
                    standards.append(rate_case_standard(paragraph.id, counts, rules))
        ratings: dict[str, str | None] = {
            s.standard: s.band.id if s.band else None for s in standards
        }
        ratings.update((standard, band.id) for standard, band in judged)
        overall = overall_rating(ratings, rules)
    return SampleFindings(SAMPLE_CASES, themes, tuple(standards), tuple(judged), overall)


def overall_bands(framework: Framework) -> tuple[tuple[RatingBand, int], ...]:
    """The overall rating's bands, each as its rating (to show by its label) and the
    total score it starts from; none for a framework without ratings."""
    rules = framework.ratings
    if rules is None:
        return ()
    return tuple((rules.band(band.rating), band.from_score) for band in rules.overall)


@dataclass(frozen=True)
class Reworded:
    question: Question
    field: str  # what changed, named in the active language: "question", "guidance"...
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Comparison:
    added: tuple[Question, ...]
    removed: tuple[Question, ...]
    reworded: tuple[Reworded, ...]
    moved: tuple[tuple[Question, str], ...]  # (new question, its old paragraph)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.reworded or self.moved)


def compare_frameworks(old: Framework, new: Framework) -> Comparison:
    """The questions added, removed, reworded (word by word) and moved between versions;
    a question is the same question when it keeps its id."""
    before = {q.id: q for q in old.questions}
    after = {q.id: q for q in new.questions}
    reworded: list[Reworded] = []
    moved: list[tuple[Question, str]] = []
    for q in new.questions:
        was = before.get(q.id)
        if was is None:
            continue
        for field, old_text, new_text in (
            (pgettext("part of a reworded question", "question"), was.text, q.text),
            (pgettext("part of a reworded question", "guidance"), was.guidance, q.guidance),
            (
                pgettext("part of a reworded question", "report when met"),
                was.met_wording,
                q.met_wording,
            ),
            (
                pgettext("part of a reworded question", "report when not met"),
                was.not_met_wording,
                q.not_met_wording,
            ),
            (pgettext("part of a reworded question", "applies to"), was.applies_to, q.applies_to),
        ):
            if old_text != new_text:
                reworded.append(Reworded(q, field, word_diff(old_text, new_text)))
        if was.paragraph != q.paragraph:
            moved.append((q, was.paragraph))
    return Comparison(
        added=tuple(q for q in new.questions if q.id not in before),
        removed=tuple(q for q in old.questions if q.id not in after),
        reworded=tuple(reworded),
        moved=tuple(moved),
    )
