"""Framework files: the shipped question set is valid, and every malformed file is refused precisely."""

from __future__ import annotations

from pathlib import Path

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
    loader.available_frameworks.cache_clear()
    try:
        with pytest.raises(FrameworkError, match="published version sqs@2015.1 has been changed"):
            loader.available_frameworks()
    finally:
        loader.available_frameworks.cache_clear()
