"""GOV.UK form rendering through Django's form rendering API.

``FORM_RENDERER`` is :class:`GovukFormRenderer`: every form's fields render with the
templates in ``templates/govuk/`` (``{{ form.name.as_field_group }}``), and each widget
gets its GOV.UK classes and the ``aria-describedby`` of its hint and error message from
:class:`GovukBoundField`, so the markup of a field and its error is written once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import RenderableMixin
from django.utils.translation import gettext, gettext_lazy, ngettext

# A number of each plural category (Unicode CLDR) the browser's Intl.PluralRules may pick
# for the page's language; GOV.UK Frontend looks up its message by that category.
_PLURAL_EXAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 4}

# The GOV.UK class of each widget type, and the modifier it takes in an error state.
_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "number": "govuk-input",
    "password": "govuk-input",
    "url": "govuk-input",
    "time": "govuk-input",
    "textarea": "govuk-textarea",
    "charactercount": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
}


class CharacterCount(forms.Textarea):
    """A textarea with GOV.UK's character count of its field's ``max_length``.

    The textarea has no ``maxlength`` attribute: GOV.UK lets people type past the limit
    and tells them by how much, and the form's validation refuses it."""

    message = gettext_lazy("You can enter up to %(count)s characters")


def _under_limit(count: int) -> str:
    return ngettext(
        "You have %(count)s character remaining", "You have %(count)s characters remaining", count
    )


def _over_limit(count: int) -> str:
    return ngettext(
        "You have %(count)s character too many", "You have %(count)s characters too many", count
    )


def character_count_messages() -> list[tuple[str, str]]:
    """The messages GOV.UK Frontend's character count shows as someone types, in the active
    language: ``data-i18n.*`` attributes (name, value) for its element. The package has
    English only; each plural form comes from the catalogue (Welsh has more than two)."""
    attrs = [
        (f"{key}.{category}", message(n).replace("%(count)s", "%{count}"))
        for key, message in (
            ("characters-under-limit", _under_limit),
            ("characters-over-limit", _over_limit),
        )
        for category, n in _PLURAL_EXAMPLES.items()
    ]
    attrs.append(("characters-at-limit", gettext("You have 0 characters remaining")))
    return attrs


class GovukBoundField(BoundField):
    """A bound field whose widget carries GOV.UK classes and describes its hint and error."""

    # The hint, error and character count are named after the input, whose id is the
    # form's auto_id unless its widget is given one.
    @property
    def hint_id(self) -> str:
        return f"{self.id_for_label}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.id_for_label}-error"

    @property
    def info_id(self) -> str:
        return f"{self.id_for_label}-info"

    @property
    def id_for_label(self) -> str:
        # ``choices.html`` gives a group's first option the field's own id: the error
        # summary links there (Django's radios have no id for a label).
        if isinstance(self.field.widget, forms.RadioSelect):
            return self.auto_id
        return super().id_for_label

    @property
    def max_length(self) -> int | None:
        return getattr(self.field, "max_length", None)

    @property
    def choices_class(self) -> str:
        """The GOV.UK component of a field of several choices."""
        return "govuk-radios" if self.widget_type == "radioselect" else "govuk-checkboxes"

    @property
    def character_count_message(self) -> str:
        return CharacterCount.message % {"count": self.max_length}

    @property
    def character_count_i18n(self) -> list[tuple[str, str]]:
        return character_count_messages()

    @property
    def aria_describedby(self) -> str:
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.widget_type == "charactercount":
            ids.append(self.info_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    def build_widget_attrs(self, attrs: Any, widget: Any = None) -> Any:
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK forms are checked on the server, and say so with their own messages.
        attrs.pop("required", None)
        attrs.pop("aria-invalid", None)
        kind = widget.__class__.__name__.lower().removesuffix("input").removesuffix("widget")
        if kind == "checkbox":
            attrs["class"] = " ".join(
                filter(None, ["govuk-checkboxes__input", widget.attrs.get("class")])
            )
        base = _CLASSES.get(kind)
        if base is not None:
            classes = [base]
            if base == "govuk-textarea":
                attrs["cols"] = False  # GOV.UK sizes a textarea by its rows and the column
            if kind == "charactercount":
                classes.append("govuk-js-character-count")
            # GOV.UK does not cut what people type short: the form's validation says
            # what is too long.
            attrs["maxlength"] = False
            if widget.attrs.get("class"):
                classes.append(widget.attrs["class"])
            if self.errors:
                classes.append(f"{base}--error")
            attrs["class"] = " ".join(classes)
        return attrs


class GovukFormRenderer(TemplatesSetting):
    """Renders forms from the project's templates, GOV.UK's markup for every field."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
    bound_field_class = GovukBoundField


class DateInput(RenderableMixin):
    """A GOV.UK date input over the three fields of a form that hold one date.

    The fields are ``<prefix>_day``, ``<prefix>_month`` and ``<prefix>_year`` (``day``,
    ``month`` and ``year`` without a prefix), labelled by their own labels; each keeps its
    name and id, so a message about one box links to that box and marks it alone, and the
    date's messages are one error message under its hint (``templates/govuk/date.html``)."""

    template_name = "govuk/date.html"

    def __init__(
        self,
        form: forms.Form,
        prefix: str = "",
        *,
        legend: str,
        hint: str = "",
        size: str = "m",
        id: str = "",
    ) -> None:
        self.form = form
        self.renderer = form.renderer
        self.parts = [form[f"{prefix}_{part}" if prefix else part] for part in DATE_PARTS]
        self.legend, self.hint, self.size = legend, hint, size
        self.id = id or prefix or "date"

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def errors(self) -> list[str]:
        return [str(error) for part in self.parts for error in part.errors]

    @property
    def aria_describedby(self) -> str:
        ids = [self.hint_id] if self.hint else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    def get_context(self) -> dict[str, Any]:
        return {"date": self}


DATE_PARTS = ("day", "month", "year")
