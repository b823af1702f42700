from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casescreen.domain.findings import (
    CaseJudgements,
    QuestionSpec,
    tally,
)
from casescreen.domain.quantifiers import PERCENT
from casescreen.frameworks.vocabularies import get_vocabulary

SQS = get_vocabulary("sqs")

QUESTIONS = (
    QuestionSpec("why", "1.1", "Reducing reoffending"),
    QuestionSpec("psr", "1.2", "Reducing reoffending"),
    QuestionSpec("risk", "2.2", "Protecting the public"),
    QuestionSpec("placed", "AfI", "Protecting the public"),
)


def case(ref: str, answers: dict[str, str], *, complete: bool = True) -> CaseJudgements:
    return CaseJudgements(ref, complete, frozenset(answers), answers)


def test_tally_sorts_each_case_into_one_bucket() -> None:
    cases = [
        case("C03", {"why": "yes", "psr": "yes", "risk": "no"}),
        case("C01", {"why": "yes", "psr": "no", "risk": "maybe"}),
        case("C02", {"why": "no", "risk": ""}),
        case("C04", {"why": "no"}, complete=False),
    ]
    result = tally(QUESTIONS, cases)
    why, psr, risk, placed = result.questions
    assert (result.completed, result.total, result.excluded_refs) == (3, 4, ("C04",))
    assert (why.met_refs, why.not_met_refs) == (("C01", "C03"), ("C02",))
    assert (why.applicable, why.met, why.not_met) == (3, 2, 1)
    assert (psr.met_refs, psr.not_met_refs, psr.not_applicable_refs) == (
        ("C03",),
        ("C01",),
        ("C02",),
    )
    assert (risk.applicable, risk.unanswered_refs, risk.not_met_refs) == (
        1,
        ("C01", "C02"),
        ("C03",),
    )
    assert (placed.applicable, placed.not_applicable) == (0, 3)
    assert placed.phrase(SQS) is None and placed.wilson() is None
    assert why.phrase(SQS) == "two of the three"
    assert why.phrase(PERCENT) == "67%"
    assert why.disclosive() is False and risk.disclosive() is True


def test_seed_paragraph_phrases() -> None:
    cases = [case(f"C{i:02}", {"why": "yes" if i > 2 else "no"}) for i in range(1, 34)]
    (why, *_) = tally(QUESTIONS, cases).questions
    assert why.phrase(SQS) == "all but two"
    low, high = why.wilson() or (0.0, 0.0)
    assert low < 31 / 33 < high


def test_groupings_follow_question_order() -> None:
    result = tally(QUESTIONS, [])
    assert list(result.by_paragraph()) == ["1.1", "1.2", "2.2", "AfI"]
    by_theme = result.by_theme()
    assert list(by_theme) == ["Reducing reoffending", "Protecting the public"]
    assert [q.question_id for q in by_theme["Protecting the public"]] == ["risk", "placed"]


def test_duplicate_question_ids_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        tally([QUESTIONS[0], QUESTIONS[0]], [])


ANSWERS = st.sampled_from(["yes", "no", "", "unsure"])
QIDS = [q.id for q in QUESTIONS]


@st.composite
def case_lists(draw: st.DrawFn) -> list[CaseJudgements]:
    n = draw(st.integers(0, 30))
    result = []
    for i in range(n):
        applicable = frozenset(draw(st.sets(st.sampled_from(QIDS))))
        answers = draw(st.dictionaries(st.sampled_from(QIDS), ANSWERS))
        result.append(CaseJudgements(f"R{i:03}", draw(st.booleans()), applicable, answers))
    return result


@settings(deadline=None)  # generating case lists is slow on a busy machine
@given(case_lists())
def test_buckets_partition_completed_cases(cases: list[CaseJudgements]) -> None:
    result = tally(QUESTIONS, cases)
    completed = sorted(c.reference for c in cases if c.complete)
    assert result.completed == len(completed) and result.total == len(cases)
    assert sorted(completed + list(result.excluded_refs)) == sorted(c.reference for c in cases)
    for q in result.questions:
        assert q.met + q.not_met + q.not_applicable + q.unanswered == result.completed
        assert q.applicable == q.met + q.not_met
        refs = q.met_refs + q.not_met_refs + q.not_applicable_refs + q.unanswered_refs
        assert sorted(refs) == completed
        for group in (q.met_refs, q.not_met_refs, q.not_applicable_refs, q.unanswered_refs):
            assert list(group) == sorted(group)


COUNTED = (
    QuestionSpec("response", "4.5", "Ensuring the sentence is served"),
    QuestionSpec("court", "4.5", "Ensuring the sentence is served", style="count"),
)


def test_count_question_is_stated_as_a_number() -> None:
    cases = [
        case(
            f"C{i:02}", {"response": "no" if i == 1 else "yes", "court": "yes" if i <= 7 else "no"}
        )
        for i in range(1, 13)
    ]
    response, court = tally(COUNTED, cases).questions
    assert (court.met, court.applicable, court.style) == (7, 12, "count")
    assert court.phrase(SQS) == "seven"
    assert court.phrase(PERCENT) == "seven"
    assert court.failing_phrase(SQS) is None
    assert response.phrase(SQS) == "all but one"
    assert response.failing_phrase(SQS) == "a minority"


def test_failing_phrase_of_area_for_improvement() -> None:
    cases = [case(f"C{i}", {"placed": "yes" if i <= 2 else "no"}) for i in range(1, 6)]
    placed = tally(QUESTIONS, cases).questions[3]
    assert (placed.not_met, placed.applicable) == (3, 5)
    assert placed.failing_phrase(SQS) == "too many"


def test_unknown_style_rejected() -> None:
    with pytest.raises(ValueError, match="unknown style 'tally'"):
        tally([QuestionSpec("x", "1.1", "t", style="tally")], [])
