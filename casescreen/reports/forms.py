"""Forms for the report: they validate and convert; the services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casescreen.lib.forms import CharacterCount
from casescreen.reports.models import Report

MAX_PARAGRAPH = 20_000
COMMENT_MAX = 5000


def _too_long(label: str) -> str:
    """The message naming the text that is too long (a "%" in it escaped, since Django
    fills the message in)."""
    message = _("%(label)s must be %(count)s characters or fewer") % {
        "label": label,
        "count": f"{MAX_PARAGRAPH:,}",
    }
    return message.replace("%", "%%")


class SectionForm(forms.Form):
    """One textarea per paragraph of a section, the practice examples to quote and, while
    the report can change, the framework's questions each paragraph reports on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Sent only by a page that shows the links, so a page without them (or an older
    # one) leaves every paragraph's questions as they are; an empty group of
    # checkboxes sends nothing, which otherwise could not be told from "no page".
    linking = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        section: dict[str, Any],
        examples: list[tuple[int, str]],
        questions: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.quote_keys: list[str] = []
        self.link_keys: list[str] = []
        if questions:
            self.fields["linking"].initial = True
        if section["kind"] == "bullets":
            # Proposals come from the findings; the lead inspector adds their own.
            self.fields["added"] = forms.CharField(
                label=_("Add an item of your own"),
                help_text=_(
                    "One sentence, in the style of the others. It is kept when the "
                    "proposals are refreshed from the findings."
                ),
                required=False,
                max_length=MAX_PARAGRAPH,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"max_length": _too_long(_("Your item"))},
            )
        for index, paragraph in enumerate(section["paragraphs"], start=1):
            key = paragraph["key"]
            label = (
                _("Paragraph %(number)s") % {"number": paragraph["number"]}
                if paragraph["number"]
                else paragraph["title"]
                or (
                    _("Item %(index)s") % {"index": index}
                    if section["kind"] == "bullets"
                    else _("Text")
                )
            )
            self.fields[f"text:{key}"] = forms.CharField(
                label=f"{label}: {paragraph['title']}" if paragraph["title"] else label,
                help_text=_paragraph_hint(paragraph),
                required=False,
                max_length=MAX_PARAGRAPH,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=paragraph["text"],
                error_messages={"max_length": _too_long(label)},
            )
            if paragraph["number"] and examples:
                self.quote_keys.append(key)
                self.fields[f"quotes:{key}"] = forms.TypedMultipleChoiceField(
                    label=_("Practice examples to quote in paragraph %(number)s")
                    % {"number": paragraph["number"]},
                    required=False,
                    coerce=int,
                    choices=examples,
                    widget=forms.CheckboxSelectMultiple,
                    initial=[q["example_id"] for q in paragraph["quotes"]],
                )
            if questions:
                self.link_keys.append(key)
                self.fields[f"links:{key}"] = forms.MultipleChoiceField(
                    label=_("Questions this paragraph reports on"),
                    required=False,
                    choices=questions,
                    widget=forms.CheckboxSelectMultiple,
                    initial=list(paragraph["questions"]),
                    error_messages={
                        "invalid_choice": _("%(label)s: select only questions that are listed")
                        % {"label": label}
                    },
                )

    def texts(self) -> dict[str, str]:
        return {
            name.split(":", 1)[1]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("text:")
        }

    def links(self) -> dict[str, list[str]] | None:
        """The questions ticked for each paragraph, or None when the page showed none."""
        if not self.cleaned_data.get("linking"):
            return None
        return {key: list(self.cleaned_data.get(f"links:{key}", [])) for key in self.link_keys}

    def added_text(self) -> str:
        return str(self.cleaned_data.get("added", "")).strip()

    def quotes(self) -> dict[str, list[int]]:
        return {
            name.split(":", 1)[1]: list(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("quotes:")
        }


def _paragraph_hint(paragraph: dict[str, Any]) -> str:
    """What a paragraph was generated from the findings, or what it should say."""
    if paragraph.get("generated_text"):
        text = paragraph["generated_text"]
        if paragraph.get("edited"):
            return _("Edited. Generated from the findings: %(text)s") % {"text": text}
        return _("Generated from the findings: %(text)s") % {"text": text}
    return str(paragraph.get("prompt") or "")


class TransitionForm(forms.Form):
    to = forms.ChoiceField(
        choices=[c for c in Report.Status.choices if c[0] != Report.Status.PUBLISHED]
    )
    # Why the report goes for its factual accuracy check with quality assurance queries open.
    reason = forms.CharField(max_length=5000, required=False)


class OverrideForm(forms.Form):
    problem_key = forms.CharField(max_length=200)
    reason = forms.CharField(
        max_length=2000,
        error_messages={
            "required": gettext_lazy("Enter the reason for publishing despite this problem")
        },
    )


class CommentForm(forms.Form):
    """A comment on a paragraph, or the lead inspector's reply to one (``parent``). The
    report page writes its own small forms; a comment it refuses is shown again with this
    form, so that nothing typed is lost."""

    paragraph_key = forms.CharField(max_length=100, widget=forms.HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=COMMENT_MAX,
        error_messages={"required": gettext_lazy("Enter your comment")},
        widget=CharacterCount(attrs={"rows": 5}),
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class AnnexForm(forms.Form):
    include = forms.BooleanField(required=False)


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1, label=gettext_lazy("Earlier version"))
    b = forms.IntegerField(min_value=1, label=gettext_lazy("Later version"))
