"""Forms for assessment pages. They validate and convert; services save.

Limits are documented here and enforced for every way in (form or JSON):
an evidence note holds at most EVIDENCE_MAX_CHARS characters, a practice
example quote at most QUOTE_MAX_CHARS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from casescreen.assessments.services import AnswerInput
from casescreen.cases.models import Case
from casescreen.frameworks import Framework
from casescreen.lib.fields import (
    PlainTextField,
    VersionField,
    clean_version,
    control_character,
    refuse_control_characters,
)
from casescreen.lib.forms import CharacterCount

EVIDENCE_MAX_CHARS = 10_000
QUOTE_MAX_CHARS = 5_000
PSEUDONYM_MAX_CHARS = 60
REOPEN_REASON_MAX_CHARS = 2_000
FIELD_NAME = re.compile(r"^(?P<question>[a-z][a-z0-9_]*)-(?P<part>value|evidence|version|keep)$")
PAGE_FIELDS = frozenset({"csrfmiddlewaretoken", "case_reference", "action"})


class BadInput(Exception):
    """A post that cannot be saved: answer 400 and save nothing. ``field`` names the
    page's field at fault (``q1_1_offending_understood-evidence``), when one is."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _check_case(post: Mapping[str, Any], case_reference: str) -> None:
    named = str(post.get("case_reference", ""))
    if named == case_reference:
        return
    # Named in the message only when it could be a case reference.
    longest = Case._meta.get_field("reference").max_length or 0
    if control_character(named) is not None or len(named) > longest:
        raise BadInput("The case reference sent with the answers is not valid: nothing was saved.")
    raise BadInput(
        f"The answer names case {named or '(none)'!s}, not case {case_reference}: nothing was saved."
    )


def _answer(
    framework: Framework, question_id: str, value: str, evidence: str, version: str
) -> AnswerInput:
    try:
        question = framework.question(question_id)
    except KeyError:
        raise BadInput(
            f"There is no question {question_id[:60]!r} in this question set: nothing was saved."
        ) from None
    if value and value not in question.values:
        raise BadInput(
            f"{value[:40]!r} is not an answer to question {question.paragraph} "
            f"(choose {' or '.join(label for _, label in question.scale)}): nothing was saved.",
            field=f"{question_id}-value",
        )
    if len(evidence) > EVIDENCE_MAX_CHARS:
        raise BadInput(
            f"The evidence for question {question.paragraph} is {len(evidence):,} characters; "
            f"the limit is {EVIDENCE_MAX_CHARS:,}: nothing was saved.",
            field=f"{question_id}-evidence",
        )
    try:
        refuse_control_characters(
            evidence, label=f"The evidence for question {question.paragraph}", multiline=True
        )
    except ValidationError as exc:
        raise BadInput(f"{exc.messages[0]}.", field=f"{question_id}-evidence") from None
    try:
        based_on = clean_version(version or "0")
    except ValidationError as exc:
        message = exc.messages[0]
        raise BadInput(
            f"Question {question.paragraph}: {message[0].lower()}{message[1:]}.",
            field=f"{question_id}-value",
        ) from None
    return AnswerInput(question_id, value, evidence.replace("\r\n", "\n"), based_on)


def parse_answer_post(
    post: Mapping[str, Any], *, framework: Framework, case_reference: str
) -> AnswerInput:
    """One answer sent by the page script."""
    _check_case(post, case_reference)
    return _answer(
        framework,
        str(post.get("question_id", "")),
        str(post.get("value", "")),
        str(post.get("evidence", "")),
        str(post.get("version", "0")),
    )


def parse_theme_post(
    post: Any, *, framework: Framework, theme_id: str, case_reference: str
) -> list[AnswerInput]:
    """The answers of one theme page; a choice of "keep theirs" leaves that question out."""
    _check_case(post, case_reference)
    parts: dict[str, dict[str, str]] = {}
    for key in post:
        if key in PAGE_FIELDS:
            continue
        match = FIELD_NAME.match(key)
        if match is None:
            raise BadInput(f"Unexpected field {key[:60]!r}: nothing was saved.")
        values = post.getlist(key)
        if len(values) != 1:
            raise BadInput(f"The field {key[:60]!r} was sent more than once: nothing was saved.")
        parts.setdefault(match["question"], {})[match["part"]] = values[0]
    answers = []
    for question_id, fields in parts.items():
        answer = _answer(
            framework,
            question_id,
            fields.get("value", ""),
            fields.get("evidence", ""),
            fields.get("version", "0"),
        )
        if framework.question(question_id).theme != theme_id:
            raise BadInput(f"Question {question_id!r} is not on this page: nothing was saved.")
        keep = fields.get("keep", "mine")
        if keep not in ("mine", "theirs"):
            raise BadInput("Choose whether to keep your answer or theirs.")
        if keep == "mine":
            answers.append(answer)
    return answers


class PracticeExampleForm(forms.Form):
    paragraph = forms.ChoiceField(
        label="Report paragraph",
        error_messages={
            "required": "Select the report paragraph the example illustrates",
            "invalid_choice": "Select a report paragraph from the list",
        },
    )
    pseudonym = PlainTextField(
        label="Changed first name",
        help_text="The name the quote uses instead of the child's real name.",
        max_length=PSEUDONYM_MAX_CHARS,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={
            "required": "Enter the changed first name used in the quote",
            "max_length": f"The changed first name must be {PSEUDONYM_MAX_CHARS} characters or fewer",
        },
    )
    text = PlainTextField(
        label="Quote",
        max_length=QUOTE_MAX_CHARS,
        widget=CharacterCount(attrs={"rows": 6}),
        error_messages={
            "required": "Enter the quote",
            "max_length": f"The quote must be {QUOTE_MAX_CHARS:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        paragraph = self.fields["paragraph"]
        assert isinstance(paragraph, forms.ChoiceField)  # noqa: S101
        paragraph.choices = [("", "Select a paragraph")] + [
            (p.id, f"{p.id} {p.title}") for theme in framework.themes for p in theme.paragraphs
        ]


class CompleteForm(forms.Form):
    version = VersionField()


class ReopenForm(forms.Form):
    reason = PlainTextField(
        label="Why are you reopening the assessment?",
        max_length=REOPEN_REASON_MAX_CHARS,
        widget=CharacterCount(attrs={"rows": 5}),
        error_messages={
            "required": "Enter why you are reopening the assessment",
            "max_length": f"The reason must be {REOPEN_REASON_MAX_CHARS:,} characters or fewer",
        },
    )
