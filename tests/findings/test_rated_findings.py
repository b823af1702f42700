"""Findings of a framework that states them as percentages and rates its standards."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from casescreen.findings.services import standard_judgement_record

JUDGED = ("1.1", "1.2", "1.3", "1.4", "3.4", "4.1")


def _no_for(question_no: dict[str, int]) -> Any:
    def value(i: int, question: Any) -> str:
        return "no" if i < question_no.get(question.id, 0) else "yes"

    return value


@pytest.fixture
def rated(yj_inspection: Any, answer_cases: Any) -> Any:
    """20 court cases (2.1 child safety 15 of 20, 75%) and 2 out-of-court cases (a small
    group), no case needing a review (so 2.4 has no applicable case)."""
    answer_cases(
        yj_inspection,
        20,
        sentence_type="youth_rehabilitation_order",
        prefix="CRT",
        value=_no_for({"s2_1_child_safety": 5}),
    )
    answer_cases(
        yj_inspection, 2, sentence_type="community_resolution", prefix="OOC", value=_no_for({})
    )
    return yj_inspection


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_findings_page_shows_percentages_and_the_ratings_table(
    rated: Any, lead_inspector: Any, as_user: Any
) -> None:
    response = as_user(lead_inspector).get(reverse("findings", args=[rated.reference]))
    assert response.status_code == 200
    html = response.content.decode()
    rows = {row.question.id: row for block in response.context["themes"] for row in block.rows}
    assert rows["s2_1_child_safety"].phrase == "75% (15 of 20)"
    assert rows["s2_1_desistance"].phrase == "100% (20 of 20)"
    assert rows["s2_4_desistance"].phrase == "No applicable cases"
    assert not any(row.area_for_improvement for row in rows.values())
    # Court and out-of-court disposals are separate sections, in the framework's order.
    themes = [block.theme.id for block in response.context["themes"]]
    assert themes == ["2", "3"]
    assert html.index('id="theme-2"') < html.index('id="theme-3"')
    assert "Court disposal cases" in html and "Out-of-court disposal cases" in html
    table = response.context["ratings"]
    assessment = next(r for r in table.rows if r.standard.id == "2.1")
    assert [c.text for c in assessment.cells] == [
        "100% (20 of 20)",
        "75% (15 of 20)",
        "100% (20 of 20)",
    ]
    assert assessment.rating == "Good"
    out_of_court = next(r for r in table.rows if r.standard.id == "3.1")
    assert all(c.disclosive for c in out_of_court.cells)  # 2 cases: below the threshold
    assert table.overall.startswith("Not yet rated: 7 standards")
    assert 'id="ratings-table"' in html
    assert '<strong class="govuk-tag govuk-tag--turquoise">Good</strong>' in html
    assert reverse("ratings", args=[rated.reference]) in html


def test_sqs_findings_keep_their_words_and_have_no_ratings(
    inspection: Any, populate: Any, lead_inspector: Any, as_user: Any
) -> None:
    populate(inspection, 12)
    response = as_user(lead_inspector).get(reverse("findings", args=[inspection.reference]))
    assert response.context["ratings"] is None
    html = response.content.decode()
    assert 'id="ratings-table"' not in html and "In words" in html
    phrases = [row.phrase for block in response.context["themes"] for row in block.rows]
    assert not any("%" in phrase for phrase in phrases)


def test_json_lists_each_standards_rating_and_the_overall(rated: Any, lead_inspector: Any) -> None:
    for standard in JUDGED:
        standard_judgement_record(
            inspection=rated,
            user=lead_inspector,
            standard=standard,
            rating="good",
            key_findings="Evidence.",
        )
    data = json.loads(run("findings", rated.reference, "--json"))
    assert (data["style"], data["vocabulary"]) == ("percentages", None)
    child_safety = next(q for q in data["questions"] if q["id"] == "s2_1_child_safety")
    assert (child_safety["phrase"], child_safety["failing_phrase"]) == ("75% (15 of 20)", None)
    ratings = {r["standard"]: r for r in data["ratings"]}
    assert list(ratings) == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1",
    ]  # fmt: skip
    assert ratings["2.1"]["key_questions"][1] == {
        "id": "child_safety",
        "sufficient": 15,
        "applicable": 20,
        "percent": 75,
    }
    assert (ratings["2.1"]["rating"], ratings["2.1"]["score"]) == ("good", 2)
    assert ratings["2.1"]["deciding"] == "child_safety"
    assert (ratings["1.1"]["rating"], ratings["1.1"]["judged"]) == ("good", True)
    assert (ratings["2.4"]["rating"], ratings["2.4"]["score"]) == (None, None)
    # 2.4 has no applicable case, so the overall rating waits for it.
    assert data["overall_rating"] == {
        "rating": None,
        "total": 6 * 2 + 2 + 5 * 3,
        "maximum": 39,
        "unrated": ["2.4"],
    }


def test_plain_text_shows_percentages_and_ratings(rated: Any) -> None:
    text = run("findings", rated.reference)
    assert "Sufficient" in text
    assert "75% (15 of 20)" in text
    assert "Ratings" in text
    ratings = text.splitlines()[text.splitlines().index("Ratings") :]
    line = next(line for line in ratings if line.startswith("2.1 "))
    assert "Good (2)" in line
    assert "Overall rating: not yet rated (total score 17 of 39, waiting for 1.1," in text


def test_sqs_json_has_no_ratings(inspection: Any, populate: Any) -> None:
    populate(inspection, 6)
    data = json.loads(run("findings", inspection.reference, "--json"))
    assert "ratings" not in data and data["vocabulary"]


def test_frameworks_command_lists_every_version() -> None:
    text = run("frameworks")
    lines = text.splitlines()
    assert lines[0].split() == ["Framework", "Title", "Status", "Style", "Ratings"]
    sqs = next(line for line in lines if line.startswith("sqs@2015.1 "))
    assert sqs.split()[-3:] == ["published", "quantifiers", "no"]
    youth = next(line for line in lines if line.startswith("youth-justice@2021.1 "))
    assert youth.split()[-3:] == ["published", "percentages", "yes"]
    listed = json.loads(run("frameworks", "--json"))
    from casescreen.frameworks.loader import available_frameworks

    assert sorted(f["framework"] for f in listed) == sorted(available_frameworks())
    assert {f["framework"]: f["ratings"] for f in listed}["youth-justice@2021.1"] is True
