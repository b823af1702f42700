"""Forms for the YOT register: its import, and a YOT's details and copy list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.functional import lazy
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.inspections.models import Yot
from casescreen.inspections.yots import MAX_BYTES
from casescreen.lib.fields import PlainTextField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RegisterUploadForm(forms.Form):
    register = forms.FileField(
        label=gettext_lazy("CSV file"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": gettext_lazy("Choose a CSV file."),
            "empty": gettext_lazy("The file is empty"),
        },
    )

    def clean_register(self) -> bytes:
        upload = self.cleaned_data["register"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(gettext("The file is larger than 1 MB."))
        return bytes(upload.read())


class RegisterConfirmForm(forms.Form):
    """The checked file comes back as text; it is checked again before import."""

    csv_text = forms.CharField(max_length=MAX_BYTES, strip=False)


def _text(
    label: StrOrPromise,
    max_length: int,
    what: StrOrPromise,
    *,
    required: bool = False,
    help_text: StrOrPromise = "",
    attrs: dict[str, str] | None = None,
) -> PlainTextField:
    """A line of text; ``what`` names it in messages ("the YOT's name")."""
    return PlainTextField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
        error_messages={
            "required": format_lazy(gettext_lazy("Enter {what}"), what=what),
            "max_length": format_lazy(
                gettext_lazy("{what} must be {max_length} characters or fewer"),
                what=lazy(capfirst, str)(what),
                max_length=max_length,
            ),
        },
    )


class YotForm(forms.Form):
    """A YOT's details, as the report's letter and copy list need them."""

    name = _text(gettext_lazy("YOT name"), 200, gettext_lazy("the YOT's name"), required=True)
    local_authority = _text(
        gettext_lazy("Local authority"), 200, gettext_lazy("the local authority"), required=True
    )
    name_cy = _text(
        gettext_lazy("YOT name in Welsh"),
        200,
        gettext_lazy("the YOT's name in Welsh"),
        help_text=gettext_lazy(
            "For a YOT in Wales: its letters and reports are written in Welsh too."
        ),
        attrs={"lang": "cy"},
    )
    local_authority_cy = _text(
        gettext_lazy("Local authority in Welsh"),
        200,
        gettext_lazy("the local authority in Welsh"),
        attrs={"lang": "cy"},
    )
    nation = forms.ChoiceField(
        label=gettext_lazy("Nation"),
        choices=Yot.Nation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose England or Wales"),
            "invalid_choice": gettext_lazy("Choose England or Wales"),
        },
    )
    region = _text(
        gettext_lazy("Region"),
        100,
        gettext_lazy("the region"),
        attrs={"class": "govuk-!-width-one-half"},
    )
    board_chair = _text(
        gettext_lazy("Management board chair"),
        200,
        gettext_lazy("the management board chair"),
        help_text=gettext_lazy("The report's letter is addressed to them."),
        attrs={"autocomplete": "name"},
    )
    manager_name = _text(
        gettext_lazy("YOT manager's name"),
        200,
        gettext_lazy("the YOT manager's name"),
        attrs={"autocomplete": "name"},
    )
    manager_email = forms.EmailField(
        label=gettext_lazy("YOT manager's email"),
        help_text=gettext_lazy("The announcement goes to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        required=False,
        max_length=254,
        error_messages={
            "invalid": gettext_lazy(
                "Enter the YOT manager's email in the right format, like name@example.org"
            ),
            "max_length": gettext_lazy("The YOT manager's email must be 254 characters or fewer"),
        },
    )


class CopyListAddForm(forms.Form):
    role_title = _text(
        gettext_lazy("Role"),
        200,
        gettext_lazy("the role, like Director of Children's Services"),
        required=True,
        help_text=gettext_lazy("For example, Director of Children's Services"),
    )
    role_title_cy = _text(
        gettext_lazy("Role in Welsh"),
        200,
        gettext_lazy("the role in Welsh"),
        help_text=gettext_lazy("For a YOT in Wales: its letters are written in Welsh too."),
        attrs={"lang": "cy"},
    )
    name = _text(
        gettext_lazy("Name"),
        300,
        gettext_lazy("the name of the person in that role"),
        required=True,
        attrs={"autocomplete": "name"},
    )


class CopyListChangeForm(forms.Form):
    """Remove an entry, or move it a place up or down."""

    contact = forms.IntegerField(min_value=1, max_value=2_147_483_647)
    action = forms.ChoiceField(
        choices=[
            ("remove", gettext_lazy("Remove")),
            ("up", gettext_lazy("Up")),
            ("down", gettext_lazy("Down")),
        ]
    )
