"""Framework files: the shipped question set is valid, and every malformed file is refused precisely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from casescreen.cases.facts import FACT_FIELDS
from casescreen.cases.models import Case
from casescreen.frameworks.loader import (
    FRAMEWORK_DIR,
    FrameworkError,
    available_frameworks,
    get_framework,
    load_framework,
)

SQS = FRAMEWORK_DIR / "sqs-2015.yaml"
# Every judgement of the domain table (DOMAIN.md section 4) has a question.
DOMAIN_PARAGRAPHS = {
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "1.6",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "2.5",
    "2.6",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "3.5",
    "4.1",
    "4.4",
    "4.5",
    "AFI",
}


def _raw() -> dict:
    return yaml.safe_load(SQS.read_text())


def _write(tmp_path: Path, data: dict, name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_the_sqs_framework_covers_every_judgement_of_the_domain_table() -> None:
    framework = get_framework("sqs", "2015.1")
    assert {q.paragraph for q in framework.questions} == DOMAIN_PARAGRAPHS
    assert len({q.id for q in framework.questions}) == len(framework.questions)
    assert framework.vocabulary == "sqs"


def test_every_fact_a_framework_uses_is_a_case_field() -> None:
    model_fields = {field.name for field in Case._meta.get_fields()}
    for framework in available_frameworks().values():
        assert set(framework.facts) <= set(FACT_FIELDS)
        assert set(framework.facts) <= model_fields


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"psr_prepared": True}, True),
        ({"psr_prepared": False}, False),
        ({}, False),
    ],
)
def test_a_fact_rule_applies_only_when_the_fact_holds(facts: dict, expected: bool) -> None:
    assert get_framework("sqs", "2015.1").question("q1_2_psr_quality").applies(facts) is expected


def test_combined_rules_need_every_part() -> None:
    question = get_framework("sqs", "2015.1").question("q3_5_vulnerability_plans_reviewed")
    both = {"vulnerability_plan_required": True, "vulnerability_review_required": True}
    assert question.applies(both)
    assert not question.applies({**both, "vulnerability_review_required": False})


def test_choice_rules_compare_the_value() -> None:
    question = get_framework("sqs", "2015.1").question("q1_6_custody_planning")
    assert question.applies({"sentence_type": "custody"})
    assert not question.applies({"sentence_type": "referral_order"})


def test_an_unknown_fact_names_file_question_and_field(tmp_path: Path) -> None:
    data = _raw()
    data["questions"][1]["applies"] = {"fact": "has_psr"}
    with pytest.raises(FrameworkError) as error:
        load_framework(_write(tmp_path, data))
    message = str(error.value)
    assert message.startswith("broken.yaml: question q1_2_psr_quality, field applies")
    assert "unknown fact 'has_psr'" in message


def test_missing_report_wording_names_file_question_and_field(tmp_path: Path) -> None:
    data = _raw()
    del data["questions"][3]["report"]["not_met"]
    with pytest.raises(FrameworkError) as error:
        load_framework(_write(tmp_path, data))
    assert str(error.value) == (
        "broken.yaml: question q1_4_plan_used_well, field report, field not_met: Field required"
    )


def test_a_duplicate_question_id_is_refused(tmp_path: Path) -> None:
    data = _raw()
    data["questions"].append(dict(data["questions"][0]))
    with pytest.raises(
        FrameworkError, match=r"question q1_1_offending_understood, field id: duplicate"
    ):
        load_framework(_write(tmp_path, data))


def test_a_duplicate_theme_id_is_refused(tmp_path: Path) -> None:
    data = _raw()
    first, second = data["themes"][0], data["themes"][1]
    second["id"] = first["id"]
    with pytest.raises(FrameworkError, match=rf"theme {first['id']}, field id: duplicate theme id"):
        load_framework(_write(tmp_path, data))


def test_an_unknown_paragraph_is_refused(tmp_path: Path) -> None:
    data = _raw()
    data["questions"][0]["paragraph"] = "9.9"
    with pytest.raises(
        FrameworkError, match=r"question q1_1_offending_understood, field paragraph"
    ):
        load_framework(_write(tmp_path, data))


def test_a_value_that_is_not_a_choice_is_refused(tmp_path: Path) -> None:
    data = _raw()
    data["questions"][4]["applies"] = {"fact": "sentence_type", "equals": "borstal"}
    with pytest.raises(FrameworkError, match=r"'borstal' is not a choice of fact 'sentence_type'"):
        load_framework(_write(tmp_path, data))


def test_an_expression_string_is_not_a_rule(tmp_path: Path) -> None:
    data = _raw()
    data["questions"][0]["applies"] = "__import__('os').system('true')"
    with pytest.raises(FrameworkError, match=r"question q1_1_offending_understood, field applies"):
        load_framework(_write(tmp_path, data))


def test_evidence_on_a_value_off_the_scale_is_refused(tmp_path: Path) -> None:
    data = _raw()
    data["questions"][0]["evidence_required_on"] = ["maybe"]
    with pytest.raises(FrameworkError, match=r"field evidence_required_on: maybe is not on"):
        load_framework(_write(tmp_path, data))


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_text("id: [unclosed")
    with pytest.raises(FrameworkError, match=r"^garbage.yaml: is not valid YAML"):
        load_framework(path)


def test_a_published_version_is_never_edited_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import casescreen.frameworks.loader as loader

    edited = SQS.read_text().replace("Was the pre-sentence report", "Was the PSR")
    (tmp_path / "sqs-2015.yaml").write_text(edited)
    monkeypatch.setattr(loader, "FRAMEWORK_DIR", tmp_path)
    loader.forget_frameworks()
    try:
        with pytest.raises(FrameworkError, match="published version sqs@2015.1 has been changed"):
            loader.available_frameworks()
    finally:
        loader.forget_frameworks()


def _with_second_kind(data: dict) -> dict:
    data["facts"]["sentence_type"]["choices"]["youth_caution"] = {
        "en": "Youth caution",
        "cy": "Rhybudd ieuenctid",
    }
    data["case_kinds"]["out_of_court"] = {
        "label": {"en": "Out-of-court disposal", "cy": "Gwarediad y tu allan i'r llys"},
        "sentence_types": ["youth_caution"],
    }
    return data


def test_a_question_of_a_kinds_theme_applies_to_cases_of_that_kind_only(tmp_path: Path) -> None:
    data = _with_second_kind(_raw())
    data["themes"][0]["kind"] = "out_of_court"
    framework = load_framework(_write(tmp_path, data))
    question = framework.question("q1_1_offending_understood")
    assert question.applies({"sentence_type": "youth_caution"})
    assert not question.applies({"sentence_type": "referral_order"})
    assert framework.kind_of("youth_caution").id == "out_of_court"  # type: ignore[union-attr]
    # A question of a theme without a kind keeps its own rule only.
    assert framework.question("q2_2_risk_understood").applies({"sentence_type": "youth_caution"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["themes"][0].update(kind="oocd"), "theme 1, field kind: unknown kind"),
        (lambda d: d["themes"][0].update(judged=True), "is judged by the inspectors"),
        (lambda d: d["questions"][0].update(key_question="x"), "unknown key question 'x'"),
        (lambda d: d["sampling"].update(kinds=["oocd"]), "sampling.kinds: unknown kind"),
        (lambda d: d["sampling"].update(strata=["postcode"]), "'postcode' cannot be balanced"),
        (lambda d: d["sampling"]["size"].update(fraction="3/2"), "3/2 is not a share"),
        (lambda d: d["sampling"]["size"].update(floor=50), "the floor is above the ceiling"),
        (
            lambda d: d["case_kinds"]["court"].update(sentence_types=["bail"]),
            "bail is not a choice",
        ),
        (lambda d: d.pop("vocabulary"), "findings in words need a vocabulary"),
        (lambda d: d["schedule"].update(announce_weekday="sunday"), "announce_weekday"),
    ],
)
def test_the_new_fields_are_checked(tmp_path: Path, change: Any, message: str) -> None:
    data = _raw()
    data["status"] = "draft"
    change(data)
    with pytest.raises(FrameworkError, match=message):
        load_framework(_write(tmp_path, data))


RATINGS = {
    "scale": [
        {
            "id": "outstanding",
            "label": {"en": "Outstanding", "cy": "Rhagorol"},
            "score": 3,
            "from_percent": 80,
        },
        {"id": "good", "label": {"en": "Good", "cy": "Da"}, "score": 2, "from_percent": 65},
        {
            "id": "inadequate",
            "label": {"en": "Inadequate", "cy": "Annigonol"},
            "score": 0,
            "from_percent": 0,
        },
    ],
    "overall": [
        {"rating": "outstanding", "from_score": 10},
        {"rating": "inadequate", "from_score": 0},
    ],
}


def test_rating_rules_are_built_from_the_file(tmp_path: Path) -> None:
    data = _raw()
    data["status"] = "draft"
    data["ratings"] = RATINGS
    rules = load_framework(_write(tmp_path, data)).ratings
    assert rules is not None
    assert [band.id for band in rules.scale] == ["outstanding", "good", "inadequate"]
    assert rules.overall[0].from_score == 10


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["scale"][2].update(from_percent=5), "start from 0 per cent"),
        (lambda r: r["scale"].reverse(), "highest first"),
        (lambda r: r["overall"][0].update(rating="great"), "unknown rating 'great'"),
        (lambda r: r["overall"][1].update(from_score=2), "start from a score of 0"),
        (lambda r: r["scale"][0].update(score=1), "must not score less"),
    ],
)
def test_unsound_rating_bands_are_refused(tmp_path: Path, change: Any, message: str) -> None:
    data = _raw()
    data["status"] = "draft"
    data["ratings"] = yaml.safe_load(yaml.safe_dump(RATINGS))
    change(data["ratings"])
    with pytest.raises(FrameworkError, match=message):
        load_framework(_write(tmp_path, data))


def test_problems_with_a_files_fields_are_given_in_the_readers_language() -> None:
    from django.utils import translation

    from casescreen.frameworks.loader import check_framework

    raw = yaml.safe_load(SQS.read_text())
    del raw["name"]
    raw["bogus"] = 1
    raw["version"] = 2015
    raw["themes"] = []
    raw["questions"][0]["answer_type"] = "maybe"
    raw["style"] = "poetry"
    raw["questions"][1]["paragraph"] = 12

    def problems() -> dict[str, str]:
        _framework, found = check_framework(raw)
        return {problem.where: problem.message for problem in found}

    with translation.override("en-gb"):
        english = problems()
    with translation.override("cy"):
        welsh = problems()

    assert english["field name"] == "Field required"
    assert english["field bogus"] == "Extra inputs are not permitted"
    assert english["field version"] == 'write the version in quotes, e.g. "2015.1"'
    assert english["field themes"] == "Should have at least 1 item"
    assert english["field style"] == "Input should be one of: 'quantifiers', 'percentages'"
    assert english[f"question {raw['questions'][1]['id']}, field paragraph"] == (
        "Input should be a valid string"
    )
    assert welsh["maes name"] == "Mae angen y maes"
    assert welsh["maes bogus"] == "Ni chaniateir meysydd ychwanegol"
    assert welsh["maes version"] == 'ysgrifennwch y fersiwn rhwng dyfynodau, e.e. "2015.1"'
    assert welsh["maes themes"] == "Dylai fod ag o leiaf 1 eitem"
    assert welsh["maes style"].startswith("Dylai'r gwerth fod yn un o'r rhain: 'quantifiers'")
    # The same places, named in Welsh.
    assert set(welsh) == {
        where.replace("question ", "cwestiwn ").replace("field ", "maes ") for where in english
    }
    for message in welsh.values():
        assert not any(word in message for word in ("Input", "should", "Field", " or ")), message


def test_every_rating_problem_is_said_in_the_readers_language() -> None:
    # Each message is looked up when the problem is made, so in the reader's language.
    from django.utils import translation

    from casescreen.frameworks import ratings

    unsound = yaml.safe_load(yaml.safe_dump(RATINGS))
    unsound["scale"].reverse()
    unsound["scale"][0]["id"] = unsound["scale"][1]["id"]
    unsound["overall"] = [{"rating": "great", "from_score": 2}, {"rating": "good", "from_score": 5}]
    spec = ratings.RatingsSpec.model_validate(unsound, context=None)
    english = ratings.rating_problems(spec)
    with translation.override("cy"):
        welsh = ratings.rating_problems(spec)
    assert len(english) == len(welsh) == 7
    assert ("ratings.overall", "unknown rating 'great'") in english
    assert ("ratings.overall", "sgôr anhysbys 'great'") in welsh
    assert all(w != e for (_f, w), (_g, e) in zip(welsh, english, strict=True))
