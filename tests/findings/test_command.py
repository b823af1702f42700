from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from casescreen.assessments.models import Assessment


def run(*args: str) -> str:
    out = StringIO()
    call_command("findings", *args, stdout=out)
    return out.getvalue()


def test_json_lists_every_question_with_counts_words_interval_and_cases(demo: Any) -> None:
    data = json.loads(run("redbridge-2015-02", "--json"))
    assert data["inspection"] == "redbridge-2015-02"
    assert data["basis"] == {
        "completed": 33,
        "total": 33,
        "text": "based on 33 completed assessments",
        "excluded": [],
    }
    questions = {q["id"]: q for q in data["questions"]}
    assert len(questions) == len(demo.framework().questions)
    why = questions["q1_1_offending_understood"]
    assert {k: why[k] for k in ("paragraph", "applicable", "met", "not_met", "not_applicable")} == {
        "paragraph": "1.1",
        "applicable": 33,
        "met": 31,
        "not_met": 2,
        "not_applicable": 0,
    }
    assert why["phrase"] == "all but two"
    assert 0.79 < why["wilson_low"] < why["wilson_high"] < 0.99
    assert len(why["cases"]["met"]) == 31 and len(why["cases"]["not_met"]) == 2
    assert why["cases"]["not_applicable"] == [] and why["cases"]["unanswered"] == []
    custody = questions["q1_6_custody_planning"]
    assert (custody["applicable"], custody["not_applicable"], custody["disclosive"]) == (
        4,
        29,
        False,
    )
    assert questions["qafi_placed_children"]["failing_phrase"] == "too many"
    assert questions["q4_5_returned_to_court"]["phrase"] == "seven"


def test_json_reports_excluded_assessments(demo: Any) -> None:
    Assessment.objects.filter(case__reference__in=["RB15001", "RB15008"]).update(
        status=Assessment.Status.IN_PROGRESS
    )
    data = json.loads(run("redbridge-2015-02", "--json"))
    assert data["basis"]["text"] == "based on 31 completed assessments of 33"
    assert data["basis"]["excluded"] == ["RB15001", "RB15008"]


def test_json_of_inspection_without_completed_assessments(demo: Any) -> None:
    data = json.loads(run("thornbury-2015-03", "--json"))
    assert data["basis"]["completed"] == 0 and data["basis"]["total"] == 6
    first = data["questions"][0]
    assert (first["applicable"], first["phrase"], first["wilson_low"]) == (0, None, None)


def test_table_is_readable(demo: Any) -> None:
    out = run("redbridge-2015-02")
    lines = out.splitlines()
    assert lines[0] == "Findings for redbridge-2015-02, based on 33 completed assessments."
    assert lines[1].split()[:2] == ["Para", "Question"]
    why = next(line for line in lines if "q1_1_offending_understood" in line)
    assert why.split()[:5] == ["1.1", "q1_1_offending_understood", "33", "31", "2"]
    assert "all but two" in why and "80% to 98%" in why
    assert "too many not met" in next(line for line in lines if "qafi_placed" in line)


def test_unknown_reference_is_an_error(db: Any) -> None:
    with pytest.raises(CommandError, match="No inspection with reference 'nowhere-2015'"):
        run("nowhere-2015")
