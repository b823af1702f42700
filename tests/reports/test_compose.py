from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pydantic import ValidationError

from casescreen.frameworks.report_templates import template_for
from casescreen.reports.compose import Wording, compose, fieldwork_dates
from casescreen.reports.documents import text_lines
from casescreen.reports.selectors import report_problems
from tests.reports.conftest import FOOTNOTE, REDBRIDGE_STATEMENTS, flat, paragraph


def test_redbridge_draft_states_every_finding_of_the_seed(demo_report: Any) -> None:
    text = flat(" ".join(text_lines(demo_report.content)))
    missing = [s for s in REDBRIDGE_STATEMENTS if s not in text]
    assert missing == []
    assert paragraph(demo_report, "summary.reoffending")["footnote"] == FOOTNOTE


def test_redbridge_draft_has_no_consistency_problem(demo_report: Any) -> None:
    assert report_problems(demo_report) == []


def test_draft_header_and_closing_name_the_people_in_the_register(demo_report: Any) -> None:
    header = demo_report.content["header"]
    assert header["to"] == "Morag Ellison, Chair of the Youth Offending Team Management Board"
    assert header["from"] == "HM Assistant Chief Inspector"
    assert header["publication_date"] == ""
    assert "from 2 to 4 February 2015" in paragraph(demo_report, "opening")["text"]
    assert paragraph(demo_report, "closing.contact")["text"] == (
        "If you have any questions about the inspection, please contact the lead inspector, "
        "Lena Whitfield, at lena.whitfield@inspectorate.example."
    )
    copy_list = {row["role"]: row["names"] for row in demo_report.content["copy_list"]}
    assert copy_list["YOT Manager"] == "Dev Bhatt"
    assert copy_list["YJB link staff"] == "Asha Rowntree, Neil Dunmore"
    assert copy_list["Care Quality Commission"] == ""  # the register has no name for it


def test_header_without_names_falls_back_to_role_titles(demo: Any, demo_lead: Any) -> None:
    from casescreen.inspections.models import TeamMembership
    from casescreen.reports.services import report_create

    demo.yot.board_chair = ""
    demo.yot.save()
    TeamMembership.objects.filter(inspection=demo, role="lead").update(role="inspector")
    report = report_create(inspection=demo, user=demo_lead)
    assert report.content["header"]["to"] == "Chair of the Youth Offending Team Management Board"
    assert "through HM Inspectorate of Probation" in paragraph(report, "closing.contact")["text"]


def test_paragraphs_open_with_why_they_matter_and_narrative_ones_prompt_the_lead(
    fresh_report: Any,
) -> None:
    demo_report = fresh_report
    p11 = paragraph(demo_report, "1.1")
    assert p11["edited"] is False and p11["text"] == p11["generated_text"]
    assert p11["questions"] == ["q1_1_offending_understood"]
    assert p11["text"].startswith("Work to reduce offending starts with knowing why")
    for key in ("summary.narrative", "4.2", "4.3", "OM"):
        narrative = paragraph(demo_report, key)
        assert narrative["text"] == "" and narrative["prompt"], key
    assert "overall judgement" in paragraph(demo_report, "summary.narrative")["prompt"]
    sections = {s["id"]: s for s in demo_report.content["sections"]}
    assert [p["key"] for p in sections["operational-management"]["paragraphs"]] == ["OM"]


def test_the_draft_page_shows_what_is_still_to_be_written(fresh_report: Any) -> None:
    demo_report = fresh_report
    from tests.conftest import client_for

    lead = client_for(demo_report.inspection.members.get(role="lead").user)
    page = lead.get(f"/inspections/{demo_report.inspection.reference}/report/").content.decode()
    assert page.count("To be written by the lead inspector.") == 4


def test_proposals_match_the_seeds_own_lists(demo_report: Any) -> None:
    sections = {s["id"]: s for s in demo_report.content["sections"]}
    strengths = [p["questions"][0] for p in sections["key-strengths"]["paragraphs"]]
    improvements = [p["questions"][0] for p in sections["improvements"]["paragraphs"]]
    # The seed's data-driven key strengths: custody, diversity, enforcement (its other two,
    # the service to children placed in the borough and the staff's commitment, are the
    # lead inspector's own).
    assert strengths == [
        "q1_6_custody_planning",
        "q4_1_diversity_understood",
        "q4_5_non_compliance_response",
    ]
    # Its one area requiring improvement is the placing authorities'; findings the seed
    # calls "most" (vulnerability reviews, 17 of 24) are not areas for improvement.
    assert improvements == ["qafi_placed_children"]
    texts = [
        p["text"] for s in ("key-strengths", "improvements") for p in sections[s]["paragraphs"]
    ]
    numbered = " ".join(
        p["text"]
        for s in demo_report.content["sections"]
        if s["kind"] == "numbered"
        for p in s["paragraphs"]
    )
    for text in texts:
        assert text not in numbered  # no copy of a paragraph's sentence
        assert not text.lower().startswith(("those ", "these ", "this ", "they "))
        assert text.count(". ") == 0  # one sentence each


