"""A report of rated standards: an inspection of youth justice services, drafted from its
cases in the report template of its framework, with findings as percentages."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from typing import Any

import docx
import pytest

from casescreen.reports.content import check_report_content
from casescreen.reports.documents import render
from casescreen.reports.render_html import render_standalone
from casescreen.reports.selectors import report_problems
from tests.reports.conftest import flat, paragraph
from tests.reports.test_render import pdf_text

MOMENT = datetime(2022, 4, 29, 9, 0, tzinfo=UTC)

# Court disposal cases, out-of-court disposal cases, and the court cases where a change
# required the work to support desistance to be reviewed.
COURT, OUT_OF_COURT, REVIEWED = 8, 4, 5
# Question -> how many of its applicable cases were judged not sufficient (every other
# applicable question is judged sufficient in every case).
NOT_MET = {
    "s2_1_desistance": 2,  # 6 of 8: 75 per cent
    "s2_1_child_safety": 1,  # 7 of 8: 88 per cent
    "s2_4_desistance": 1,  # 4 of 5: 80 per cent
    "s3_1_desistance": 1,  # 3 of 4: 75 per cent
    "s3_2_others_safety": 2,  # 2 of 4: 50 per cent
}


@pytest.fixture
def youth_inspection(db: Any, yot: Any, lead_inspector: Any) -> Any:
    """An inspection pinned to the youth justice framework, its sample assessed."""
    from casescreen.assessments.models import Answer, Assessment
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection, TeamMembership

    inspection = Inspection.objects.create(
        yot=yot,
        reference="testshire-2022-03",
        framework_id="youth-justice",
        framework_version="2021.1",
        status=Inspection.Status.DRAFTING,
        fieldwork_start=date(2022, 3, 7),
        fieldwork_end=date(2022, 3, 11),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead_inspector, role="lead")
    framework = inspection.framework()
    not_met = dict(NOT_MET)
    for i in range(COURT + OUT_OF_COURT):
        court = i < COURT
        case = Case.objects.create(
            inspection=inspection,
            reference=f"YJ{i:04}",
            sample_status=Case.SampleStatus.SAMPLED,
            sentence_type="referral_order" if court else "youth_caution",
            reoffending_review_required=court and i < REVIEWED,
        )
        assessment = Assessment.objects.create(
            case=case,
            status=Assessment.Status.COMPLETED,
            framework_id=inspection.framework_id,
            framework_version=inspection.framework_version,
        )
        for q in framework.questions:
            if q.applies(case.facts()):
                value = "no" if not_met.get(q.id, 0) > 0 else "yes"
                not_met[q.id] = not_met.get(q.id, 0) - (value == "no")
                Answer.objects.create(assessment=assessment, question_id=q.id, value=value)
    return inspection


@pytest.fixture
def youth_report(youth_inspection: Any, lead_inspector: Any) -> Any:
    from casescreen.reports.services import report_create

    return report_create(inspection=youth_inspection, user=lead_inspector)


# The judged standards' ratings as the lead records them, each with its key findings.
JUDGED = {"1.1": "good", "1.2": "outstanding", "1.3": "good", "1.4": "good", "3.4": "good"}


@pytest.fixture
def rated_report(youth_inspection: Any, lead_inspector: Any) -> Any:
    """The draft of an inspection whose judged standards are rated, all but 4.1."""
    from casescreen.findings.services import standard_judgement_record
    from casescreen.reports.services import report_create

    for standard, rating in JUDGED.items():
        standard_judgement_record(
            inspection=youth_inspection,
            user=lead_inspector,
            standard=standard,
            rating=rating,
            key_findings=f"Key findings of standard {standard}, as the lead recorded them.",
        )
    return report_create(inspection=youth_inspection, user=lead_inspector)


# Case standards rated from their lowest key question (80 / 65 / 50 per cent bands):
# 2.1 at 75, 3.1 at 75, 3.2 at 50; every other case standard at 80 or more.
RATINGS = {
    "1.1 Governance and leadership": "Good",
    "1.2 Staff": "Outstanding",
    "2.1 Assessment": "Good",
    "2.2 Planning": "Outstanding",
    "2.4 Reviewing": "Outstanding",
    "3.1 Assessment": "Good",
    "3.2 Planning": "Requires improvement",
    "3.4 Out-of-court disposal policy and provision": "Good",
    "4.1 Resettlement policy and provision": "Not yet rated",
}


def _table(report: Any) -> dict[str, Any]:
    table: dict[str, Any] = report.content["sections"][1]["table"]
    return table


def test_the_ratings_table_rates_each_standard_and_waits_for_the_last(
    rated_report: Any, youth_inspection: Any, lead_inspector: Any
) -> None:
    from casescreen.findings.services import standard_judgement_record
    from casescreen.reports.services import report_refresh

    rows = {
        f"{r['number']} {r['title']}": r["rating"]
        for g in _table(rated_report)["groups"]
        for r in g["rows"]
    }
    assert {standard: rows[standard] for standard in RATINGS} == RATINGS
    # 4.1 is not rated yet, so neither is the inspection as a whole.
    assert _table(rated_report)["overall"]["rating"] == "Not yet rated"
    assert "ratings.overall" not in {
        p["key"] for s in rated_report.content["sections"] for p in s["paragraphs"]
    }
    assert (
        paragraph(rated_report, "1.1")["text"]
        == "Our rating for governance and leadership is: Good."
    )
    assert paragraph(rated_report, "1.1.findings")["text"] == (
        "Key findings of standard 1.1, as the lead recorded them."
    )
    assert (
        paragraph(rated_report, "4.1")["text"]
        == "Resettlement policy and provision is not yet rated."
    )
    assert (
        paragraph(rated_report, "3.2")["text"]
        == "Our rating for planning is: Requires improvement."
    )

    standard_judgement_record(
        inspection=youth_inspection,
        user=lead_inspector,
        standard="4.1",
        rating="inadequate",
        key_findings="Resettlement was planned late.",
    )
    report = report_refresh(report=rated_report, user=lead_inspector)
    # Scores 3-2-1-0: judged 2+3+2+2+2+0, case standards 2+3+3+3+2+1+3; 29 of 39 is Good.
    assert _table(report)["overall"] == {
        "title": "Overall rating",
        "rating": "Good",
        "rating_id": "good",
    }
    assert paragraph(report, "ratings.overall")["text"].startswith(
        "Youth justice services in Testshire County Council were rated as Good."
    )
    assert paragraph(report, "4.1.findings")["text"] == "Resettlement was planned late."


FINDINGS = (
    "An inspection of youth justice services in Testshire County Council",
    "We examined 12 cases: eight court disposals and four out-of-court disposals.",
    "Assessment sufficiently analysed how to support the child's desistance in 75 per cent "
    "of cases.",
    "Assessment sufficiently analysed how to keep the child safe in 88 per cent of cases.",
    "Assessment sufficiently analysed how to keep other people safe in 100 per cent of cases.",
    "Reviewing focused sufficiently on supporting the child's desistance in 80 per cent of "
    "court disposal cases where a change required the work to support desistance to be "
    "reviewed.",
    "Planning focused on keeping other people safe in 50 per cent of cases.",
)


def test_the_draft_states_each_key_question_as_a_percentage(youth_report: Any) -> None:
    check_report_content(youth_report.content)
    assert youth_report.content["template"] == "youth-justice-report@1"
    findings = paragraph(youth_report, "2.1.findings")
    assert findings["questions"] == ["s2_1_desistance", "s2_1_child_safety", "s2_1_others_safety"]
    assert findings["text"] == " ".join(FINDINGS[2:5])
    assert FINDINGS[5] in paragraph(youth_report, "2.4.findings")["text"]
    # No court case needed the child's safety reviewed: no figure is made up for it.
    assert (
        "We could not judge whether reviewing focused sufficiently on keeping the child safe"
        in paragraph(youth_report, "2.4.findings")["text"]
    )
    assert FINDINGS[6] in paragraph(youth_report, "3.2.findings")["text"]
    assert paragraph(youth_report, "sample")["text"] == FINDINGS[1]


def test_the_draft_has_the_shape_of_a_youth_justice_report(youth_report: Any) -> None:
    sections = [(s["id"], s["title"]) for s in youth_report.content["sections"]]
    assert sections == [
        ("foreword", "Foreword"),
        ("ratings", "Ratings"),
        ("recommendations", "Recommendations"),
        ("sample", "The cases we inspected"),
        ("domain-1", "Domain one: organisational delivery"),
        ("domain-2", "Domain two: court disposals"),
        ("domain-3", "Domain three: out-of-court disposals"),
        ("domain-4", "Domain four: resettlement"),
    ]
    ratings = youth_report.content["sections"][1]["table"]
    assert [group["title"] for group in ratings["groups"]] == [title for _, title in sections[4:]]
    assert [row["number"] for group in ratings["groups"] for row in group["rows"]] == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1",
    ]  # fmt: skip
    # What the lead inspector writes: a foreword, recommendations, each domain's summary,
    # and the key findings of the judged standards not recorded with their ratings.
    for key in ("foreword", "recommendations.1", "domain-2.summary", "1.1.findings"):
        assert paragraph(youth_report, key)["prompt"], key
        assert paragraph(youth_report, key)["text"] == "", key


def test_the_consistency_check_holds_percentages_to_the_tallies(
    youth_report: Any, lead_inspector: Any
) -> None:
    from casescreen.reports.services import report_save_section

    problems = report_problems(youth_report)
    assert {p.kind for p in problems} == {"unwritten"}
    text = paragraph(youth_report, "2.1.findings")["text"]
    wrong = text.replace("in 75 per cent of cases", "in 85 per cent of cases")
    assert wrong != text
    report = report_save_section(
        report=youth_report,
        section_id="domain-2",
        texts={"2.1.findings": wrong},
        quotes={},
        expected_version=youth_report.version,
        user=lead_inspector,
    )
    figures = [p for p in report_problems(report) if p.kind == "figure"]
    assert [p.paragraph for p in figures] == ["2.1.findings"]
    assert '"85 per cent"' in figures[0].message
    assert "6 of 8 (75 per cent)" in figures[0].message


def _docx_text(blob: bytes) -> tuple[str, list[list[str]]]:
    """The paragraphs' text, and the rows of the table headed "Standard", "Rating"."""
    document = docx.Document(io.BytesIO(blob))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    ratings = next(t for t in tables if t[0] == ["Standard", "Rating"])
    return flat(" ".join(p.text for p in document.paragraphs)), ratings


