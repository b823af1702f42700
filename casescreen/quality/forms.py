"""Forms of quality assurance: they check and convert; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy

# How much of a question an option of the "about" list shows: a select cannot wrap.
ABOUT_CHARS = 110


class QueryForm(forms.Form):
    about = forms.ChoiceField(
        label=gettext_lazy("What is the query about?"),
        error_messages={
            "required": gettext_lazy("Choose the question or case fact the query is about"),
            "invalid_choice": gettext_lazy(
                "Choose a question or case fact of the framework the query is about"
            ),
        },
    )
    text = forms.CharField(
        label=gettext_lazy("Your query"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Enter your query")},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Choose one")),
            *((value, Truncator(label).chars(ABOUT_CHARS)) for value, label in choices),
        ]


class ReplyForm(forms.Form):
    """A reply to one query; its ids and label name the query, as a page may show several."""

    text = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Enter your reply")},
    )

    def __init__(self, *args: Any, query_pk: int, about: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"reply-{query_pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["text"].label = format_html(
            gettext('Your reply<span class="govuk-visually-hidden"> to the query on {}</span>'),
            about,
        )


class StatusForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("start", gettext_lazy("Start the review")),
            ("return", gettext_lazy("Return")),
            ("agree", gettext_lazy("Agree")),
        ],
        error_messages={
            "required": gettext_lazy("Choose what to do"),
            "invalid_choice": gettext_lazy("Choose what to do"),
        },
    )


class AssurerForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("add", gettext_lazy("Add")), ("remove", gettext_lazy("Remove"))],
        error_messages={
            "required": gettext_lazy("Choose what to do"),
            "invalid_choice": gettext_lazy("Choose what to do"),
        },
    )
    member = forms.TypedChoiceField(
        label=gettext_lazy("Name an inspector as quality assurer"),
        coerce=int,
        error_messages={
            "required": gettext_lazy("Choose an inspector of this inspection's team"),
            "invalid_choice": gettext_lazy("Choose an inspector of this inspection's team"),
        },
    )

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Choose an inspector")),
            *((m.pk, m.display_name) for m in members),
        ]
