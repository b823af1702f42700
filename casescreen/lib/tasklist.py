"""The statuses of a GOV.UK task list, as the inspection page shows them."""

from django.utils.translation import gettext_lazy as _

COMPLETED = _("Completed")
IN_PROGRESS = _("In progress")
NOT_STARTED = _("Not yet started")
CANNOT_START = _("Cannot start yet")


def tag(status: object) -> str:
    """The GOV.UK tag colour of a status ("" for one shown as plain text), whatever the
    language it is shown in."""
    if status is COMPLETED or status is CANNOT_START:
        return ""
    return "blue" if status is NOT_STARTED else "light-blue"
