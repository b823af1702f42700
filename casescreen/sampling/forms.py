"""Forms for importing a case list and for the sample; they validate and convert, nothing more."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.cases import importing
from casescreen.lib.fields import PlainTextField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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
    """One choice per named column of the file, showing how it is read now (``current``:
    header -> field, "ignore", or "" when the service did not recognise it)."""

    def __init__(self, *args: Any, current: Mapping[str, str], **kwargs: Any) -> None:
        kwargs["initial"] = {f"column_{i}": field for i, field in enumerate(current.values())}
        super().__init__(*args, **kwargs)
        self.headers = list(current)
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
        error_messages={
            "invalid": gettext_lazy("The seed must be a whole number"),
            "min_value": gettext_lazy("The seed must be 0 or more"),
            "max_value": gettext_lazy("The seed is too large"),
        },
    )
    reason = PlainTextField(
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
    reason = PlainTextField(
        label=gettext_lazy("Why is this case excluded?"),
        help_text=gettext_lazy("For example: case manager absent during fieldwork."),
        max_length=300,
        error_messages={"required": gettext_lazy("Enter why the case is excluded")},
    )


def _window_field(
    label: StrOrPromise, required: StrOrPromise, range_message: StrOrPromise, low: int, high: int
) -> forms.IntegerField:
    message = format_lazy(range_message, low=low, high=high)
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        widget=_whole_number(3),
        error_messages={
            "required": required,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class SettingsForm(forms.Form):
    min_weeks = _window_field(
        gettext_lazy("Supervised for at least (weeks)"),
        gettext_lazy("Enter the minimum time supervised, in weeks"),
        gettext_lazy(
            "The minimum time supervised must be a whole number of weeks from {low} to {high}"
        ),
        0,
        52,
    )
    max_months = _window_field(
        gettext_lazy("Supervised for at most (months)"),
        gettext_lazy("Enter the maximum time supervised, in months"),
        gettext_lazy(
            "The maximum time supervised must be a whole number of months from {low} to {high}"
        ),
        1,
        24,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weeks, months = cleaned.get("min_weeks"), cleaned.get("max_months")
        if weeks is not None and months is not None and weeks * 7 >= months * 28:
            raise forms.ValidationError(
                gettext("The minimum time supervised must be shorter than the maximum")
            )
        return cleaned
