"""Forms of blind double assessment: they validate and convert; services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.assessments.forms import EVIDENCE_MAX_CHARS
from casescreen.lib.fields import PlainTextField

REASON_MAX_CHARS = 2_000


class ChooseForm(forms.Form):
    """Choose cases by hand, or draw a seeded random share, for a named second inspector."""

    how = forms.ChoiceField(
        label=gettext_lazy("How to choose the cases"),
        choices=[
            ("random", gettext_lazy("A random one in five")),
            ("hand", gettext_lazy("The cases I tick")),
        ],
        error_messages={"required": gettext_lazy("Select how to choose the cases")},
    )
    second_inspector = forms.TypedChoiceField(
        label=gettext_lazy("Second inspector"),
        coerce=int,
        error_messages={
            "required": gettext_lazy("Select the second inspector"),
            "invalid_choice": gettext_lazy("Select a second inspector from the list"),
        },
    )
    cases = forms.MultipleChoiceField(
        label=gettext_lazy("Cases"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "govuk-select", "size": 8}),
        error_messages={"invalid_choice": gettext_lazy("Select cases from the list")},
    )
    seed = forms.IntegerField(
        label=gettext_lazy("Seed of the random choice"),
        required=False,
        min_value=0,
        max_value=2**62,
        # GOV.UK asks for a number in a text input: a number input changes on a scroll.
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "inputmode": "numeric"}),
        error_messages={
            "invalid": gettext_lazy("The seed must be a whole number"),
            "min_value": gettext_lazy("The seed must be 0 or more"),
            "max_value": gettext_lazy("The seed is too large"),
        },
    )

    def __init__(self, *args: Any, members: list[Any], cases: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        second = self.fields["second_inspector"]
        assert isinstance(second, forms.TypedChoiceField)  # noqa: S101
        second.choices = [("", gettext("Select an inspector"))] + [
            (u.pk, u.display_name) for u in members
        ]
        chosen = self.fields["cases"]
        assert isinstance(chosen, forms.MultipleChoiceField)  # noqa: S101
        chosen.choices = [(c, c) for c in cases]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == "hand" and not data.get("cases"):
            self.add_error("cases", gettext("Select at least one case"))
        return data


class SecondThemeForm(forms.Form):
    """The answers of one theme, for the questions that apply to the case.

    Its fields are named and identified by question, ``<question id>-value`` and
    ``<question id>-evidence``, as on the first assessment's theme page."""

    def __init__(
        self, *args: Any, questions: list[Any], initial_answers: dict[str, Any], **kwargs: Any
    ):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            given = initial_answers.get(question.id)
            self.fields[f"{question.id}-value"] = forms.ChoiceField(
                label=f"{question.paragraph} {question.text}",
                help_text=question.guidance,
                choices=list(question.scale),
                required=False,
                widget=forms.RadioSelect,
                initial=given.value if given else "",
                error_messages={
                    "invalid_choice": gettext("Choose an answer to question %(paragraph)s")
                    % {"paragraph": question.paragraph}
                },
            )
            self.fields[f"{question.id}-evidence"] = PlainTextField(
                label=gettext("Evidence"),
                required=False,
                max_length=EVIDENCE_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=given.evidence if given else "",
                error_messages={
                    "max_length": gettext(
                        "The evidence for question %(paragraph)s must be "
                        "%(evidence_max_chars)s characters or fewer"
                    )
                    % {
                        "paragraph": question.paragraph,
                        "evidence_max_chars": f"{EVIDENCE_MAX_CHARS:,}",
                    }
                },
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(q, self[f"{q.id}-value"], self[f"{q.id}-evidence"]) for q in self.questions]

    def answers(self) -> list[tuple[str, str, str]]:
        return [
            (
                q.id,
                self.cleaned_data.get(f"{q.id}-value") or "",
                (self.cleaned_data.get(f"{q.id}-evidence") or "").replace("\r\n", "\n"),
            )
            for q in self.questions
        ]


class ReconcileForm(forms.Form):
    question_id = forms.CharField(max_length=60, widget=forms.HiddenInput)
    value = forms.ChoiceField(
        label=gettext_lazy("The answer that counts"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the answer that counts"),
            "invalid_choice": gettext_lazy("Select Yes or No as the answer that counts"),
        },
    )
    reason = PlainTextField(
        label=gettext_lazy("Why this answer"),
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Enter why this is the answer that counts"),
            "max_length": format_lazy(
                gettext_lazy("The reason must be {count} characters or fewer"),
                count=f"{REASON_MAX_CHARS:,}",
            ),
        },
    )
