"""Forms of the self-assessment pages: they validate and convert; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from casescreen.inspections.models import Inspection
from casescreen.inspections.planning_forms import framework_choices


class StartForm(forms.Form):
    framework = forms.ChoiceField(
        label=_("Question set"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the question set to audit your cases with"),
            "invalid_choice": _("Choose a published question set"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["framework"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = framework_choices()

    def framework_key(self) -> tuple[str, str]:
        framework_id, version = self.cleaned_data["framework"].split("@", 1)
        return framework_id, version


class AuditorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.username})"


class AuditorAddForm(forms.Form):
    auditor = AuditorField(
        queryset=None,
        label=_("Auditor"),
        empty_label=_("Choose an auditor"),
        error_messages={
            "required": _("Choose the auditor to add"),
            "invalid_choice": _("Choose one of your YOT's auditors from the list"),
        },
    )

    def __init__(self, *args: Any, auditors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["auditor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = auditors


class ShareForm(forms.Form):
    inspection: forms.ModelChoiceField[Inspection] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Inspection to share the findings with"),
        empty_label=_("Do not share"),
        error_messages={"invalid_choice": _("Choose an inspection of your YOT from the list")},
    )

    def __init__(self, *args: Any, inspections: QuerySet[Inspection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspection"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = inspections


class NewAuditorForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        error_messages={"required": _("Enter the auditor's user name")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False),
        strip=False,
        help_text=_("The auditor changes it after signing in."),
        error_messages={"required": _("Enter a password for the auditor")},
    )
