"""Input no honest page sends, on every page of a case: a 400 saying what is wrong, and no change.

Control characters in text (PostgreSQL refuses a NUL byte outright), numbers out of the
database's range or not numbers at all, and malformed case references or ids in the web
address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case

Q = "q1_1_offending_understood"
TOO_LARGE = str(2**63)


def _address(name: str, case_ref: str | None = None, *extra: object) -> Callable[[Any], str]:
    def build(case: Any) -> str:
        return reverse(name, args=[case.inspection.reference, case_ref or case.reference, *extra])

    return build


def _answer(**changes: str) -> Callable[[Any], dict[str, str]]:
    def build(case: Any) -> dict[str, str]:
        post = {"case_reference": case.reference, "question_id": Q, "value": "yes"}
        return {**post, "evidence": "", "version": "1", **changes}

    return build


def _theme(**changes: str) -> Callable[[Any], dict[str, str]]:
    def build(case: Any) -> dict[str, str]:
        post = {"case_reference": case.reference, f"{Q}-value": "yes", f"{Q}-version": "1"}
        return {**post, f"{Q}-evidence": "", **changes}

    return build


def _example(**changes: str) -> Callable[[Any], dict[str, str]]:
    return lambda case: {"paragraph": "1.1", "pseudonym": "Sam", "text": "Seen weekly.", **changes}


def _facts(**changes: str) -> Callable[[Any], dict[str, str]]:
    def build(case: Any) -> dict[str, str]:
        opened = {**case.facts(), "case_manager_present": False}
        post = {f"original_{name}": str(value) for name, value in opened.items()}
        return {**post, "sentence_type": "referral_order", **changes}

    return build


def _nothing(case: Any) -> dict[str, str]:
    return {}


BAD_REQUESTS = [
    # Text fields.
    ("post", _address("answer_save"), _answer(evidence="Note\x00"), "control character (U+0000)"),
    ("post", _address("answer_save"), _answer(evidence="\x1b[31m"), "control character (U+001B)"),
    ("post", _address("answer_save"), _answer(case_reference="TS\x00"), "case reference sent"),
    ("post", _address("answer_save"), _answer(question_id="q\x00"), "There is no question"),
    ("post", _address("theme", None, "1"), _theme(**{f"{Q}-evidence": "a\x00"}), "(U+0000)"),
    ("post", _address("theme", None, "1"), _theme(**{f"{Q}-evidence": "a\x7f"}), "(U+007F)"),
    ("post", _address("theme", None, "1"), _theme(case_reference="\x00"), "case reference sent"),
    ("post", _address("practice_examples"), _example(pseudonym="Sam\x00"), "(U+0000)"),
    ("post", _address("practice_examples"), _example(pseudonym="Sa\nm"), "(U+000A)"),
    ("post", _address("practice_examples"), _example(text="Seen\x08 weekly"), "(U+0008)"),
    ("post", _address("case_facts"), _facts(sentence_type="\x00"), "Select a sentence type"),
    # Numbers.
    ("post", _address("answer_save"), _answer(version=TOO_LARGE), "is too large"),
    ("post", _address("answer_save"), _answer(version="-1"), "cannot be negative"),
    ("post", _address("answer_save"), _answer(version="1e3"), "is not a number"),
    ("post", _address("theme", None, "1"), _theme(**{f"{Q}-version": TOO_LARGE}), "too large"),
    ("post", _address("theme", None, "1"), _theme(**{f"{Q}-version": "-5"}), "cannot be negative"),
    ("post", _address("theme", None, "1"), _theme(**{f"{Q}-version": "one"}), "not a number"),
    ("post", _address("check_answers"), lambda case: {"version": TOO_LARGE}, "is too large"),
    ("post", _address("check_answers"), lambda case: {"version": "-1"}, "cannot be negative"),
    ("post", _address("check_answers"), lambda case: {"version": "x"}, "is not a number"),
    ("post", _address("case_facts"), _facts(original_looked_after="\x00"), "opened with"),
    ("post", _address("case_facts"), _facts(original_rosh_level="huge"), "opened with"),
    # The web address.
    ("get", _address("case", "TS\x00"), _nothing, "control character (U+0000)"),
    ("get", _address("theme", "TS\x07", "1"), _nothing, "control character (U+0007)"),
    ("get", _address("case_facts", "T" * 51), _nothing, "at most 50"),
    ("post", _address("answer_save", "T" * 10_000), _answer(), "at most 50"),
    ("post", _address("case_facts", "\x00"), _facts(), "control character (U+0000)"),
    ("post", _address("practice_example_delete", None, TOO_LARGE), _nothing, "is too large"),
    ("post", _address("practice_example_delete", None, "-1"), _nothing, "not a whole number"),
    ("post", _address("practice_example_delete", None, "abc"), _nothing, "not a whole number"),
]


def _state(case: Any) -> object:
    """Everything a page of the case could write."""
    return (
        list(Answer.objects.filter(assessment__case=case).values()),
        list(PracticeExample.objects.filter(assessment__case=case).values()),
        list(Assessment.objects.filter(case=case).values()),
        list(Case.objects.filter(pk=case.pk).values()),
        AuditEvent.objects.exclude(action="view").count(),
    )


@pytest.mark.parametrize(
    ("method", "address", "data", "message"),
    BAD_REQUESTS,
    ids=[f"{n}-{message}" for n, (*_, message) in enumerate(BAD_REQUESTS)],
)
def test_bad_input_is_refused_with_400_naming_it_and_nothing_changes(
    case: Any,
    inspector: Any,
    as_user: Any,
    save_answer: Any,
    method: str,
    address: Callable[[Any], str],
    data: Callable[[Any], dict[str, str]],
    message: str,
) -> None:
    client = as_user(inspector)
    assert save_answer(client, case, Q, "no", evidence="Kept as it was").status_code == 200
    assessment = Assessment.objects.get(case=case)
    PracticeExample.objects.create(assessment=assessment, paragraph="1.1", text="Seen weekly.")
    before = _state(case)
    response = getattr(client, method)(address(case), data(case))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Traceback" not in body
    assert _state(case) == before
