"""Forms of quality assurance: they check and convert; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

TEXT = {"rows": 4, "class": "govuk-textarea"}


class QueryForm(forms.Form):
    about = forms.ChoiceField(
        label="What is the query about?",
        error_messages={
            "required": "Choose the question or case fact the query is about",
            "invalid_choice": "Choose a question or case fact of the framework the query is about",
        },
    )
    text = forms.CharField(
        label="Your query",
        max_length=5000,
        widget=forms.Textarea(attrs=TEXT),
        error_messages={"required": "Enter your query"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "Choose one"), *choices]  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=5000,
        widget=forms.Textarea(attrs=TEXT),
        error_messages={"required": "Enter your reply"},
    )


class StatusForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("start", "Start the review"), ("return", "Return"), ("agree", "Agree")],
        error_messages={"required": "Choose what to do", "invalid_choice": "Choose what to do"},
    )


class AssurerForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("add", "Add"), ("remove", "Remove")],
        error_messages={"required": "Choose what to do", "invalid_choice": "Choose what to do"},
    )
    member = forms.TypedChoiceField(
        label="Inspector",
        coerce=int,
        error_messages={
            "required": "Choose an inspector of this inspection's team",
            "invalid_choice": "Choose an inspector of this inspection's team",
        },
    )

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [  # type: ignore[attr-defined]
            ("", "Choose an inspector"),
            *((m.pk, m.display_name) for m in members),
        ]
