"""A new user switches to Cymraeg and reads the Welsh YOT's inspection and its report."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.accounts.models import User
from casescreen.demo import wales
from casescreen.inspections.models import Inspection
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

INSPECTION = wales.REFERENCE


def test_the_welsh_inspection_and_its_report_read_in_welsh(page: Any, demo_users: str) -> None:
    inspection = Inspection.objects.get(reference=INSPECTION)
    lead = User.objects.get(username="lead")
    # The report as the demo publishes it, in both languages (no examples quoted).
    wales.publish_welsh_report(inspection, lead, {"cy": {}, "en": {}})
    case = inspection.cases.order_by("reference").first()
    assert case is not None

    sign_in(page, "lead", demo_users)
    page.click(".govuk-language-navigation a[hreflang='cy']")
    page.wait_for_selector("html[lang='cy']")
    for path in (
        f"/inspections/{INSPECTION}/",
        f"/inspections/{INSPECTION}/findings/",
        f"/inspections/{INSPECTION}/cases/{case.reference}/",
    ):
        page.goto(path)
        assert page.get_attribute("html", "lang") == "cy", path
        assert_accessible(page, f"{path} in Welsh")

    page.goto(f"/inspections/{INSPECTION}/report/")
    assert page.get_attribute("html", "lang") == "cy"
    report = page.locator("article.app-report")
    assert report.get_attribute("lang") == "cy"
    assert "Adroddiad ar Sgrinio Ansawdd Byr" in report.inner_text()
    assert "Ym mhob achos ond dau" in report.inner_text()
    assert_accessible(page, "the Welsh report")
    # The same report in English, one link away.
    page.click("ul[aria-labelledby='report-languages'] a[hreflang='en']")
    page.wait_for_selector("article.app-report[lang='en-GB']")
    assert "Report of Short Quality Screening" in page.locator("article.app-report").inner_text()

    page.goto(f"/inspections/{INSPECTION}/report/versions/")
    # Every version has its Welsh PDF; the newest, published, comes first.
    welsh_pdf = page.locator("a[hreflang='cy'][href$='.pdf?language=cy']")
    assert welsh_pdf.count() == inspection.report.versions.count()
    with page.expect_download() as download:
        welsh_pdf.first.click()
    assert download.value.suggested_filename.endswith("-cy.pdf")
