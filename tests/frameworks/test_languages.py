"""Frameworks in two languages: every text has its Welsh, and the loader reads either."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from casescreen.frameworks import texts
from casescreen.frameworks.loader import FRAMEWORK_DIR, check_framework
from casescreen.frameworks.texts import base_language, requested

SQS = FRAMEWORK_DIR / "sqs-2015.yaml"


def _english() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(SQS.read_bytes())
    raw.pop("languages", None)
    return _only_english(raw)


def _only_english(node: Any) -> Any:
    """The data with every text mapping replaced by its English (the shipped file may
    already be bilingual)."""
    if isinstance(node, dict):
        if node and set(node) <= {"en", "cy"} and "en" in node:
            return node["en"]
        return {key: _only_english(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_only_english(value) for value in node]
    return node


def _at(raw: Any, loc: tuple[int | str, ...]) -> tuple[Any, int | str]:
    node = raw
    for key in loc[:-1]:
        node = node[key]
    return node, loc[-1]


def _bilingual() -> dict[str, Any]:
    """SQS with a Welsh form for every text, the loader's own problems telling where the
    texts are; the counted nouns in Welsh start with a noun of the table."""
    raw = _english() | {"languages": ["en", "cy"]}
    for _ in range(3):
        _, problems = check_framework(raw, language="en")
        missing = [p for p in problems if p.message == "no Welsh text"]
        if not missing:
            break
        for problem in missing:
            parent, key = _at(raw, problem.loc)
            english = parent[key]
            welsh = (
                "achosion " + english if key in ("applies_to", "count_noun") else "CY " + english
            )
            parent[key] = {"en": english, "cy": welsh}
    return raw


def test_a_framework_declaring_welsh_names_every_text_without_it() -> None:
    raw = _english() | {"languages": ["en", "cy"]}
    framework, problems = check_framework(raw)
    assert framework is None
    said = {str(p) for p in problems}
    first = raw["questions"][0]["id"]
    assert f"question {first}, field guidance: no Welsh text" in said
    assert f"question {first}, field report, field met: no Welsh text" in said
    assert "field title: no Welsh text" in said
    assert len(problems) > 2 * len(raw["questions"])  # all of them, not the first


def test_a_bilingual_framework_reads_in_either_language() -> None:
    raw = _bilingual()
    english, problems = check_framework(raw, language="en")
    assert problems == []
    welsh, _ = check_framework(raw, language="cy")
    assert english is not None and welsh is not None
    assert english.languages == welsh.languages == ("en", "cy")
    assert (english.language, welsh.language) == ("en", "cy")
    q_en, q_cy = english.questions[0], welsh.questions[0]
    assert q_cy.text == "CY " + q_en.text
    assert q_cy.applies_to == "achosion " + q_en.applies_to
    assert welsh.title == "CY " + english.title
    assert q_cy.count_noun == "achosion"  # the default, in Welsh
    assert q_cy.rule == q_en.rule and q_cy.id == q_en.id


def test_an_english_only_framework_falls_back_to_english() -> None:
    raw = _english()
    framework, problems = check_framework(raw, language="cy")
    assert problems == [] and framework is not None
    assert framework.language == "en" and framework.languages == ("en",)


def test_the_active_language_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _bilingual()
    monkeypatch.setattr(texts, "get_language", lambda: "cy-gb")
    assert requested(None) == "cy"
    welsh, _ = check_framework(raw, language=None)
    assert welsh is not None and welsh.title.startswith("CY ")
    assert base_language("cy-gb") == "cy" and base_language("fr") == "en"


def test_an_empty_or_unknown_language_form_is_refused() -> None:
    raw = _bilingual()
    broken = copy.deepcopy(raw)
    broken["questions"][0]["text"]["cy"] = " "
    broken["questions"][1]["text"] = {"en": "Text", "fr": "Texte"}
    _, problems = check_framework(broken)
    said = {str(p) for p in problems}
    assert f"question {raw['questions'][0]['id']}, field text: no Welsh text" in said
    assert any("unknown language fr" in s for s in said)


def test_a_welsh_counted_noun_must_be_in_the_table() -> None:
    raw = _bilingual()
    raw["questions"][0]["applies_to"]["cy"] = "bechgyn yn y ddalfa"
    _, problems = check_framework(raw)
    assert [str(p) for p in problems] == [
        f"question {raw['questions'][0]['id']}, field applies_to: the Welsh noun 'bechgyn' is "
        "not in the table of Welsh nouns (vocabularies/languages/cy.yaml): add its singular and "
        "gender there"
    ]


def test_non_text_values_are_never_mappings() -> None:
    raw = _bilingual()
    raw["questions"][0]["id"] = {"en": "q", "cy": "q"}
    _, problems = check_framework(raw)
    assert any(p.loc[-1] == "id" for p in problems)


def test_where_a_problem_is_is_said_in_the_language_of_the_page() -> None:
    from django.utils import translation

    raw = _bilingual()
    first = raw["questions"][0]["id"]
    missing = copy.deepcopy(raw)
    del missing["questions"][0]["report"]["met"]
    twice = copy.deepcopy(raw)
    twice["questions"][1]["id"] = first
    twice["themes"][0]["kind"] = "nothing"
    theme = twice["themes"][0]["id"]

    with translation.override("cy"):
        schema = [str(p) for p in check_framework(missing)[1]]
        built = [str(p) for p in check_framework(twice)[1]]

    # A problem of the schema, placed by the path to it, and one found across elements.
    assert schema == [f"cwestiwn {first}, maes report, maes met: Mae angen y maes"]
    assert f"cwestiwn {first}, maes id: " in " ".join(built)
    assert any(p.startswith(f"thema {theme}, maes kind: ") for p in built), built


def test_a_text_without_its_welsh_is_named_by_the_id_of_its_element() -> None:
    raw = _bilingual()
    theme, paragraph = raw["themes"][1], raw["themes"][1]["paragraphs"][1]
    fact, kind = next(iter(raw["facts"])), next(iter(raw["case_kinds"]))
    theme["title"] = {"en": theme["title"]["en"]}
    paragraph["title"] = {"en": paragraph["title"]["en"]}
    raw["facts"][fact]["label"] = {"en": raw["facts"][fact]["label"]["en"]}
    raw["case_kinds"][kind]["label"] = {"en": raw["case_kinds"][kind]["label"]["en"]}
    del raw["themes"][2]["id"]

    _, problems = check_framework(raw)

    assert {str(p) for p in problems} == {
        f"theme {theme['id']}, field title: no Welsh text",
        f"theme {theme['id']}, paragraph {paragraph['id']}, field title: no Welsh text",
        f"fact {fact}, field label: no Welsh text",
        f"case kind {kind}, field label: no Welsh text",
        "theme #3, field id: Field required",
    }
