"""Forms for the report: they validate and convert; the services save."""

from __future__ import annotations

from typing import Any

from django import forms

from casescreen.reports.models import Report

MAX_PARAGRAPH = 20_000


class SectionForm(forms.Form):
    """One textarea per paragraph of a section, and the practice examples to quote."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self, *args: Any, section: dict[str, Any], examples: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.quote_keys: list[str] = []
        for paragraph in section["paragraphs"]:
            key = paragraph["key"]
            label = (
                f"Paragraph {paragraph['number']}"
                if paragraph["number"]
                else paragraph["title"] or "Text"
            )
            self.fields[f"text:{key}"] = forms.CharField(
                label=label,
                required=False,
                max_length=MAX_PARAGRAPH,
                widget=forms.Textarea(attrs={"rows": 6, "class": "govuk-textarea"}),
                initial=paragraph["text"],
            )
            if paragraph["number"] and examples:
                self.quote_keys.append(key)
                self.fields[f"quotes:{key}"] = forms.TypedMultipleChoiceField(
                    label=f"Practice examples to quote in paragraph {paragraph['number']}",
                    required=False,
                    coerce=int,
                    choices=examples,
                    widget=forms.CheckboxSelectMultiple,
                    initial=[q["example_id"] for q in paragraph["quotes"]],
                )

    def texts(self) -> dict[str, str]:
        return {
            name.split(":", 1)[1]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("text:")
        }

    def quotes(self) -> dict[str, list[int]]:
        return {
            name.split(":", 1)[1]: list(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("quotes:")
        }


class TransitionForm(forms.Form):
    to = forms.ChoiceField(
        choices=[c for c in Report.Status.choices if c[0] != Report.Status.PUBLISHED]
    )


class OverrideForm(forms.Form):
    problem_key = forms.CharField(max_length=200)
    reason = forms.CharField(
        max_length=2000,
        error_messages={"required": "Enter the reason for publishing despite this problem"},
    )


class CommentForm(forms.Form):
    paragraph_key = forms.CharField(max_length=40)
    text = forms.CharField(
        max_length=5000, error_messages={"required": "Enter your comment"}, widget=forms.Textarea
    )
    parent = forms.IntegerField(required=False, min_value=1)


class AnnexForm(forms.Form):
    include = forms.BooleanField(required=False)


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1, label="Earlier version")
    b = forms.IntegerField(min_value=1, label="Later version")
