"""The statuses of a GOV.UK task list, as the inspection page shows them."""

from typing import cast

from django.utils.translation import gettext_lazy as _

# Lazy, so that each is shown in the language of the page showing it; they stand for the
# text they give wherever they go (shown, compared, joined), hence typed as text.
COMPLETED = cast(str, _("Completed"))
IN_PROGRESS = cast(str, _("In progress"))
NOT_STARTED = cast(str, _("Not yet started"))
CANNOT_START = cast(str, _("Cannot start yet"))


def tag(status: object) -> str:
    """The GOV.UK tag colour of a status ("" for one shown as plain text), whatever the
    language it is shown in."""
    if status is COMPLETED or status is CANNOT_START:
        return ""
    return "blue" if status is NOT_STARTED else "light-blue"
