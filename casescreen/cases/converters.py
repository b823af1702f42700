"""Path converters that refuse a malformed web address with 400 and say what is wrong.

Django's own converters answer 404 for a part that does not fit (a case reference is any
text, an id any run of digits); these take anything up to the next slash and raise
BadRequest, which Django turns into the 400 page, for what no link of the service makes:
a control character (PostgreSQL refuses a NUL byte in a query), a reference longer than
the column holds, or a number the database cannot hold.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.utils.translation import gettext

from casescreen.lib.fields import control_character

# A BigAutoField key holds at most this.
ID_MAX = 2**63 - 1


class CaseReferenceConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        from casescreen.cases.models import Case

        limit = Case._meta.get_field("reference").max_length or 0
        found = control_character(value)
        if found is not None:
            raise BadRequest(
                gettext(
                    "The case reference in the web address contains a control character (%(found)s)."
                )
                % {"found": found}
            )
        if len(value) > limit:
            raise BadRequest(
                gettext(
                    "The case reference in the web address is %(value)s characters long; a "
                    "case reference has at most %(limit)s."
                )
                % {"value": f"{len(value):,}", "limit": limit}
            )
        return value

    def to_url(self, value: str) -> str:
        return value


class IdConverter:
    """A record's number, such as a practice example's."""

    regex = "[^/]+"

    def to_python(self, value: str) -> int:
        if not (value.isascii() and value.isdigit()):
            raise BadRequest(gettext("The number in the web address is not a whole number."))
        number = int(value)
        if number > ID_MAX:
            raise BadRequest(gettext("The number in the web address is too large."))
        return number

    def to_url(self, value: int) -> str:
        return str(value)
