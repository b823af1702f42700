"""A YOT in Wales has its report in Welsh and in English, published together."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

from casescreen.demo import wales
from casescreen.demo.data import write_narrative
from casescreen.inspections.models import Inspection
from casescreen.reports.documents import render, text_lines
from casescreen.reports.models import PublishedFile, Report, ReportVersion
from casescreen.reports.selectors import report_problems, version_problems
from casescreen.reports.services import (
    PublishBlocked,
    report_create,
    report_override,
    report_publish,
    report_transition,
)

MOMENT = datetime(2015, 6, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def welsh_inspection(demo: Any) -> Inspection:
    return Inspection.objects.get(reference=wales.REFERENCE)


@pytest.fixture
def welsh_report(welsh_inspection: Inspection, demo_lead: Any) -> Report:
    """The Glanyrafon draft in both languages, the lead's paragraphs written in English
    only."""
    report = report_create(inspection=welsh_inspection, user=demo_lead)
    return write_narrative(report, demo_lead, wales.NARRATIVE["en"])


def _to_factual_accuracy(report: Report, user: Any) -> Report:
    report = report_transition(report=report, to=Report.Status.QUALITY_ASSURANCE, user=user)
    return report_transition(report=report, to=Report.Status.FACTUAL_ACCURACY, user=user)


def _text(content: dict[str, Any]) -> str:
    return " ".join(" ".join(text_lines(content)).split())


def test_a_yot_in_wales_has_its_report_drafted_in_welsh_beside_the_english(
    welsh_report: Report, demo: Inspection, demo_lead: Any
) -> None:
    assert welsh_report.languages == ("en", "cy")
    welsh, english = welsh_report.content_cy, welsh_report.content
    assert welsh is not None
    assert (welsh["lang"], english["lang"]) == ("cy", "en-GB")
    # Each names the YOT's area as its language does.
    assert welsh["title"].startswith("Adroddiad ar Sgrinio Ansawdd Byr")
    assert welsh["title"].endswith("Bwrdeistref Sirol Glanyrafon")
    assert english["title"].startswith("Report of Short Quality Screening")
    assert english["title"].endswith("in the County Borough of Glanyrafon")
    # The findings in the words of each language's vocabulary (31 of 33, 22 of 22).
    assert "Ym mhob achos ond dau" in _text(welsh)
    assert "In all but two cases" in _text(english)
    # Paragraphs the lead writes have Welsh prompts in the Welsh draft.
    prompts = {p["key"]: p["prompt"] for s in welsh["sections"] for p in s["paragraphs"]}
    assert prompts["4.2"].startswith("Dywedwch pa mor dda")
    # A YOT in England: English only.
    english_only = report_create(inspection=demo, user=demo_lead)
    assert english_only.languages == ("en",) and english_only.content_cy is None


def test_publication_is_refused_while_the_welsh_report_fails_its_check(
    welsh_report: Report, demo_lead: Any, report_files: Path
) -> None:
    report = _to_factual_accuracy(welsh_report, demo_lead)
    assert report_problems(report, "en") == []
    welsh_problems = report_problems(report, "cy")
    assert {p.kind for p in welsh_problems} == {"unwritten"}
    assert all(p.key.startswith("cy:") for p in welsh_problems)

    with pytest.raises(PublishBlocked) as refused, translation.override("en"):
        report_publish(report=report, user=demo_lead, now=MOMENT)
    assert str(refused.value) == (
        f"the Welsh report has {len(welsh_problems)} consistency problems without a recorded reason"
    )
    # Nothing is half published: no version, no file, no change of stage.
    report.refresh_from_db()
    assert report.status == Report.Status.FACTUAL_ACCURACY
    assert not ReportVersion.objects.filter(report=report, published=True).exists()
    assert not PublishedFile.objects.exists()
    assert not report_files.exists() or not any(report_files.rglob("*.*"))
    assert report.inspection.status == Inspection.Status.FACTUAL_ACCURACY

    # A reason recorded for each Welsh problem is the Welsh report's own.
    for problem in welsh_problems:
        report_override(
            report=report,
            problem_key=problem.key,
            reason="Written after publication.",
            user=demo_lead,
        )
    version = report_publish(report=report, user=demo_lead, now=MOMENT)
    assert version.languages == ("en", "cy")


def test_both_languages_are_published_together_when_both_pass(
    welsh_report: Report, demo_lead: Any, report_files: Path
) -> None:
    report = write_narrative(welsh_report, demo_lead, wales.NARRATIVE["cy"], language="cy")
    # Writing the Welsh changed the Welsh document only.
    assert report.content["sections"] == welsh_report.content["sections"]
    report = _to_factual_accuracy(report, demo_lead)
    version = report_publish(report=report, user=demo_lead, now=MOMENT)

    assert version.languages == ("en", "cy")
    assert version_problems(version, "en") == version_problems(version, "cy") == []
    assert version.content_cy is not None and version.data_cy is not None
    assert version.content_cy["header"]["publication_date"] == "10 Mehefin 2015"
    assert version.content["header"]["publication_date"] == "10 June 2015"
    # The data behind the Welsh document is in Welsh; its counts are the English ones.
    assert version.data_cy["themes"][0]["title"] != version.data["themes"][0]["title"]
    assert [q["met"] for q in version.data_cy["questions"]] == [
        q["met"] for q in version.data["questions"]
    ]
    files = {(f.language, f.kind): f for f in version.files.all()}
    assert sorted(files) == [
        ("cy", "docx"), ("cy", "html"), ("cy", "pdf"), ("en", "docx"), ("en", "html"), ("en", "pdf"),
    ]  # fmt: skip
    assert files["cy", "pdf"].name.endswith("-cy.pdf")
    welsh_html = (report_files / files["cy", "html"].name).read_text()
    assert '<html lang="cy">' in welsh_html and "Tîm Troseddau Ieuenctid" in welsh_html
    assert '<html lang="en-GB">' in (report_files / files["en", "html"].name).read_text()


def _word_languages(blob: bytes) -> tuple[list[str], str]:
    with zipfile.ZipFile(io.BytesIO(blob)) as docx:
        styles = docx.read("word/styles.xml").decode()
        core = docx.read("docProps/core.xml").decode()
    languages = re.findall(r'<w:lang w:val="([^"]+)"', styles)
    [declared] = re.findall(r"<dc:language>([^<]+)</dc:language>", core)
    return languages, declared


@pytest.mark.parametrize(
    ("language", "html", "word"), [("cy", "cy", "cy-GB"), ("en", "en-GB", "en-GB")]
)
def test_each_document_declares_its_language_in_html_pdf_and_word(
    welsh_report: Report, language: str, html: str, word: str
) -> None:
    content = welsh_report.content_in(language)
    assert f'<html lang="{html}">' in render(content, "html", moment=MOMENT).decode()
    pdf = PdfReader(io.BytesIO(render(content, "pdf", moment=MOMENT)))
    assert pdf.root_object["/Lang"] == html
    # The document defaults and the Normal style both say it (python-docx's own
    # template says en-US), and so do the document's properties.
    languages, declared = _word_languages(render(content, "docx", moment=MOMENT))
    assert languages and set(languages) == {word}
    assert declared == word


def test_the_report_page_shows_the_readers_language_and_links_the_other(
    welsh_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    page = f"/inspections/{wales.REFERENCE}/report/"
    english = client.get(page).content.decode()
    assert '<article class="app-report" lang="en-GB">' in english
    assert f'href="{page}?language=cy" hreflang="cy" lang="cy">Cymraeg</a>' in english
    welsh = client.get(page, {"language": "cy"}).content.decode()
    assert '<article class="app-report" lang="cy">' in welsh
    assert "Adroddiad ar Sgrinio Ansawdd Byr" in welsh
    # Problems of the Welsh document are named as such, and lead to its Welsh section.
    assert "sections/theme-4/?language=cy#" in welsh
    # The reader's language chooses the document when no language is asked for.
    client.cookies["casescreen_language"] = "cy"
    assert '<article class="app-report" lang="cy">' in client.get(page).content.decode()


def test_factual_accuracy_comments_quote_the_paragraph_in_the_language_shown(
    welsh_report: Report, demo_lead: Any, as_user: Any
) -> None:
    report = _to_factual_accuracy(welsh_report, demo_lead)
    paragraph = report.content_in("cy")["sections"][0]["paragraphs"][0]
    english = next(
        p
        for s in report.content["sections"]
        for p in s["paragraphs"]
        if p["key"] == paragraph["key"]
    )
    assert paragraph["text"] and paragraph["text"] != english["text"]
    client = as_user(demo_lead)
    page = f"/inspections/{wales.REFERENCE}/report/"

    welsh = html.unescape(client.get(page, {"language": "cy"}).content.decode())
    english_page = html.unescape(client.get(page).content.decode())

    assert f'<p class="govuk-body-s" lang="cy">{paragraph["text"]}' in welsh
    assert f'<p class="govuk-body-s" lang="en-GB">{english["text"]}' in english_page


def test_a_quote_in_the_other_language_is_marked_with_its_language(
    welsh_report: Report, demo_lead: Any
) -> None:
    from casescreen.assessments.models import PracticeExample
    from casescreen.reports.services import report_save_section

    english = PracticeExample.objects.filter(
        assessment__case__inspection=welsh_report.inspection, language="en"
    ).first()
    assert english is not None
    section = next(
        s
        for s in welsh_report.content_in("cy")["sections"]
        if any(p["key"] == english.paragraph for p in s["paragraphs"])
    )
    report = report_save_section(
        report=welsh_report,
        section_id=section["id"],
        texts={},
        quotes={english.paragraph: [english.pk]},
        expected_version=welsh_report.version,
        user=demo_lead,
        language="cy",
    )

    page = render(report.content_in("cy"), "html", moment=MOMENT).decode()
    assert (
        f'<blockquote class="app-report__quote" lang="en-GB"><p class="govuk-body">“{english.text}'
        in (html.unescape(page))
    )
    with zipfile.ZipFile(
        io.BytesIO(render(report.content_in("cy"), "docx", moment=MOMENT))
    ) as word:
        body = word.read("word/document.xml").decode()
    quoted = body[: body.index(english.text[:40])]
    assert quoted[quoted.rindex("<w:r>") :].count('<w:lang w:val="en-GB"/>') == 1
    # The English report quotes nothing the lead chose for the Welsh one.
    assert english.text not in render(report.content_in("en"), "html", moment=MOMENT).decode()


def test_the_lead_writes_a_welsh_section_on_its_own_page(
    welsh_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    page = f"/inspections/{wales.REFERENCE}/report/sections/theme-4/?language=cy"
    form = client.get(page).content.decode()
    assert 'lang="cy"' in form and "Dywedwch pa mor dda" in form
    response = client.post(
        page, {"version": welsh_report.version, "text:4.2": "Roedd ymgysylltu'n dda."}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/inspections/{wales.REFERENCE}/report/?language=cy")
    welsh_report.refresh_from_db()
    assert welsh_report.content_cy is not None
    welsh = {p["key"]: p for s in welsh_report.content_cy["sections"] for p in s["paragraphs"]}
    english = {p["key"]: p for s in welsh_report.content["sections"] for p in s["paragraphs"]}
    assert welsh["4.2"]["text"] == "Roedd ymgysylltu'n dda."
    assert english["4.2"]["text"] == wales.NARRATIVE["en"][("theme-4", "4.2")]


def test_each_language_is_downloaded_and_a_missing_one_is_not_found(
    welsh_report: Report, demo: Inspection, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    number = welsh_report.versions.order_by("-number").first().number  # type: ignore[union-attr]
    base = f"/inspections/{wales.REFERENCE}/report/versions/{number}.html"
    welsh = client.get(base, {"language": "cy"})
    assert welsh.status_code == 200
    assert f"{wales.REFERENCE}-report-v{number}-cy.html" in welsh["Content-Disposition"]
    assert b'<html lang="cy">' in b"".join(welsh.streaming_content)
    english = client.get(base)
    assert b'<html lang="en-GB">' in b"".join(english.streaming_content)
    versions = client.get(f"/inspections/{wales.REFERENCE}/report/versions/").content.decode()
    assert f"{number}.pdf?language=cy" in versions
    # A report in English only has no Welsh to give.
    report_create(inspection=demo, user=demo_lead)
    assert (
        client.get(f"/inspections/{demo.reference}/report/versions/1.pdf?language=cy").status_code
        == 404
    )


def test_a_false_welsh_claim_blocks_the_publication_of_both(
    welsh_report: Report, demo_lead: Any
) -> None:
    report = write_narrative(welsh_report, demo_lead, wales.NARRATIVE["cy"], language="cy")
    # 31 of 33: "in every case" is not true.
    report = write_narrative(
        report,
        demo_lead,
        {("theme-1", "1.1"): "Ym mhob achos, roedd y rheolwr achos yn deall pam."},
        language="cy",
    )
    report = _to_factual_accuracy(report, demo_lead)
    [problem] = report_problems(report, "cy")
    assert (problem.kind, problem.paragraph) == ("quantifier", "1.1")
    with (
        pytest.raises(PublishBlocked, match="^the Welsh report has 1 consistency problem "),
        translation.override("en"),
    ):
        report_publish(report=report, user=demo_lead, now=MOMENT)
    assert not ReportVersion.objects.filter(report=report, published=True).exists()


def test_the_welsh_document_heads_its_footnotes_in_welsh(welsh_report: Report) -> None:
    content = welsh_report.content_cy
    assert content is not None
    opening = content["sections"][0]["paragraphs"][0]
    opening["footnote"] = "Cyhoeddwyd Ionawr 2015. Ffynhonnell: y Weinyddiaeth Gyfiawnder"
    page = html.unescape(render(content, "html", moment=MOMENT).decode())
    footnotes = page[page.index('id="h-footnotes"') :]
    assert ">Troednodiadau<" in footnotes
    assert "Yn ôl i'r testun" in footnotes
    assert "Footnotes" not in footnotes and "Back to text" not in footnotes


def test_the_welsh_report_names_the_reoffending_months_in_welsh(
    welsh_inspection: Inspection, demo_lead: Any
) -> None:
    """The quoted cohort and publication month are kept as the Ministry of Justice's
    table writes them, in English; each report names the months in its own language."""
    from decimal import Decimal

    Inspection.objects.filter(pk=welsh_inspection.pk).update(
        reoffending_rate=Decimal("40.1"),
        reoffending_previous_rate=Decimal("42.0"),
        reoffending_national_rate=Decimal("36.1"),
        reoffending_cohort="April 2012 – March 2013",
        reoffending_published="January 2015",
    )
    welsh_inspection.refresh_from_db()
    report = report_create(inspection=welsh_inspection, user=demo_lead)
    assert report.content_cy is not None
    # The whole content, its footnotes included.
    welsh, english = (
        json.dumps(c, ensure_ascii=False) for c in (report.content_cy, report.content)
    )
    assert "Cyhoeddwyd Ionawr 2015" in welsh and "Ebrill 2012 – Mawrth 2013" in welsh
    assert "January" not in welsh and "April 2012" not in welsh
    assert "Published January 2015" in english and "April 2012 – March 2013" in english
