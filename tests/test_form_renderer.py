"""The GOV.UK form renderer: each field type's markup, as it is and with an error."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.datastructures import MultiValueDict

from casescreen.lib.forms import CharacterCount


class Everything(forms.Form):
    name = forms.CharField(
        help_text="As it appears on the register",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    password = forms.CharField(widget=forms.PasswordInput)
    quote = forms.CharField(max_length=50, widget=CharacterCount(attrs={"rows": 6}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        choices=[("mon", "Monday"), ("tue", "Tuesday")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(help_text="You can change this later")
    team = forms.ChoiceField(choices=[("", "Choose a team"), ("a", "Team A")])
    upload = forms.FileField()


VALID = {
    "name": "Ashwick",
    "password": "secret",
    "quote": "Good work",
    "notes": "Seen",
    "colour": "g",
    "days": ["tue"],
    "agree": "on",
    "team": "a",
}


def render(name: str, data: Mapping[str, object]) -> str:
    upload: UploadedFile[Any] = SimpleUploadedFile("list.csv", b"a,b")
    files: MultiValueDict[str, UploadedFile[Any]] = MultiValueDict(
        {"upload": [upload]} if data else {}
    )
    form = Everything(data=data, files=files)
    form.is_valid()
    return re.sub(r"\s+", " ", str(form[name].as_field_group()))


def tag(html: str, name: str, id_: str) -> str:
    match = re.search(rf'<{name}\b[^>]*\bid="{id_}"[^>]*>', html)
    assert match, f"no <{name} id={id_}> in {html}"
    return match.group(0)


# name, the element that takes the input, its GOV.UK class, the error modifier
SINGLE = [
    ("name", "input", "govuk-input", "govuk-input--error"),
    ("password", "input", "govuk-input", "govuk-input--error"),
    ("quote", "textarea", "govuk-textarea", "govuk-textarea--error"),
    ("notes", "textarea", "govuk-textarea", "govuk-textarea--error"),
    ("team", "select", "govuk-select", "govuk-select--error"),
    ("upload", "input", "govuk-file-upload", "govuk-file-upload--error"),
]


@pytest.mark.parametrize(("name", "element", "css", "error_css"), SINGLE)
def test_single_fields_have_a_label_for_their_input_and_no_error_when_valid(
    name: str, element: str, css: str, error_css: str
) -> None:
    html = render(name, VALID)
    assert f'<label class="govuk-label" for="id_{name}">' in html
    control = tag(html, element, f"id_{name}")
    assert f'name="{name}"' in control
    assert css in control.split('class="')[1].split('"')[0].split()
    assert error_css not in html
    assert "govuk-form-group--error" not in html
    assert "govuk-error-message" not in html
    assert "required" not in control


@pytest.mark.parametrize(("name", "element", "css", "error_css"), SINGLE)
def test_single_fields_with_an_error_say_so_and_describe_the_input_with_it(
    name: str, element: str, css: str, error_css: str
) -> None:
    html = render(name, {})
    assert 'class="govuk-form-group' in html and "govuk-form-group--error" in html
    assert (
        f'<p class="govuk-error-message" id="id_{name}-error">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>'
    ) in html
    control = tag(html, element, f"id_{name}")
    assert error_css in control
    assert f"id_{name}-error" in control.split('aria-describedby="')[1].split('"')[0].split()


def test_a_hint_comes_from_help_text_and_describes_the_input_before_the_error() -> None:
    html = render("name", {})
    assert '<div class="govuk-hint" id="id_name-hint">As it appears on the register</div>' in html
    control = tag(html, "input", "id_name")
    assert 'aria-describedby="id_name-hint id_name-error"' in control
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error"' in control
    valid = tag(render("name", VALID), "input", "id_name")
    assert 'aria-describedby="id_name-hint"' in valid
    assert 'value="Ashwick"' in valid


def test_a_password_is_never_written_back_into_the_page() -> None:
    assert "secret" not in render("password", VALID)
    assert 'type="password"' in render("password", VALID)


def test_the_character_count_counts_to_the_fields_max_length() -> None:
    html = render("quote", VALID)
    assert 'class="govuk-form-group govuk-character-count"' in html
    assert 'data-module="govuk-character-count" data-maxlength="50"' in html
    control = tag(html, "textarea", "id_quote")
    assert "govuk-js-character-count" in control
    assert "maxlength" not in control and "cols" not in control
    assert 'aria-describedby="id_quote-info"' in control
    assert '<div id="id_quote-info" class="govuk-hint govuk-character-count__message">' in html
    with_error = tag(render("quote", {}), "textarea", "id_quote")
    assert 'aria-describedby="id_quote-info id_quote-error"' in with_error


def test_a_plain_textarea_has_no_character_count() -> None:
    html = render("notes", VALID)
    assert "character-count" not in html
    assert 'rows="3"' in html


@pytest.mark.parametrize(
    ("name", "kind", "kind_type", "values"),
    [
        ("colour", "govuk-radios", "radio", ["r", "g"]),
        ("days", "govuk-checkboxes", "checkbox", ["mon", "tue"]),
    ],
)
def test_choices_are_a_fieldset_with_govuk_ids_and_the_chosen_one_checked(
    name: str, kind: str, kind_type: str, values: list[str]
) -> None:
    html = render(name, VALID)
    assert '<fieldset class="govuk-fieldset">' in html
    assert '<legend class="govuk-fieldset__legend">' in html
    assert f'<div class="{kind}" data-module="{kind}">' in html
    first, second = tag(html, "input", f"id_{name}"), tag(html, "input", f"id_{name}-2")
    assert f'class="{kind}__input"' in first and f'type="{kind_type}"' in first
    assert f'value="{values[0]}"' in first and "checked" not in first
    assert f'value="{values[1]}"' in second and "checked" in second
    assert f'<label class="govuk-label {kind}__label" for="id_{name}-2">' in html
    assert "govuk-error-message" not in html


@pytest.mark.parametrize("name", ["colour", "days"])
def test_choices_with_an_error_describe_the_fieldset_with_it(name: str) -> None:
    html = render(name, {})
    assert "govuk-form-group--error" in html
    assert f'<fieldset class="govuk-fieldset" aria-describedby="id_{name}-error">' in html
    assert f'<p class="govuk-error-message" id="id_{name}-error">' in html


def test_a_single_checkbox_has_its_label_and_hint_beside_it() -> None:
    html = render("agree", VALID)
    control = tag(html, "input", "id_agree")
    assert 'class="govuk-checkboxes__input"' in control and "checked" in control
    assert 'aria-describedby="id_agree-hint"' in control
    assert '<label class="govuk-label govuk-checkboxes__label" for="id_agree">' in html
    assert 'class="govuk-hint govuk-checkboxes__hint" id="id_agree-hint"' in html
    with_error = render("agree", {})
    assert 'aria-describedby="id_agree-hint id_agree-error"' in tag(with_error, "input", "id_agree")
    assert '<p class="govuk-error-message" id="id_agree-error">' in with_error


def test_a_field_included_with_a_size_and_heading_is_the_page_heading() -> None:
    from django.template.loader import render_to_string

    form = Everything(data={}, auto_id="%s")
    html = render_to_string(
        "govuk/field.html", {"field": form["name"], "size": "l", "heading": "h1"}
    )
    assert (
        '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="name">'
    ) in html
    assert 'id="name-error"' in html and 'id="name-hint"' in html
    radios = render_to_string("govuk/field.html", {"field": form["colour"], "size": "m"})
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in radios
    assert 'id="colour-2"' in radios


class Dates(forms.Form):
    start_day = forms.CharField(label="Day", required=False)
    start_month = forms.CharField(label="Month", required=False)
    start_year = forms.CharField(label="Year", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("start_month"):
            self.add_error("start_month", "The start date must include a month")
        return data


def test_a_date_input_keeps_each_boxs_name_and_id_and_marks_only_the_box_in_error() -> None:
    from casescreen.lib.forms import DateInput

    form = Dates(data={"start_day": "3", "start_month": "", "start_year": "2026"}, auto_id="%s")
    form.is_valid()
    html = re.sub(r"\s+", " ", str(DateInput(form, "start", legend="Start", hint="For example")))
    assert (
        '<fieldset class="govuk-fieldset" role="group" aria-describedby="start-hint start-error">'
        in html
    )
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Start</legend>' in html
    assert '<div class="govuk-hint" id="start-hint">For example</div>' in html
    assert (
        '<p class="govuk-error-message" id="start-error"><span class="govuk-visually-hidden">'
        "Error:</span> The start date must include a month</p>"
    ) in html
    assert "govuk-form-group--error" in html
    day, month, year = (tag(html, "input", f"start_{part}") for part in ("day", "month", "year"))
    assert 'name="start_day"' in day and 'value="3"' in day and "--error" not in day
    assert "govuk-input--width-2 govuk-input--error" in month
    assert "govuk-input--width-4" in year and 'value="2026"' in year
    assert (
        '<label class="govuk-label govuk-date-input__label" for="start_month">Month</label>' in html
    )


def test_a_date_input_without_an_error_is_described_by_its_hint_alone() -> None:
    from casescreen.lib.forms import DateInput

    form = Dates(data={"start_day": "3", "start_month": "4", "start_year": "2026"}, auto_id="%s")
    form.is_valid()
    html = str(DateInput(form, "start", legend="Start", hint="For example", size="s"))
    assert 'aria-describedby="start-hint"' in html and "error" not in html
    assert "govuk-fieldset__legend--s" in html


def test_the_error_summary_links_a_group_of_radios_to_its_first_radio() -> None:
    from casescreen.lib.summary import error_summary

    form = Everything(data={}, auto_id="%s")
    links = {e["href"] for e in error_summary(form)}
    assert {"#colour", "#days"} <= links
    assert 'id="colour"' in str(form["colour"].as_field_group())


def test_an_input_given_its_own_id_names_its_hint_and_error_after_it() -> None:
    class Findings(forms.Form):
        key_findings = forms.CharField(
            help_text="The evidence", widget=forms.Textarea(attrs={"id": "s1-key-findings"})
        )

    html = str(Findings(data={}, auto_id="s1-%s")["key_findings"].as_field_group())
    assert '<label class="govuk-label" for="s1-key-findings">' in html
    assert 'id="s1-key-findings-hint"' in html and 'id="s1-key-findings-error"' in html
    control = tag(html, "textarea", "s1-key-findings")
    assert 'aria-describedby="s1-key-findings-hint s1-key-findings-error"' in control


def test_a_heading_legend_can_have_a_caption_above_its_heading() -> None:
    from django.template.loader import render_to_string

    form = Everything(data={}, auto_id="%s")
    html = render_to_string(
        "govuk/field.html",
        {"field": form["colour"], "size": "l", "heading": "h1", "caption": "Thornbury YOT"},
    )
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">'
        '<span class="govuk-caption-l">Thornbury YOT</span>'
        '<h1 class="govuk-fieldset__heading">Colour</h1></legend>'
    ) in html
