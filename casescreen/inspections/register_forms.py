"""Forms for the YOT register: its import, and a YOT's details and copy list."""

from __future__ import annotations

from django import forms

from casescreen.inspections.models import Yot
from casescreen.inspections.yots import MAX_BYTES
from casescreen.lib.fields import PlainTextField


class RegisterUploadForm(forms.Form):
    register = forms.FileField(label="CSV file")

    def clean_register(self) -> bytes:
        upload = self.cleaned_data["register"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB.")
        return bytes(upload.read())


class RegisterConfirmForm(forms.Form):
    """The checked file comes back as text; it is checked again before import."""

    csv_text = forms.CharField(max_length=MAX_BYTES, strip=False)


def _text(
    label: str,
    max_length: int,
    what: str,
    *,
    required: bool = False,
    help_text: str = "",
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
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {max_length} characters or fewer",
        },
    )


class YotForm(forms.Form):
    """A YOT's details, as the report's letter and copy list need them."""

    name = _text("YOT name", 200, "the YOT's name", required=True)
    local_authority = _text("Local authority", 200, "the local authority", required=True)
    name_cy = _text(
        "YOT name in Welsh",
        200,
        "the YOT's name in Welsh",
        help_text="For a YOT in Wales: its letters and reports are written in Welsh too.",
        attrs={"lang": "cy"},
    )
    local_authority_cy = _text(
        "Local authority in Welsh", 200, "the local authority in Welsh", attrs={"lang": "cy"}
    )
    nation = forms.ChoiceField(
        label="Nation",
        choices=Yot.Nation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose England or Wales",
            "invalid_choice": "Choose England or Wales",
        },
    )
    region = _text("Region", 100, "the region", attrs={"class": "govuk-!-width-one-half"})
    board_chair = _text(
        "Management board chair",
        200,
        "the management board chair",
        help_text="The report's letter is addressed to them.",
        attrs={"autocomplete": "name"},
    )
    manager_name = _text(
        "YOT manager's name", 200, "the YOT manager's name", attrs={"autocomplete": "name"}
    )
    manager_email = forms.EmailField(
        label="YOT manager's email",
        help_text="The announcement goes to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter the YOT manager's email in the right format, like name@example.org",
            "max_length": "The YOT manager's email must be 254 characters or fewer",
        },
    )


class CopyListAddForm(forms.Form):
    role_title = _text(
        "Role",
        200,
        "the role, like Director of Children's Services",
        required=True,
        help_text="For example, Director of Children's Services",
    )
    name = _text(
        "Name",
        300,
        "the name of the person in that role",
        required=True,
        attrs={"autocomplete": "name"},
    )


class CopyListChangeForm(forms.Form):
    """Remove an entry, or move it a place up or down."""

    contact = forms.IntegerField(min_value=1, max_value=2_147_483_647)
    action = forms.ChoiceField(choices=[("remove", "Remove"), ("up", "Up"), ("down", "Down")])
