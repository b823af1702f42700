"""The interview timetable, emailed to the YOT manager as a PDF.

The timetable can only be drawn up once the case list is in and the sample drawn, which
is after the announcement letter went: it follows the letter as the last part of the
announcement pack, sent (and recorded, and sent again if it failed) the same way.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy, gettext_noop

from casescreen.fieldwork import downloads
from casescreen.fieldwork.services import FieldworkError
from casescreen.inspections import notices
from casescreen.inspections.models import Inspection
from casescreen.notifications.models import SentEmail
from casescreen.notifications.services import Attachment

# In English; ``gettext`` gives it in the reader's language where it is raised.
NOTHING_BOOKED = gettext_noop(
    "No interview is on the timetable yet: book the interviews before sending it."
)


def timetable_send(*, user: Any, inspection: Inspection) -> SentEmail:
    """Email the timetable as it stands now to the YOT manager. The PDF names each case
    by its reference, with its case manager and inspector, never the child."""
    if not downloads.timetable_rows(inspection):
        raise FieldworkError(gettext(NOTHING_BOOKED))
    # The PDF is in the email's languages: Welsh and English to a YOT in Wales (see
    # ``email_yot_manager``), else the sender's.
    languages = inspection.yot.languages
    pdf = downloads.timetable_pdf(inspection, languages if len(languages) > 1 else None)
    return notices.email_yot_manager(
        user=user,
        inspection=inspection,
        kind=SentEmail.Kind.TIMETABLE,
        subject=gettext_lazy("Interview timetable: inspection of {yot}"),
        template="notifications/timetable.txt",
        attachment=Attachment(
            f"{inspection.reference}-timetable.pdf",
            pdf,
            "application/pdf",
        ),
    )