def test_a_second_template_changes_the_letter_from_the_same_data(
    demo_report: Any, tmp_path: Any
) -> None:
    from casescreen.frameworks.report_templates import load_template
    from casescreen.reports.compose import compose
    from casescreen.reports.selectors import report_data

    original = template_for("sqs@2015.1")
    text = original.path.read_text()
    text = text.replace("status: published", "status: draft")
    text = text.replace("id: sqs-letter", "id: sqs-letter-plain")
    text = text.replace("Chair of the Youth Offending Team Management Board", "Chair of the Board")
    text = text.replace(
        'en: ["In all cases, {met}.", "In every case, {met}."]', 'en: "Every case: {met}."'
    )
    text = text.replace("en: Key strengths", "en: What works well")
    text = text.replace("copy_list: {en: Copy list", "copy_list: {en: Distribution")
    path = tmp_path / "plain.yaml"
    path.write_text(text)
    second = load_template(path)

    data = report_data(demo_report.inspection)
    first_letter = compose(data, original)
    second_letter = compose(data, second)

    assert first_letter["header"]["to"].endswith("Management Board")
    assert second_letter["header"]["to"] == "Morag Ellison, Chair of the Board"
    assert second_letter["template"] == "sqs-letter-plain@2"
    lines = flat(" ".join(text_lines(second_letter)))
    assert "Every case: there was sufficient planning in place" in lines
    assert "## What works well" in " ".join(text_lines(second_letter))
    assert "Every case:" not in flat(" ".join(text_lines(first_letter)))
    from casescreen.reports.render_html import render_fragment

    assert ">Distribution<" in render_fragment(second_letter)
    assert ">Copy list<" in render_fragment(first_letter)


def test_no_sentence_of_the_seed_is_copied(demo_report: Any) -> None:
    text = flat(" ".join(text_lines(demo_report.content)))
    for sentence in (
        "The aim of the youth justice system is to prevent offending",
        "This report is published on the HMI Probation website",
        "We are grateful for the support we received from staff",
        "we were satisfied that the case manager understood",
    ):
        assert sentence not in text


def _q(met: int, applicable: int, **extra: Any) -> dict[str, Any]:
    q = {
        "id": "q",
        "met": met,
        "not_met": applicable - met,
        "applicable": applicable,
        "count_noun": "cases",
        "applies_to": "custody cases",
        "met_wording": "it was done",
        "not_met_wording": "it was not done",
        "style": "quantified",
    }
    q.update(extra)
    return q


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (_q(31, 33, applies_to="all cases"), "In all but two cases, it was done."),
        (_q(32, 33, applies_to="all cases"), "In all but one case, it was done."),
        (_q(33, 33, applies_to="all cases"), "In all cases, it was done."),
        (_q(2, 4), "In two of the four custody cases, it was done."),
        (_q(4, 4, count_noun="custody cases"), "In each of the four custody cases, it was done."),
        (
            _q(22, 22, count_noun="reports"),
            "We looked at 22 reports and in every one, it was done.",
        ),
        (_q(10, 20), "In half of the custody cases, it was done."),
        # A quantifier reads before a noun as English writes it, and without one as itself.
        (_q(12, 20), "In the majority of custody cases, it was done."),
        (_q(6, 20), "In a minority of custody cases, it was done."),
        (_q(12, 20, applies_to="all cases"), "In the majority of cases, it was done."),
        (_q(5, 20, applies_to="all cases"), "In a minority of cases, it was done."),
        (_q(16, 20, count_noun="reports"), "We looked at 20 reports. In almost all of them,"),
        (_q(10, 20, count_noun="reports"), "We looked at 20 reports. In half of them, it was"),
        (_q(12, 20, count_noun="reports"), "20 reports. In the majority of them, it was done."),
        (_q(17, 20), "There were 20 custody cases. In all but three of these cases, it was done."),
        (_q(1, 2), "too small to report"),
        (_q(0, 0), "The sample included no custody cases."),
        (_q(7, 12, style="count"), "In seven cases it was done."),
        (_q(1, 12, style="count"), "In one case it was done."),
    ],
)
def test_question_sentence_states_the_counts_in_words(q: dict[str, Any], expected: str) -> None:
    applicable = q["applicable"] if q["applies_to"] == "all cases" else 33
    wording = Wording(template_for("sqs@2015.1"))
    sentence = wording.question(q, cases_examined=applicable, threshold=3)
    assert expected in sentence


