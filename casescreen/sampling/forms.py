"""Forms for importing a case list and for the sample; they validate and convert, nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from casescreen.cases import importing

MAX_SEED = 2**63 - 1
_ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _whole_number(width: int) -> forms.TextInput:
    """GOV.UK asks for numbers in a text input: a number input changes on a scroll."""
    return forms.TextInput(
        attrs={
            "class": f"govuk-input--width-{width}",
            "inputmode": "numeric",
            "spellcheck": "false",
        }
    )


class UploadForm(forms.Form):
    case_list = forms.FileField(
        label=gettext_lazy("Upload the case list"),
        help_text=gettext_lazy("A CSV or Excel (.xlsx) file of at most 10 MB and 20,000 cases."),
        widget=forms.FileInput(attrs={"accept": _ACCEPT}),
        error_messages={
            "required": gettext_lazy("Select the case list file"),
            "empty": gettext_lazy("The file is empty"),
        },
    )

    def clean_case_list(self) -> Any:
        upload = self.cleaned_data["case_list"]
        if upload.size > importing.MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file must be smaller than %(value)s MB")
                % {"value": importing.MAX_BYTES // 1024 // 1024}
            )
        return upload


class ColumnMappingForm(forms.Form):
    """One choice per column the service did not recognise."""

    def __init__(self, *args: Any, headers: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        choices = [
            ("", gettext("Choose a field")),
            (importing.IGNORE, gettext("Do not import this column")),
        ]
        choices += [(name, str(label)) for name, label in importing.FIELDS.items()]
        for index, header in enumerate(self.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=format_html(gettext("Column '{}'"), header),
                choices=choices,
                error_messages={
                    "required": gettext("Choose what the column '%(header)s' holds")
                    % {"header": header}
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [v for v in cleaned.values() if v and v != importing.IGNORE]
        twice = sorted({str(importing.FIELDS[v]) for v in chosen if chosen.count(v) > 1})
        if twice:
            raise forms.ValidationError(
                gettext("Choose each field once: %(join)s") % {"join": ", ".join(twice)}
            )
        return cleaned

    def choices_by_header(self) -> dict[str, str]:
        return {h: self.cleaned_data[f"column_{i}"] for i, h in enumerate(self.headers)}


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=gettext_lazy("Seed (optional)"),
        help_text=gettext_lazy(
            "Leave empty for a new random sample; enter a recorded seed to reproduce one."
        ),
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        widget=_whole_number(20),
        error_messages={"invalid": gettext_lazy("The seed must be a whole number")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Why is the sample being redrawn?"),
        help_text=gettext_lazy(
            "The current sample is set aside; it stays listed with this reason."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand the current sample will be replaced"), required=False
    )

    def __init__(self, *args: Any, redraw: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.redraw = redraw

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.redraw:
            if not (cleaned.get("reason") or "").strip() and "reason" not in self.errors:
                self.add_error("reason", gettext("Enter why the sample is being redrawn"))
            if not cleaned.get("confirm"):
                self.add_error(
                    "confirm", gettext("Confirm that the current sample will be replaced")
                )
        return cleaned


class ExcludeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is this case excluded?"),
        help_text=gettext_lazy("For example: case manager absent during fieldwork."),
        max_length=300,
        error_messages={"required": gettext_lazy("Enter why the case is excluded")},
    )


class SettingsForm(forms.Form):
    min_weeks = forms.IntegerField(
        label=gettext_lazy("Supervised for at least (weeks)"),
        min_value=0,
        max_value=52,
        widget=_whole_number(3),
    )
    max_months = forms.IntegerField(
        label=gettext_lazy("Supervised for at most (months)"),
        min_value=1,
        max_value=24,
        widget=_whole_number(3),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weeks, months = cleaned.get("min_weeks"), cleaned.get("max_months")
        if weeks is not None and months is not None and weeks * 7 >= months * 28:
            raise forms.ValidationError(
                gettext("The minimum time supervised must be shorter than the maximum")
            )
        return cleaned
