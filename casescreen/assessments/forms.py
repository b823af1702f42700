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
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.accounts.kept_post import SENDER_FIELD
from casescreen.assessments.services import AnswerInput
from casescreen.cases.models import Case
from casescreen.frameworks import Framework
from casescreen.frameworks.texts import Language, html_lang
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
PAGE_FIELDS = frozenset({"csrfmiddlewaretoken", "case_reference", "action", SENDER_FIELD})


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
        raise BadInput(
            gettext("The case reference sent with the answers is not valid: nothing was saved.")
        )
    raise BadInput(
        gettext("The answer names case %(value)s, not case %(case_reference)s: nothing was saved.")
        % {"value": f"{named or '(none)'!s}", "case_reference": case_reference}
    )


def _answer(
    framework: Framework, question_id: str, value: str, evidence: str, version: str
) -> AnswerInput:
    try:
        question = framework.question(question_id)
    except KeyError:
        raise BadInput(
            gettext("There is no question %(question_id)s in this question set: nothing was saved.")
            % {"question_id": f"{question_id[:60]!r}"}
        ) from None
    if value and value not in question.values:
        raise BadInput(
            gettext(
                "%(value)s is not an answer to question %(paragraph)s (choose "
                "%(join)s): nothing was saved."
            )
            % {
                "value": f"{value[:40]!r}",
                "paragraph": question.paragraph,
                "join": gettext(" or ").join(str(label) for _, label in question.scale),
            },
            field=f"{question_id}-value",
        )
    # A browser sends each line break of a form's textarea as two characters (CRLF); its
    # character count, as the page script, counts one.
    evidence = evidence.replace("\r\n", "\n")
    if len(evidence) > EVIDENCE_MAX_CHARS:
        raise BadInput(
            gettext(
                "The evidence for question %(paragraph)s is %(evidence)s characters; "
                "the limit is %(evidence_max_chars)s: nothing was saved."
            )
            % {
                "paragraph": question.paragraph,
                "evidence": f"{len(evidence):,}",
                "evidence_max_chars": f"{EVIDENCE_MAX_CHARS:,}",
            },
            field=f"{question_id}-evidence",
        )
    try:
        refuse_control_characters(
            evidence,
            label=gettext("The evidence for question %(paragraph)s")
            % {"paragraph": question.paragraph},
            multiline=True,
        )
    except ValidationError as exc:
        raise BadInput(f"{exc.messages[0]}.", field=f"{question_id}-evidence") from None
    try:
        based_on = clean_version(version or "0")
    except ValidationError as exc:
        message = exc.messages[0]
        raise BadInput(
            gettext("Question %(paragraph)s: %(message)s.")
            % {"paragraph": question.paragraph, "message": message[0].lower() + message[1:]},
            field=f"{question_id}-value",
        ) from None
    return AnswerInput(question_id, value, evidence, based_on)


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
            raise BadInput(
                gettext("Unexpected field %(key)s: nothing was saved.") % {"key": f"{key[:60]!r}"}
            )
        values = post.getlist(key)
        if len(values) != 1:
            raise BadInput(
                gettext("The field %(key)s was sent more than once: nothing was saved.")
                % {"key": f"{key[:60]!r}"}
            )
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
            raise BadInput(
                gettext("Question %(question_id)s is not on this page: nothing was saved.")
                % {"question_id": f"{question_id!r}"}
            )
        keep = fields.get("keep", "mine")
        if keep not in ("mine", "theirs"):
            raise BadInput(gettext("Choose whether to keep your answer or theirs."))
        if keep == "mine":
            answers.append(answer)
    return answers


class PracticeExampleForm(forms.Form):
    paragraph = forms.ChoiceField(
        label=gettext_lazy("Report paragraph"),
        error_messages={
            "required": gettext_lazy("Select the report paragraph the example illustrates"),
            "invalid_choice": gettext_lazy("Select a report paragraph from the list"),
        },
    )
    pseudonym = PlainTextField(
        label=gettext_lazy("Changed first name"),
        help_text=gettext_lazy("The name the quote uses instead of the child's real name."),
        max_length=PSEUDONYM_MAX_CHARS,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={
            "required": gettext_lazy("Enter the changed first name used in the quote"),
            "max_length": format_lazy(
                gettext_lazy("The changed first name must be {count} characters or fewer"),
                count=PSEUDONYM_MAX_CHARS,
            ),
        },
    )
    text = PlainTextField(
        label=gettext_lazy("Quote"),
        max_length=QUOTE_MAX_CHARS,
        widget=CharacterCount(attrs={"rows": 6}),
        error_messages={
            "required": gettext_lazy("Enter the quote"),
            "max_length": format_lazy(
                gettext_lazy("The quote must be {count} characters or fewer"),
                count=f"{QUOTE_MAX_CHARS:,}",
            ),
        },
    )

    def __init__(
        self,
        *args: Any,
        framework: Framework,
        languages: tuple[str, ...] = ("en",),
        language: str = "en",
        **kwargs: Any,
    ) -> None:
        """``languages``: those the YOT's report is written in; with more than one, the
        inspector says which the quote is in (``language`` first chosen)."""
        super().__init__(*args, **kwargs)
        paragraph = self.fields["paragraph"]
        assert isinstance(paragraph, forms.ChoiceField)  # noqa: S101
        paragraph.choices = [("", gettext("Select a paragraph"))] + [
            (p.id, f"{p.id} {p.title}") for theme in framework.themes for p in theme.paragraphs
        ]
        if len(languages) > 1:
            self.fields["language"] = forms.ChoiceField(
                label=gettext("Language of the quote"),
                help_text=gettext(
                    "The report in the other language marks the quote as in this one."
                ),
                choices=[(code, Language(code).label) for code in languages],
                initial=language if language in languages else languages[0],
                widget=LanguageRadios,
                error_messages={"required": gettext("Select the language of the quote")},
            )


class LanguageRadios(forms.RadioSelect):
    """Radios naming languages, each name marked as in its own language ("Cymraeg" on an
    English page: WCAG 3.1.2, Language of Parts)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["label_lang"] = html_lang(str(option["value"]))
        return option


class CompleteForm(forms.Form):
    version = VersionField()


class ReopenForm(forms.Form):
    reason = PlainTextField(
        label=gettext_lazy("Why are you reopening the assessment?"),
        max_length=REOPEN_REASON_MAX_CHARS,
        widget=CharacterCount(attrs={"rows": 5}),
        error_messages={
            "required": gettext_lazy("Enter why you are reopening the assessment"),
            "max_length": format_lazy(
                gettext_lazy("The reason must be {count} characters or fewer"),
                count=f"{REOPEN_REASON_MAX_CHARS:,}",
            ),
        },
    )
