"""The case facts form: the facts that decide which questions apply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from casescreen.cases.facts import FACT_FIELDS
from casescreen.frameworks import Framework

CHOICE_FACTS: tuple[str, ...] = ("sentence_type", "rosh_level", "vulnerability_level")
BOOLEAN_FACTS: tuple[str, ...] = tuple(f for f in FACT_FIELDS if f not in CHOICE_FACTS)
# Every field the form saves: the case's facts and, on the assessment, the tick below.
FORM_FIELDS: tuple[str, ...] = (*CHOICE_FACTS, *BOOLEAN_FACTS, "case_manager_present")
NOT_KNOWN = ("", gettext_lazy("Not known"))
OPENED_WITH_MISSING = gettext_lazy(
    "The form was sent without the values it was opened with: nothing was saved"
)


def original(name: str) -> str:
    """The hidden field holding the value ``name`` had when the form was opened."""
    return f"original_{name}"


def _yes(value: str) -> bool:
    return value == "True"


class FactsForm(forms.Form):
    sentence_type = forms.ChoiceField(
        error_messages={"required": gettext_lazy("Select the sentence type")},
        widget=forms.RadioSelect,
    )
    rosh_level = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    vulnerability_level = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    psr_prepared = forms.BooleanField(required=False)
    has_plan = forms.BooleanField(required=False)
    reoffending_review_required = forms.BooleanField(required=False)
    roh_review_required = forms.BooleanField(required=False)
    roh_plan_required = forms.BooleanField(required=False)
    identifiable_victim = forms.BooleanField(required=False)
    oversight_required = forms.BooleanField(required=False)
    vulnerability_review_required = forms.BooleanField(required=False)
    vulnerability_plan_required = forms.BooleanField(required=False)
    looked_after = forms.BooleanField(required=False)
    placed_from_other_la = forms.BooleanField(required=False)
    non_compliance = forms.BooleanField(required=False)
    case_manager_present = forms.BooleanField(
        required=False, label=gettext_lazy("The case manager was present")
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The form asks for the facts the inspection's question set reads, and no others.
        for name in FORM_FIELDS:
            if name not in framework.facts and name not in (
                "sentence_type",
                "case_manager_present",
            ):
                del self.fields[name]
        self.field_names = tuple(name for name in FORM_FIELDS if name in self.fields)
        self.boolean_names = tuple(name for name in BOOLEAN_FACTS if name in self.fields)
        self.choice_names = tuple(name for name in CHOICE_FACTS if name in self.fields)
        # Labels and choices come from the inspection's question set, so they match its rules.
        for name, spec in framework.facts.items():
            if name not in self.fields:
                continue
            self.fields[name].label = spec.label
            if spec.type == "choice":
                choices = list((spec.choices or {}).items())
                field = self.fields[name]
                assert isinstance(field, forms.ChoiceField)  # noqa: S101
                field.choices = choices if field.required else [NOT_KNOWN, *choices]
                if name != "sentence_type":
                    field.error_messages["invalid_choice"] = gettext("Select the %(fact)s") % {
                        "fact": spec.label.lower()
                    }
        sentence = self.fields["sentence_type"]
        sentence.error_messages["invalid_choice"] = gettext("Select a sentence type from the list")
        # The values the form was opened with, so that a save changes only what this person
        # changed and a conflict is only a field someone else changed too.
        messages = {"required": OPENED_WITH_MISSING, "invalid_choice": OPENED_WITH_MISSING}
        for name in self.field_names:
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                self.fields[original(name)] = forms.ChoiceField(
                    choices=field.choices,
                    required=field.required,
                    widget=forms.HiddenInput,
                    error_messages=messages,
                )
            else:
                self.fields[original(name)] = forms.TypedChoiceField(
                    choices=[("True", gettext("Yes")), ("False", gettext("No"))],
                    coerce=_yes,
                    widget=forms.HiddenInput,
                    error_messages=messages,
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # An optional choice left out would read as "Not known": refuse it instead.
        if any(original(name) not in self.data for name in self.field_names):
            raise forms.ValidationError(OPENED_WITH_MISSING)
        return cleaned

    def facts(self) -> dict[str, object]:
        """The values sent, the case's facts and the assessment's tick."""
        return {name: self.cleaned_data[name] for name in self.field_names}

    def opened_with(self) -> dict[str, object]:
        return {name: self.cleaned_data[original(name)] for name in self.field_names}
