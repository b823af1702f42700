"""Forms of the findings pages: the rating of one standard judged by the inspectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from casescreen.domain.ratings import RatingRules
from casescreen.frameworks.loader import Paragraph
from casescreen.lib.fields import PlainTextField

KEY_FINDINGS_MAX_CHARS = 10_000


def dom_id(standard: str) -> str:
    """The id a standard's section and fields are named by on a page: "1.1" is "s1-1"."""
    return "s" + standard.replace(".", "-")


class StandardJudgementForm(forms.Form):
    """One standard's rating and key findings; the standard comes from the page's URL
    form's hidden field, checked against the framework by the service."""

    standard = forms.CharField(max_length=20, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, paragraph: Paragraph, rules: RatingRules, **kwargs: Any):
        # Each standard's form is on the same page: its fields' ids start with its own.
        dom = dom_id(paragraph.id)
        kwargs.setdefault("auto_id", f"{dom}-%s")
        super().__init__(*args, **kwargs)
        self.paragraph = paragraph
        self.fields["rating"] = forms.ChoiceField(
            label=_("Rating for %(standard)s %(title)s")
            % {"standard": paragraph.id, "title": paragraph.title},
            choices=[(band.id, band.label) for band in rules.scale],
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Select a rating for standard %(standard)s")
                % {"standard": paragraph.id},
                "invalid_choice": _("Select one of the listed ratings for standard %(standard)s")
                % {"standard": paragraph.id},
            },
        )
        self.fields["key_findings"] = PlainTextField(
            label=_("Key findings for %(standard)s") % {"standard": paragraph.id},
            max_length=KEY_FINDINGS_MAX_CHARS,
            help_text=_("The evidence that supports the rating, as the report will summarise it."),
            widget=forms.Textarea(attrs={"rows": 5, "id": f"{dom}-key-findings"}),
            error_messages={
                "required": _("Enter the key findings for standard %(standard)s")
                % {"standard": paragraph.id},
                "max_length": _(
                    "The key findings for standard %(standard)s must be %(max)s characters or fewer"
                )
                % {"standard": paragraph.id, "max": f"{KEY_FINDINGS_MAX_CHARS:,}"},
            },
        )