@pytest.mark.parametrize(
    ("met", "expected"),
    [
        (16, "In a minority of cases, it was not done."),
        (14, "In too many cases, it was not done."),
    ],
)
def test_an_area_for_improvement_names_the_share_that_failed(met: int, expected: str) -> None:
    wording = Wording(template_for("sqs@2015.1"))
    assert wording.improvement(_q(met, 20)) == expected


def test_the_first_template_version_stays_for_what_was_written_with_it() -> None:
    from casescreen.frameworks.report_templates import template_by_key

    current, first = template_for("sqs@2015.1"), template_by_key("sqs-letter@1")
    assert current.key == "sqs-letter@2"
    assert first is not None and first.key == "sqs-letter@1"
    # The second version mends the English quantifiers only: the Welsh is the same.
    welsh = template_for("sqs@2015.1", "cy")
    assert welsh.spec == template_by_key("sqs-letter@1", "cy").spec.model_copy(  # type: ignore[union-attr]
        update={"version": "2"}
    )


def test_alternative_forms_are_used_in_turn() -> None:
    wording = Wording(template_for("sqs@2015.1"))
    q = _q(33, 33, applies_to="all cases")
    first, second, third = (wording.question(q, cases_examined=33, threshold=3) for _ in "abc")
    assert (first, second, third) == (
        "In all cases, it was done.",
        "In every case, it was done.",
        "In all cases, it was done.",
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2015-02-02", "2015-02-04", "2 to 4 February 2015"),
        ("2015-03-30", "2015-04-01", "30 March to 1 April 2015"),
        ("2015-12-30", "2016-01-02", "30 December 2015 to 2 January 2016"),
    ],
)
def test_fieldwork_dates_read_naturally(start: str, end: str, expected: str) -> None:
    from datetime import date

    assert fieldwork_dates(date.fromisoformat(start), date.fromisoformat(end)) == expected


def test_composed_and_published_content_match_the_report_schema(
    demo_report: Any, demo_lead: Any
) -> None:
    from casescreen.reports.content import check_report_content
    from casescreen.reports.services import report_set_annex

    report = report_set_annex(report=demo_report, include=True, user=demo_lead)

    checked = check_report_content(report.content)

    assert checked.inspection == "redbridge-2015-02"
    assert checked.annex.include and checked.annex.themes
    assert sum(len(s.paragraphs) for s in checked.sections) == sum(
        len(s["paragraphs"]) for s in report.content["sections"]
    )
    # A document the renderers could not print is refused, naming the place.
    broken = json.loads(json.dumps(report.content))
    broken["sections"][2]["paragraphs"][0]["quotes"] = [{"text": 1}]
    with pytest.raises(ValidationError, match=r"sections\.2\.paragraphs\.0\.quotes\.0"):
        check_report_content(broken)


def test_the_judgement_prompt_compares_with_the_previous_inspection_when_one_is_held(
    demo: Any,
) -> None:
    from datetime import date

    from casescreen.inspections.models import Inspection
    from casescreen.reports.compose import compose
    from casescreen.reports.selectors import report_data

    template = template_for("sqs@2015.1")
    data = report_data(demo)
    assert data["previous_inspection"] == ""
    prompt = compose(data, template)["sections"][2]["paragraphs"][-2]["prompt"]
    assert "previous inspection" not in prompt
    Inspection.objects.create(
        yot=demo.yot,
        reference="redbridge-2011-06",
        framework_id=demo.framework_id,
        framework_version=demo.framework_version,
        status=Inspection.Status.CLOSED,
        fieldwork_start=date(2011, 6, 6),
        fieldwork_end=date(2011, 6, 8),
        published_on=date(2011, 7, 14),
    )
    data = report_data(demo)
    assert data["previous_inspection"] == "published July 2011"
    narrative = next(
        p
        for s in compose(data, template)["sections"]
        for p in s["paragraphs"]
        if p["key"] == "summary.narrative"
    )
    assert (
        "compares with what we found at the previous inspection (published July 2011)"
        in (narrative["prompt"])
    )


@pytest.mark.parametrize("applicable", [0, 2])
def test_a_paragraph_says_once_that_its_group_is_too_small_or_absent(
    db: Any, redbridge_snapshot: Any, applicable: int
) -> None:
    # Both questions of 4.5 count the cases where the child did not comply.
    data = copy.deepcopy(redbridge_snapshot["data"])
    for q in data["questions"]:
        if q["paragraph"] == "4.5":
            q.update(met=min(q["met"], applicable), applicable=applicable)
            q["not_met"] = applicable - q["met"]
    content = compose(data, template_for(data["framework"]))
    text = next(
        p["text"] for s in content["sections"] for p in s["paragraphs"] if p["key"] == "4.5"
    )
    sentence = (
        "The sample included no cases where the child did not comply."
        if applicable == 0
        else "The number of cases where the child did not comply in the sample was too small"
    )
    assert text.count(sentence) == 1
