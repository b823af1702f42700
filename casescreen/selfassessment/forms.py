"""Forms of the self-assessment pages: they validate and convert; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from casescreen.cases.models import SentenceType
from casescreen.inspections.date_forms import date_part, read_date
from casescreen.inspections.models import Inspection
from casescreen.inspections.planning_forms import framework_choices
from casescreen.lib.forms import DateInput
from casescreen.selfassessment.models import ACTION_TEXT_MAX


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


class ActionForm(forms.Form):
    """An action: one of the areas for improvement of an audit, or typed, with its owner
    and due date."""

    area = forms.ChoiceField(
        label=_("Area for improvement"),
        required=False,
        help_text=_("Choose one of the areas for improvement the audit found, or type below."),
        error_messages={
            "invalid_choice": _(
                "Choose one of the areas for improvement from the list, or say what will be done"
            )
        },
    )
    text = forms.CharField(
        label=_("What will be done"),
        required=False,
        max_length=ACTION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Say what will be done in %(limit_value)d characters or fewer")
        },
    )
    owner = AuditorField(
        queryset=None,
        label=_("Owner"),
        empty_label=_("Choose who owns it"),
        error_messages={
            "required": _("Choose who owns the action"),
            "invalid_choice": _("Choose a member of your YOT's staff from the list"),
        },
    )
    day = date_part(_("Day"))
    month = date_part(_("Month"))
    year = date_part(_("Year"))

    def __init__(
        self, *args: Any, staff: QuerySet[Any], areas: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = staff
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", _("None: I will type it")), *areas]
        self.due = DateInput(
            self, legend=str(_("Due date")), hint=str(_("For example, 31 3 2027")), id="due"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area = dict(self.fields["area"].choices).get(data.get("area") or "")  # type: ignore[attr-defined]
        typed = (data.get("text") or "").strip()
        if not typed and data.get("area"):
            data["text"] = str(area)
        elif not typed and not {"area", "text"} & self.errors.keys():
            self.add_error("text", _("Choose an area for improvement or say what will be done"))
        due_on = read_date(self, "", _("the due date"))
        if due_on is not None:
            data["due_on"] = due_on
        return data

    def add_refusal(self, field: str, message: str) -> None:
        """Show a rule's refusal of the action (``services.action_add``) on the field it
        is about: the due date's on its day box, which the error summary links to, and
        under the date's legend."""
        name = "day" if field == "due_on" else field
        self.add_error(name if name in self.fields else None, message)


class FinishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The audit is finished: keep its cases and answers as they stand"),
        error_messages={"required": _("Confirm that the audit is finished")},
    )


def _typed(label: Any, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=1000, **kwargs)


def _select(label: Any, options: list[tuple[str, Any]]) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", "")] + options)


YES_NO = [("Yes", _("Yes")), ("No", _("No"))]
LEVELS = [
    ("Low", _("Low")),
    ("Medium", _("Medium")),
    ("High", _("High")),
    ("Very high", _("Very high")),
]
DATE_HINT = _("For example, 31/01/2015")


class CaseForm(forms.Form):
    """One case typed in by hand. Every value is passed as text to the case list's rules
    (``cases.importing``), which decide what is valid, as for a row of a list."""

    reference = _typed(_("Case reference"))
    child_name = _typed(_("Child's name"))
    date_of_birth = _typed(_("Date of birth"), help_text=DATE_HINT)
    sentence_type = _select(
        _("Sentence type"), [(str(label), label) for _value, label in SentenceType.choices]
    )
    sentence_date = _typed(_("Sentence date"), help_text=DATE_HINT)
    supervision_start = _typed(_("Supervision start date"), help_text=DATE_HINT)
    case_manager = _typed(_("Case manager"))
    gender = _typed(_("Gender"))
    ethnicity = _typed(_("Ethnicity"))
    rosh_level = _select(
        _("Risk of serious harm level"),
        LEVELS,
    )
    vulnerability_level = _select(
        _("Vulnerability level"),
        LEVELS,
    )
    psr_prepared = _select(_("Pre-sentence report prepared"), YES_NO)
    identifiable_victim = _select(_("Identifiable victim"), YES_NO)
    looked_after = _select(_("Looked after"), YES_NO)
    placed_from_other_la = _select(_("Placed from another local authority"), YES_NO)
