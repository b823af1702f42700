"""A report section written while the session ended is kept for the lead, not lost."""

from __future__ import annotations

from typing import Any

from casescreen.demo import wales
from casescreen.inspections.models import Inspection
from casescreen.reports.models import Report
from casescreen.reports.services import report_create
from tests.reports.conftest import paragraph
from tests.reports.test_workflow import _section_post, url
from tests.signed_out import send_after_the_session_ended

WRITTEN = "Written over the lunch hour: the case managers knew their cases well."


def test_a_section_sent_after_the_session_ended_is_shown_again_unsaved(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    page = url("report_section", "theme-1")
    version = demo_report.version
    data = _section_post(demo_report, "theme-1", **{"1_1": WRITTEN})
    sent = send_after_the_session_ended(client, page, data)

    client.force_login(demo_lead)  # Django's login(), as the sign-in page calls it
    html = client.get(page).content.decode()
    assert "Not saved: you had been signed out when you sent this page." in html
    assert "choose Save and check to save it" in html
    assert WRITTEN in html
    demo_report.refresh_from_db()
    assert demo_report.version == version
    assert WRITTEN not in paragraph(demo_report, "1.1")["text"]

    # Sent again as shown, it is saved.
    assert client.post(page, sent).status_code == 302
    demo_report.refresh_from_db()
    assert paragraph(demo_report, "1.1")["text"] == WRITTEN


WELSH = "Ysgrifennwyd dros ginio: roedd y rheolwyr achos yn adnabod eu hachosion yn dda."


def test_a_welsh_section_kept_across_the_sign_in_comes_back_on_the_welsh_page_only(
    demo: Any, demo_lead: Any, as_user: Any
) -> None:
    """The section's language is in the page's address (``?language=cy``): the text kept
    is shown again on that page, never in the English section of the same name, where
    saving it would put Welsh into the English report."""
    report = report_create(
        inspection=Inspection.objects.get(reference=wales.REFERENCE), user=demo_lead
    )
    client = as_user(demo_lead)
    english_page = f"/inspections/{wales.REFERENCE}/report/sections/theme-4/"
    welsh_page = f"{english_page}?language=cy"
    send_after_the_session_ended(client, welsh_page, {"version": report.version, "text:4.2": WELSH})

    client.force_login(demo_lead)
    english = client.get(english_page).content.decode()
    assert WELSH not in english
    assert "Not saved" not in english
    welsh = client.get(welsh_page).content.decode()
    assert "Not saved: you had been signed out when you sent this page." in welsh
    assert WELSH in welsh
    assert 'lang="cy"' in welsh
