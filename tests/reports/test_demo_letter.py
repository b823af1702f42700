"""The demo ships the Redbridge letter published, as a new user first reads it."""

from __future__ import annotations

from typing import Any

from casescreen.reports.documents import text_lines
from tests.reports.conftest import REDBRIDGE_STATEMENTS, flat


def test_the_demo_publishes_the_whole_redbridge_letter_as_version_1(db: Any) -> None:
    from casescreen.demo import data as demo_module
    from casescreen.inspections.models import Inspection
    from casescreen.reports.models import Report
    from casescreen.reports.selectors import latest_published, version_problems

    demo_module.load_demo("a-demo-password-for-this-test")

    inspection = Inspection.objects.get(reference=demo_module.REFERENCE)
    report = Report.objects.get(inspection=inspection)
    version = latest_published(report)
    assert version is not None and report.status == Report.Status.PUBLISHED
    assert inspection.status == Inspection.Status.PUBLISHED
    assert str(inspection.published_on) == "2015-02-25"
    assert version.content["header"]["publication_date"] == "25 February 2015"
    # Every paragraph the lead writes is written; every finding of the seed is stated.
    text = flat(" ".join(text_lines(version.content)))
    for _, written in demo_module.REDBRIDGE_NARRATIVE.items():
        assert flat(written) in text
    assert [s for s in REDBRIDGE_STATEMENTS if s not in text] == []
    # The inspectors' practice examples are quoted in their paragraphs.
    quoted = {p["key"] for s in version.content["sections"] for p in s["paragraphs"] if p["quotes"]}
    assert quoted == {"1.2", "1.4", "3.3", "3.4", "OM"}
    # The seed's five key strengths: three proposed from the findings, two the lead's own.
    strengths = next(s for s in version.content["sections"] if s["id"] == "key-strengths")
    assert [p["key"] for p in strengths["paragraphs"]] == [
        "strength.q1_6_custody_planning",
        "strength.q4_1_diversity_understood",
        "strength.q4_5_non_compliance_response",
        "key-strengths.own.1",
        "key-strengths.own.2",
    ]
    assert version_problems(version) == []
    # Published files are the record.
    assert sorted(version.files.values_list("kind", flat=True)) == ["docx", "html", "pdf"]
