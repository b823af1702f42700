"""A report in Welsh: composed from the Welsh template and quantifiers, checked in Welsh."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casescreen.frameworks.report_templates import template_for
from casescreen.reports.compose import Wording, compose, fieldwork_dates, paragraph, section
from casescreen.reports.consistency import check
from tests.reports.test_properties import consistency_problems
from tests.reports.test_rated_report import youth_inspection  # noqa: F401 - a fixture

THRESHOLD = 3
WELSH = template_for("sqs@2015.1", "cy")


def _q(met: int, applicable: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": "q",
        "paragraph": "1.1",
        "met": met,
        "not_met": applicable - met,
        "applicable": applicable,
        "style": "quantified",
        "count_noun": "achosion",
        "applies_to": "achosion lle roedd angen adolygiad",
        "met_wording": "roedd y gwaith wedi'i wneud yn dda",
        "not_met_wording": "nid oedd y gwaith wedi'i wneud yn dda",
    } | extra


def _sentence(q: dict[str, Any], cases_examined: int = 33) -> str:
    return Wording(WELSH).question(q, cases_examined=cases_examined, threshold=THRESHOLD)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (_q(33, 33), "Ym mhob achos, roedd y gwaith wedi'i wneud yn dda."),
        (_q(31, 33), "Ym mhob achos ond dau, roedd y gwaith wedi'i wneud yn dda."),
        (_q(0, 33), "Nid oedd yr un achos lle roedd y gwaith wedi'i wneud yn dda."),
        (_q(24, 33), "Yn y rhan fwyaf o'r achosion, roedd y gwaith wedi'i wneud yn dda."),
        (_q(27, 33), "Ym mron pob un o'r achosion, roedd y gwaith wedi'i wneud yn dda."),
        (
            _q(12, 20),
            "Yn y mwyafrif o'r achosion lle roedd angen adolygiad, roedd y gwaith wedi'i wneud "
            "yn dda.",
        ),
        (
            _q(17, 20),
            "Roedd ugain o achosion lle roedd angen adolygiad. Ym mhob un ond tri ohonynt, roedd "
            "y gwaith wedi'i wneud yn dda.",
        ),
        (
            _q(2, 3, applies_to="plant yn y ddalfa"),
            "Mewn dau o'r tri phlentyn yn y ddalfa, roedd y gwaith wedi'i wneud yn dda.",
        ),
        (
            _q(1, 2, applies_to="plant yn y ddalfa"),
            "Mewn un o'r ddau blentyn yn y ddalfa, roedd y gwaith wedi'i wneud yn dda.",
        ),
        (
            _q(3, 3, applies_to="plant yn y ddalfa"),
            "Roedd tri phlentyn yn y ddalfa. Ym mhob un ohonynt, roedd y gwaith wedi'i wneud yn "
            "dda.",
        ),
        (
            _q(5, 6, count_noun="adroddiadau", applies_to="achosion ag adroddiad"),
            "Roedd chwe adroddiad, ac ym mhob un ond un ohonynt, roedd y gwaith wedi'i wneud yn "
            "dda.",
        ),
        (
            _q(2, 2, count_noun="adroddiadau", applies_to="achosion ag adroddiad"),
            "Roedd dau adroddiad; ym mhob un, roedd y gwaith wedi'i wneud yn dda.",
        ),
        (
            _q(3, 9, style="count", count_noun="adroddiadau"),
            "Mewn tri adroddiad, roedd y gwaith wedi'i wneud yn dda.",
        ),
        (
            _q(1, 2, applies_to="plant"),
            "Roedd y sampl yn cynnwys plant, ond roedd eu nifer yn "
            "rhy fach i adrodd arnynt heb risg o adnabod plentyn.",
        ),
    ],
)
def test_welsh_sentences(q: dict[str, Any], expected: str) -> None:
    threshold_small = q["applicable"] == 2 and q["applies_to"] == "plant"
    text = Wording(WELSH).question(
        q, cases_examined=33, threshold=THRESHOLD if threshold_small else 1
    )
    assert text == expected


def test_an_improvement_in_welsh() -> None:
    q = _q(26, 33) | {"id": "q1_1"}
    assert Wording(WELSH).improvement(q) == (
        "Mewn lleiafrif o achosion, nid oedd y gwaith wedi'i wneud yn dda."
    )
    q = _q(10, 33) | {"id": "q1_1"}
    assert Wording(WELSH).improvement(q).startswith("Mewn gormod o achosion, ")


def test_fieldwork_dates_in_welsh() -> None:
    assert fieldwork_dates(date(2015, 2, 2), date(2015, 2, 4), "cy") == "2 i 4 Chwefror 2015"
    assert fieldwork_dates(date(2015, 3, 30), date(2015, 4, 1), "cy") == "30 Mawrth i 1 Ebrill 2015"
    assert fieldwork_dates(date(2015, 2, 2), date(2015, 2, 4)) == "2 to 4 February 2015"


@st.composite
def findings(draw: Any) -> tuple[dict[str, Any], int]:
    cases_examined = draw(st.integers(min_value=THRESHOLD, max_value=80))
    whole = draw(st.booleans())
    applicable = cases_examined if whole else draw(st.integers(0, cases_examined))
    met = draw(st.integers(0, applicable))
    noun = draw(st.sampled_from(["achosion", "adroddiadau", "achosion yn y ddalfa"]))
    group = "achosion" if whole else draw(st.sampled_from(["achosion lle roedd angen", "plant"]))
    style = draw(st.sampled_from(["quantified", "quantified", "count"]))
    return _q(met, applicable, count_noun=noun, applies_to=group, style=style), cases_examined


def _check(q: dict[str, Any], cases_examined: int, text: str) -> list[Any]:
    return consistency_problems(q, cases_examined, text, lang="cy")


@settings(max_examples=300, deadline=None)
@given(findings())
def test_a_generated_welsh_sentence_never_fails_the_welsh_check(
    case: tuple[dict[str, Any], int],
) -> None:
    q, cases_examined = case
    wording = Wording(WELSH)
    for _ in range(3):
        text = wording.question(q, cases_examined=cases_examined, threshold=THRESHOLD)
        assert _check(q, cases_examined, text) == [], text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ym mhob achos, roedd y gwaith yn dda.", "quantifier"),
        ("Ym mhob achos ond tri, roedd y gwaith yn dda.", "quantifier"),
        ("Ym mhob achos ond dau, roedd y gwaith yn dda.", None),
        ("Ym mron pob un o'r achosion, roedd y gwaith yn dda.", None),
        ("Nid oedd yr un achos lle roedd y gwaith yn dda.", "quantifier"),
        ("Yn hanner yr achosion, roedd y gwaith yn dda.", "quantifier"),
        ("Mewn lleiafrif o'r achosion, nid oedd y gwaith yn dda.", None),
        ("Mewn dau o'r pedwar achos, roedd y gwaith yn dda.", "quantifier"),
        ("Roedd 34 o achosion.", "quantifier"),
        ("Roedd 33 o achosion.", None),
        ("Roedd y gwaith yn dda mewn 94 y cant o'r achosion.", None),
        ("Roedd y gwaith yn dda mewn 95 y cant o'r achosion.", "figure"),
    ],
)
def test_a_wrong_welsh_claim_is_caught(text: str, kind: str | None) -> None:
    problems = _check(_q(31, 33), 33, text)
    assert [p.kind for p in problems] == ([kind] if kind else [])


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        (
            "Roedd hyn yn well na'r flwyddyn flaenorol ond yn waeth na chyfartaledd Cymru a "
            "Lloegr o 36.1%.",
            [],
        ),
        ("Roedd hyn yn waeth na'r flwyddyn flaenorol.", ["yn waeth na'r flwyddyn flaenorol"]),
        (
            "Roedd hyn yr un fath â chyfartaledd Cymru a Lloegr.",
            ["yr un fath â chyfartaledd cymru a lloegr"],
        ),
        # English words are not the Welsh report's claims.
        ("Roedd hyn (worse than the previous year).", []),
    ],
)
def test_a_wrong_welsh_reoffending_comparison_is_caught(text: str, wrong: list[str]) -> None:
    content = {
        "lang": "cy",
        "title": "Adroddiad",
        "sections": [
            section("summary", "Crynodeb", "plain", [paragraph("summary.reoffending", text)])
        ],
    }
    data = {
        "questions": [],
        "threshold": THRESHOLD,
        "cases_examined": 33,
        "reoffending": {
            "rate": "43.6",
            "previous": "45.0",
            "national": "36.1",
            "versus_previous": "better",
            "versus_national": "worse",
        },
        "vocabulary": "sqs",
    }
    problems = [p for p in check(content, data) if p.kind == "figure"]
    assert [p.message.split('"')[1] for p in problems] == wrong


def test_an_english_claim_is_not_read_in_a_welsh_report() -> None:
    # A Welsh report is read in Welsh: its words, not English ones, are its claims.
    assert _check(_q(31, 33), 33, "Ym mhob achos ond dau (in all cases).") == []


# The Welsh of the counted nouns, until the framework itself is read in Welsh.
NOUNS = {"cases": "achosion", "reports": "adroddiadau", "custody cases": "achosion yn y ddalfa"}


def _in_welsh(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for q in data["questions"]:
        q["count_noun"] = NOUNS[q["count_noun"]]
        q["applies_to"] = (
            "achosion" if q["applies_to"] == "all cases" else "achosion (" + q["applies_to"] + ")"
        )
    return data


def test_the_redbridge_report_in_welsh_passes_its_own_check(
    redbridge_snapshot: dict[str, Any],
) -> None:
    data = _in_welsh(redbridge_snapshot["data"])
    english = compose(data, template_for(data["framework"], "en"))
    welsh = compose(data, template_for(data["framework"], "en"), "cy")
    assert english == compose(data, template_for(data["framework"], None))
    assert welsh["lang"] == "cy" and welsh["template"] == english["template"]
    assert welsh["title"].startswith("Adroddiad ar Sgrinio Ansawdd Byr (SQS)")
    assert welsh["header"]["from"] == "Prif Arolygydd Cynorthwyol EF"
    assert [s["id"] for s in welsh["sections"]] == [s["id"] for s in english["sections"]]
    opening = welsh["sections"][0]["paragraphs"][0]["text"]
    assert " Chwefror 2015 " in opening
    generated = [
        (s["id"], p["key"])
        for s in welsh["sections"]
        for p in s["paragraphs"]
        if p["text"] and not p["prompt"]
    ]
    assert generated
    problems = check(
        welsh,
        data,
        names=redbridge_snapshot["names"],
        references=redbridge_snapshot["references"],
    )
    # Only the paragraphs the lead inspector is still to write.
    assert {p.kind for p in problems} == {"unwritten"}
    para = next(p for s in welsh["sections"] for p in s["paragraphs"] if p["key"] == "1.1")
    wrong = copy.deepcopy(welsh)
    for s in wrong["sections"]:
        for p in s["paragraphs"]:
            if p["key"] == "1.1":
                p["text"] = para["text"].replace("Ym mhob achos ond dau", "Ym mhob achos")
    assert "Ym mhob achos ond dau" in para["text"], para["text"]
    found = check(wrong, data)
    assert [(p.kind, p.paragraph) for p in found if p.kind == "quantifier"] == [
        ("quantifier", "1.1")
    ]


def test_a_report_of_rated_standards_in_welsh(request: pytest.FixtureRequest) -> None:
    from casescreen.reports.selectors import report_data

    data = report_data(request.getfixturevalue("youth_inspection"))
    welsh = compose(data, template_for(data["framework"], "cy"))
    assert welsh["lang"] == "cy"
    assert [s["title"] for s in welsh["sections"][:4]] == [
        "Rhagair",
        "Sgoriau",
        "Argymhellion",
        "Yr achosion a arolygwyd gennym",
    ]
    sample = next(p for s in welsh["sections"] for p in s["paragraphs"] if p["key"] == "sample")
    assert sample["text"].startswith("Archwiliwyd ")
    assert " o warediadau llys" in sample["text"]
    findings = next(
        p for s in welsh["sections"] for p in s["paragraphs"] if p["key"] == "2.1.findings"
    )
    assert "mewn 75 y cant o'r achosion." in findings["text"]
    problems = check(welsh, data)
    assert {p.kind for p in problems} == {"unwritten"}, problems
    wrong = copy.deepcopy(welsh)
    for s in wrong["sections"]:
        for p in s["paragraphs"]:
            if p["key"] == "2.1.findings":
                p["text"] = p["text"].replace("mewn 75 y cant", "mewn 85 y cant")
    figures = [p for p in check(wrong, data) if p.kind == "figure"]
    assert [p.paragraph for p in figures] == ["2.1.findings"]
