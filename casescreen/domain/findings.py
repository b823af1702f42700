"""Judgements into findings: per-question tallies.

Tallying rule: only complete assessments count (incomplete ones are listed in
``excluded_refs`` and counted only in ``total``). For each question a complete case
is exactly one of: not applicable (question id not in its ``applicable`` set), met
("yes"), not met ("no"), or unanswered (any other or missing answer). The
denominator ``applicable`` is met + not met: an unanswered question is neither
evidence for nor against, so it stays out of the share that is put into words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from casescreen.domain.quantifiers import Vocabulary, describe, describe_failing
from casescreen.domain.statistics import is_disclosive, wilson_interval

# How a question is put into words: "quantified" shares ("in all but two cases") or
# "count" of events stated as a number ("in seven cases there was a speedy return").
QUANTIFIED, COUNT = "quantified", "count"


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    paragraph: str
    theme: str
    style: str = QUANTIFIED


class CaseJudgements(NamedTuple):
    """One case as tallied: a tuple, because findings build one per sampled case."""

    reference: str
    complete: bool
    applicable: frozenset[str]
    answers: Mapping[str, str]


@dataclass(frozen=True)
class QuestionTally:
    question_id: str
    paragraph: str
    theme: str
    applicable: int
    met: int
    not_met: int
    not_applicable: int
    unanswered: int
    met_refs: tuple[str, ...]
    not_met_refs: tuple[str, ...]
    not_applicable_refs: tuple[str, ...]
    unanswered_refs: tuple[str, ...]
    style: str = QUANTIFIED

    def phrase(self, vocabulary: Vocabulary) -> str | None:
        """The words for the tally, or None when no case applies.

        A quantified question gets the quantifier for met of applicable ("all but
        two"); a count question states the number of cases met in words ("seven"),
        because the report counts events rather than judging a share.
        """
        if self.applicable == 0:
            return None
        if self.style == COUNT:
            return vocabulary.numerals.word(self.met)
        return describe(self.met, self.applicable, vocabulary=vocabulary)

    def failing_phrase(self, vocabulary: Vocabulary) -> str | None:
        """Negative framing of the not-met share ("too many"), or None (see describe_failing)."""
        if self.applicable == 0 or self.style == COUNT:
            return None
        return describe_failing(self.not_met, self.applicable, vocabulary)

    def wilson(self) -> tuple[float, float] | None:
        """95% Wilson interval for the met share, or None when no case applies."""
        if self.applicable == 0:
            return None
        return wilson_interval(self.met, self.applicable)

    def disclosive(self, threshold: int = 3) -> bool:
        """True when the applicable group is too small to describe (see is_disclosive)."""
        return is_disclosive(self.applicable, threshold)


@dataclass(frozen=True)
class Tallies:
    questions: tuple[QuestionTally, ...]
    completed: int
    total: int
    excluded_refs: tuple[str, ...]

    def _group(self, key: Literal["paragraph", "theme"]) -> dict[str, tuple[QuestionTally, ...]]:
        groups: dict[str, list[QuestionTally]] = {}
        for question in self.questions:
            groups.setdefault(getattr(question, key), []).append(question)
        return {name: tuple(items) for name, items in groups.items()}

    def by_paragraph(self) -> Mapping[str, tuple[QuestionTally, ...]]:
        """Tallies grouped by paragraph, in order of first appearance in the question set."""
        return self._group("paragraph")

    def by_theme(self) -> Mapping[str, tuple[QuestionTally, ...]]:
        """Tallies grouped by theme, in order of first appearance in the question set."""
        return self._group("theme")


def tally(questions: Sequence[QuestionSpec], cases: Iterable[CaseJudgements]) -> Tallies:
    """Tally judgements per question under the module's tallying rule; refs are sorted."""
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError("question ids must be unique")
    for question in questions:
        if question.style not in (QUANTIFIED, COUNT):
            raise ValueError(f"question {question.id}: unknown style {question.style!r}")
    all_cases = list(cases)
    # Sorting the cases once keeps every group of references in order.
    complete = sorted((c for c in all_cases if c.complete), key=lambda c: c.reference)
    excluded = tuple(sorted(c.reference for c in all_cases if not c.complete))
    # One pass over the cases and questions: met, not met, unanswered, not applicable.
    groups: list[tuple[list[str], ...]] = [([], [], [], []) for _ in ids]
    column = {"yes": 0, "no": 1}  # anything else is unanswered (2); not applicable is 3
    pairs = list(zip(ids, groups, strict=True))
    for reference, _, applicable, answers in complete:
        for qid, group in pairs:
            if qid in applicable:
                group[column.get(answers.get(qid, ""), 2)].append(reference)
            else:
                group[3].append(reference)
    result = []
    for question, group in zip(questions, groups, strict=True):
        met, not_met, unanswered, na = (tuple(refs) for refs in group)
        result.append(
            QuestionTally(
                question_id=question.id,
                paragraph=question.paragraph,
                theme=question.theme,
                applicable=len(met) + len(not_met),
                met=len(met),
                not_met=len(not_met),
                not_applicable=len(na),
                unanswered=len(unanswered),
                met_refs=met,
                not_met_refs=not_met,
                not_applicable_refs=na,
                unanswered_refs=unanswered,
                style=question.style,
            )
        )
    return Tallies(tuple(result), len(complete), len(all_cases), excluded)
