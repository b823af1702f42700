"""Forms of the sign-in and password pages: Django's own, in GOV.UK widths and words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

_HALF = "govuk-!-width-one-half"


def _govuk(form: Any, required: dict[str, Any]) -> None:
    """Half-width inputs without autofocus: GOV.UK moves no one's focus unasked. An empty
    field's message names it (``required``), since the error summary shows it alone."""
    for name, field in form.fields.items():
        field.widget.attrs.pop("autofocus", None)
        field.widget.attrs["class"] = _HALF
        field.help_text = ""
        field.error_messages["required"] = required[name]


class SignInForm(AuthenticationForm):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _govuk(self, {"username": _("Enter your username"), "password": _("Enter your password")})
        username = self.fields["username"]
        assert isinstance(username, forms.CharField)
        username.widget.attrs.update(autocomplete="username", spellcheck="false")
        # Django sets the length after the field is made, so it is not checked; a longer
        # name is no one's, and sent on to sign-in it would not fit the record of failures.
        username.validators.append(
            MaxLengthValidator(
                username.max_length,
                _("Username must be %(limit_value)s characters or fewer"),
            )
        )


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, user: Any, *args: Any, request: HttpRequest, **kw: Any) -> None:
        super().__init__(user, *args, **kw)
        self.request = request
        _govuk(
            self,
            {
                "old_password": _("Enter your old password"),
                "new_password1": _("Enter a new password"),
                "new_password2": _("Enter the new password again"),
            },
        )
        self.fields["new_password1"].help_text = _(
            "At least 12 characters; not a common password, not all numbers, not like your name."
        )

    def clean_old_password(self) -> str:
        """The current password is checked as signing in checks it, so that wrong ones count
        towards the same lock (``AXES_FAILURE_LIMIT``): someone at a signed-in browser
        cannot try password after password to take the account over."""
        old_password: str = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.username, password=old_password) != (
            self.user
        ):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password
