"""Report templates and vocabularies load with the framework loader's discipline."""

from __future__ import annotations

from pathlib import Path

import pytest

from casescreen.frameworks import FrameworkError
from casescreen.frameworks.report_templates import available_templates, load_template, template_for
from casescreen.frameworks.vocabularies import load_vocabulary

TEMPLATE = template_for("sqs@2015.1").path
VOCABULARY = Path(template_for("sqs@2015.1").path).parent.parent / "vocabularies" / "sqs.yaml"


def _draft(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("status: published", "status: draft"))
    return path


def test_every_framework_has_its_report_template() -> None:
    assert set(available_templates()) == {"sqs@2015.1"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("{local_authority}", "{child_name}"),
            r"t.yaml: field title: unknown placeholder \{child_name\}",
        ),
        (
            ("closing:\n  thanks:", "closing:\n  thanked:"),
            r"t.yaml: field closing.thanks: Field required",
        ),
        (
            ("q4_1_diversity_understood: >-", "q9_nothing: >-"),
            r"field key_strengths.sentences.q9_nothing: unknown question",
        ),
        (('  "1.1":', '  "9.9":'), r"field paragraphs.9.9: unknown paragraph '9.9'"),
        (
            ("weaker_than: most", "weaker_than: rarely"),
            r"field areas_for_improvement: .*no band 'rarely'",
        ),
        (
            ("vocabulary: sqs", "vocabulary: education-scotland"),
            r"field vocabulary: 'education-scotland' is not the vocabulary",
        ),
        (
            ("framework: sqs@2015.1", "framework: sqs@1999"),
            r"field framework: no framework sqs@1999",
        ),
    ],
)
def test_a_broken_template_is_refused_naming_file_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = TEMPLATE.read_text()
    assert change[0] in text
    with pytest.raises(FrameworkError, match=message):
        load_template(_draft(tmp_path, text.replace(*change, 1)))


def test_a_published_template_is_never_edited_in_place(tmp_path: Path) -> None:
    path = tmp_path / "sqs-2015.yaml"
    path.write_text(TEMPLATE.read_text().replace("Key strengths", "Strengths"))
    with pytest.raises(
        FrameworkError, match="published version report:sqs-letter@1 has been changed"
    ):
        load_template(path)


def test_a_published_vocabulary_is_never_edited_in_place(tmp_path: Path) -> None:
    path = tmp_path / "sqs.yaml"
    path.write_text(VOCABULARY.read_text().replace("almost all", "nearly all"))
    with pytest.raises(FrameworkError, match="published version vocabulary:sqs@1 has been changed"):
        load_vocabulary(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('{phrase: a few, above: "0"}', '{phrase: a few, above: "1/10"}'),
            "field bands: bands must run",
        ),
        (('{phrase: most, from: "2/3"}', '{phrase: most, from: "5/3"}'), "not between 0 and 1"),
        (("source: >-", "origin: >-"), "field source: Field required"),
    ],
)
def test_a_broken_vocabulary_is_refused_naming_the_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = VOCABULARY.read_text()
    assert change[0] in text
    with pytest.raises(FrameworkError, match=message):
        load_vocabulary(_draft(tmp_path, text.replace(*change, 1), "v.yaml"))
