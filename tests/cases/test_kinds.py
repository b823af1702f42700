"""Out-of-court disposals in the case list: read from a YOT's words, shown as their kind."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from casescreen.assessments.models import Assessment
from casescreen.cases import importing
from casescreen.cases.kinds import NOT_COVERED, kind_label
from casescreen.cases.models import Case, SentenceType
from casescreen.frameworks import get_framework


@pytest.mark.parametrize(
    ("written", "sentence_type"),
    [
        ("Youth Caution", "youth_caution"),
        ("youth caution", "youth_caution"),
        ("YC", "youth_caution"),
        ("Youth Conditional Caution", "youth_conditional_caution"),
        ("YCC", "youth_conditional_caution"),
        ("Conditional caution", "youth_conditional_caution"),
        ("Community resolution", "community_resolution"),
        ("Community Resolution", "community_resolution"),
        ("Youth community resolution", "community_resolution"),
        ("Out of court disposal", "out_of_court"),
        ("Referral Order", "referral_order"),
    ],
)
def test_the_case_list_reads_out_of_court_disposals(written: str, sentence_type: str) -> None:
    parsed = _parse(written)
    assert [row.facts["sentence_type"] for row in parsed.rows] == [sentence_type]
    assert sentence_type in SentenceType.values


def test_an_unknown_disposal_is_refused_by_name() -> None:
    parsed = _parse("Triage 2")
    assert not parsed.rows
    assert [e.reason for e in parsed.errors] == ["'Triage 2' is not a known sentence type"]


@pytest.mark.parametrize(
    ("key", "sentence_type", "label"),
    [
        ("youth-justice@2021.1", "youth_caution", "Out-of-court disposal"),
        ("youth-justice@2021.1", "community_resolution", "Out-of-court disposal"),
        ("youth-justice@2021.1", "custody", "Court disposal"),
        ("sqs@2015.1", "custody", "Statutory court sentence"),
        ("sqs@2015.1", "youth_caution", NOT_COVERED),
    ],
)
def test_the_kind_of_case_comes_from_the_framework(
    key: str, sentence_type: str, label: str
) -> None:
    assert kind_label(get_framework(*key.split("@")), sentence_type) == label


def test_the_inspection_and_case_pages_show_the_kind_of_case(
    inspection: Any, as_user: Any, lead_inspector: Any
) -> None:
    inspection.framework_id, inspection.framework_version = "youth-justice", "2021.1"
    inspection.save()
    case = Case.objects.create(
        inspection=inspection,
        reference="OOC1",
        sentence_type="youth_conditional_caution",
        sample_status=Case.SampleStatus.SAMPLED,
    )
    Assessment.objects.create(case=case, framework_id="youth-justice", framework_version="2021.1")
    client = as_user(lead_inspector)
    listing = _text(client.get(f"/inspections/{inspection.reference}/"))
    assert "OOC1 Out-of-court disposal Youth conditional caution" in listing
    page = client.get(f"/inspections/{inspection.reference}/cases/{case.reference}/")
    assert "Kind of case Out-of-court disposal" in _text(page)


def _parse(sentence: str) -> importing.ParsedCases:
    table = importing.read_table(
        f"Case reference,Sentence type\r\nC1,{sentence}\r\n".encode(), "l.csv"
    )
    columns = importing.resolve_mapping(table.headers, {})
    return importing.parse_cases(table, columns, today=date(2021, 11, 1))


def _text(response: Any) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
