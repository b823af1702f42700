"""The demo's YOT in Wales: its inspection and report read in Welsh."""

from __future__ import annotations

from typing import Any

from casescreen.demo import wales
from casescreen.inspections.models import Inspection
from casescreen.reports.documents import text_lines
from casescreen.reports.models import Report
from casescreen.reports.selectors import latest_published, version_problems


def _quoted(content: dict[str, Any]) -> set[str]:
    return {q["text"] for s in content["sections"] for p in s["paragraphs"] for q in p["quotes"]}


def test_the_demo_publishes_the_welsh_yots_report_in_welsh_and_english(
    db: Any, as_user: Any
) -> None:
    from casescreen.accounts.models import User
    from casescreen.demo import data as demo_module

    demo_module.load_demo("a-demo-password-for-this-test")

    inspection = Inspection.objects.get(reference=wales.REFERENCE)
    assert inspection.yot.nation == "wales" and inspection.status == "published"
    version = latest_published(Report.objects.get(inspection=inspection))
    assert version is not None and version.languages == ("en", "cy")
    assert version.content_cy is not None
    welsh = " ".join(" ".join(text_lines(version.content_cy)).split())
    assert welsh.startswith("Adroddiad ar Sgrinio Ansawdd Byr (SQS) o waith troseddau ieuenctid")
    # Welsh quantifiers, counted nouns and the lead's own Welsh paragraphs.
    for words in ("Ym mhob achos ond dau", "Ym mron pob un o'r achosion", "22 o adroddiadau"):
        assert words in welsh
    for text in wales.NARRATIVE["cy"].values():
        assert " ".join(text.split()) in welsh
    # Each document quotes the inspectors' examples written in its language.
    assert _quoted(version.content_cy) == {cy for _, _, cy, _ in wales.EXAMPLES}
    assert _quoted(version.content) == {en for _, _, _, en in wales.EXAMPLES}
    assert version_problems(version, "cy") == version_problems(version, "en") == []
    assert version.files.filter(language="cy").count() == 3
    # The inspectors' notes on the cases are in Welsh.
    assert inspection.cases.filter(assessment__answers__evidence=wales.NOT_MET).exists()

    # A new user switches to Cymraeg and reads the report page in Welsh.
    client = as_user(User.objects.get(username=demo_module.LEAD))
    client.get("/language/cy/")
    page = client.get(f"/inspections/{wales.REFERENCE}/report/").content.decode()
    assert '<html lang="cy"' in page
    assert '<article class="app-report" lang="cy">' in page
    assert "Adroddiad ar Sgrinio Ansawdd Byr" in page
