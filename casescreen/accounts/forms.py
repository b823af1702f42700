"""Forms of the sign-in and password pages: Django's own, in GOV.UK widths and words."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

_HALF = "govuk-!-width-one-half"


def _govuk(form: Any) -> None:
    """Half-width inputs without autofocus: GOV.UK moves no one's focus unasked."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
        field.widget.attrs["class"] = _HALF
        field.help_text = ""


class SignInForm(AuthenticationForm):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _govuk(self)
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _govuk(self)
        self.fields["new_password1"].help_text = _(
            "At least 12 characters; not a common password, not all numbers, not like your name."
        )
