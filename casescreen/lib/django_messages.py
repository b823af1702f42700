"""Django's own messages that the service shows and whose Welsh the project gives.

Django's Welsh catalogue leaves some of them untranslated (the password validators, a
msgid whose apostrophe changed) and gets others wrong (a sign-in error that speaks of a
staff account, a maximum that reads as "more or less than"). Listing them here keeps them
in the project's catalogue (``locale/``), whose translations win over Django's own."""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # django.contrib.auth: the sign-in and password forms.
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("The two password fields didn’t match."),
    # django.contrib.auth.password_validation: the validators of AUTH_PASSWORD_VALIDATORS.
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    # django.core.validators and django.forms: field errors.
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
]

PLURAL_MESSAGES = [
    ngettext_lazy(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]
