"""The statuses of a GOV.UK task list, as the inspection page shows them.

Kept in English, as the page compares them; the page translates each as it shows it
(``{% translate task.status %}``), and ``gettext_noop`` puts them in the catalogue."""

from django.utils.translation import gettext_noop

COMPLETED = gettext_noop("Completed")
IN_PROGRESS = gettext_noop("In progress")
NOT_STARTED = gettext_noop("Not yet started")
CANNOT_START = gettext_noop("Cannot start yet")