def test_html_pdf_and_word_print_the_findings_and_the_ratings_table(
    rated_report: Any, tmp_path: Path
) -> None:
    content = rated_report.content
    table = content["sections"][1]["table"]
    rows = [
        (f"{r['number']} {r['title']}", r["rating"]) for g in table["groups"] for r in g["rows"]
    ]
    overall = (table["overall"]["title"], table["overall"]["rating"])
    page = flat(render_standalone(content))
    html = unescape(page)
    pdf = pdf_text(render(content, "pdf", moment=MOMENT), tmp_path)
    body, word_rows = _docx_text(render(content, "docx", moment=MOMENT))
    for text in (html, pdf, body):
        assert [s for s in FINDINGS if s not in text] == []
    assert f'{overall[0]}</th><td class="govuk-table__cell"><strong>{overall[1]}</strong>' in html
    assert {standard: rating for standard, rating in rows if standard in RATINGS} == RATINGS
    for standard, rating in rows:
        assert f'{standard}</th><td class="govuk-table__cell">{rating}</td>' in html
        assert f"{standard} {rating}" in pdf
    assert f"{overall[0]} {overall[1]}" in pdf
    # Word: a real table, its rows the overall rating then each domain and its standards.
    assert word_rows[:3] == [
        ["Standard", "Rating"],
        list(overall),
        ["Domain one: organisational delivery"] * 2,  # merged across both columns
    ]
    assert [list(row) for row in rows][:4] == word_rows[3:7]


def test_a_report_without_a_copy_list_prints_none_in_any_format(youth_report: Any) -> None:
    content = youth_report.content
    assert content["copy_list"] == []
    document = docx.Document(io.BytesIO(render(content, "docx", moment=MOMENT)))
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 2"]
    header_rows = [[cell.text for cell in t.rows[0].cells] for t in document.tables]
    assert "Copy list" not in headings
    assert ["Recipient", "Name", "Organisation"] not in header_rows
    assert "Copy list" not in render_standalone(content)
