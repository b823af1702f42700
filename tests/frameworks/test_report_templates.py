"""Report templates and vocabularies load with the framework loader's discipline."""

from __future__ import annotations

from pathlib import Path

import pytest

from casescreen.frameworks import FrameworkError
from casescreen.frameworks.loader import available_frameworks
from casescreen.frameworks.report_templates import available_templates, load_template, template_for
from casescreen.frameworks.vocabularies import load_vocabulary

TEMPLATE = template_for("sqs@2015.1").path
VOCABULARY = Path(template_for("sqs@2015.1").path).parent.parent / "vocabularies" / "sqs.yaml"


def _draft(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("status: published", "status: draft"))
    return path


def test_every_framework_has_its_report_template() -> None:
    assert set(available_templates()) == set(available_frameworks())


RATED = template_for("youth-justice@2021.1")


def test_a_template_of_percentages_has_its_ratings_parts_and_no_vocabulary() -> None:
    assert RATED.percentages and RATED.words is None
    parts = RATED.rated
    assert [d.themes for d in parts.domains] == [["1"], ["2"], ["3", "3P"], ["4"]]
    assert "{percent} per cent" in parts.percent_sentences.kind
    assert parts.ratings_table.overall == "Overall rating"
    with pytest.raises(FrameworkError, match="is not a letter"):
        RATED.letter  # noqa: B018
    with pytest.raises(FrameworkError, match="no vocabulary"):
        RATED.vocabulary  # noqa: B018


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("ratings_table:\n", "ratings_tables:\n"), r"t.yaml: field ratings_tables: Extra inputs"),
        (
            ("  caption:\n", "  caption_text:\n"),
            r"field ratings_table.caption: Field required",
        ),
        (
            ('    en: "{met} in {percent} per cent of cases."', '    en: "{met} in {share}."'),
            r"field percent_sentences.kind.en: unknown placeholder \{share\}",
        ),
        (('themes: ["4"]', 'themes: ["5"]'), r"field domains.4.themes: unknown theme '5'"),
        (('themes: ["3", "3P"]', 'themes: ["3"]'), r"field domains: theme '3P' is in no domain"),
        (
            ("    court:\n      one:", "    custody:\n      one:"),
            r"field sample.kinds.custody: unknown kind",
        ),
        (("style: percentages", "style: quantifiers"), r"field vocabulary: required in a template"),
        (("\nsample:\n", "\nsampled:\n"), r"field sampled: Extra inputs"),
        (
            ("rating: {en: Rating, cy: Sgôr}\n", "rating: {en: Rating, cy: Sgôr}\n  extra: 1\n"),
            r"field ratings_table.extra",
        ),
    ],
)
def test_a_broken_template_of_percentages_is_refused_naming_the_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = RATED.path.read_text()
    assert change[0] in text
    with pytest.raises(FrameworkError, match=message):
        load_template(_draft(tmp_path, text.replace(*change, 1)))


def test_a_template_of_percentages_without_a_required_part_is_refused(tmp_path: Path) -> None:
    text = RATED.path.read_text()
    start, end = text.index("recommendations:\n"), text.index("sample:\n")
    with pytest.raises(
        FrameworkError,
        match="t.yaml: field recommendations: required in a template of style percentages",
    ):
        load_template(_draft(tmp_path, text[:start] + text[end:]))


def test_a_template_of_another_style_than_its_framework_is_refused(tmp_path: Path) -> None:
    text = TEMPLATE.read_text().replace("lang: en-GB", "lang: en-GB\nstyle: percentages", 1)
    text += RATED.path.read_text().split("style: percentages", 1)[1].split("\nlabels:")[0]
    with pytest.raises(FrameworkError, match="field style: 'percentages' is not the style"):
        load_template(_draft(tmp_path, text))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("{local_authority}", "{child_name}"),
            r"t.yaml: field title.en: unknown placeholder \{child_name\}",
        ),
        (
            ("closing:\n  thanks:", "closing:\n  thanked:"),
            r"t.yaml: field closing.thanks: Field required",
        ),
        (
            ("q4_1_diversity_understood:\n", "q9_nothing:\n"),
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
        FrameworkError, match="published version report:sqs-letter@2 has been changed"
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


def test_the_published_template_of_percentages_is_pinned(tmp_path: Path) -> None:
    path = tmp_path / "youth-justice-2021.yaml"
    path.write_text(RATED.path.read_text().replace("per cent of cases", "% of cases"))
    with pytest.raises(
        FrameworkError, match="published version report:youth-justice-report@1 has been changed"
    ):
        load_template(path)


@pytest.mark.parametrize("key", ["sqs@2015.1", "youth-justice@2021.1"])
def test_every_template_reads_in_welsh(key: str) -> None:
    english, welsh = template_for(key, "en"), template_for(key, "cy")
    assert welsh.languages == ("en", "cy")
    assert (english.lang, welsh.lang) == ("en-GB", "cy")
    assert welsh.spec.title != english.spec.title
    assert welsh.spec.labels.notes == "Nodiadau"
    assert len(welsh.spec.notes) == len(english.spec.notes)


def test_the_welsh_quantifiers_come_with_the_welsh_template() -> None:
    welsh = template_for("sqs@2015.1", "cy")
    assert welsh.vocabulary.language == "cy"
    assert welsh.vocabulary.all_phrase == "pob un"
    assert welsh.improvement_below == template_for("sqs@2015.1", "en").improvement_below


def test_a_template_declaring_welsh_names_a_text_without_it(tmp_path: Path) -> None:
    text = TEMPLATE.read_text().replace(
        "  title:\n    en: Key strengths\n    cy: Cryfderau allweddol\n",
        "  title: Key strengths\n",
    )
    with pytest.raises(FrameworkError, match=r"field key_strengths.title: no Welsh text"):
        load_template(_draft(tmp_path, text))


@pytest.mark.parametrize(
    ("template", "change", "field"),
    [
        # A count is not a share: it has no quantifier and no exceptions.
        (TEMPLATE, ("en: In {met_count} {noun} {met}.", "en: In {quantifier} {met}."), "count"),
        (
            TEMPLATE,
            ("en: The sample included no {applies_to}.", "en: No {exceptions}."),
            "sentences.no_cases",
        ),
        # An area for improvement is worded from what was not done, never from the share met.
        (
            TEMPLATE,
            ("en: In {failing_quantifier} cases, {not_met}.", "en: In {quantifier} cases, {met}."),
            "areas_for_improvement.sentence",
        ),
        (
            RATED.path,
            ("whether {met}: the sample held no cases", "whether {met} ({percent})"),
            "percent_sentences.no_cases",
        ),
    ],
)
def test_a_placeholder_its_sentence_is_never_given_is_refused(
    tmp_path: Path, template: Path, change: tuple[str, str], field: str
) -> None:
    text = Path(template).read_text()
    assert change[0] in text
    with pytest.raises(
        FrameworkError, match=rf"t.yaml: field [a-z_.]*{field}\.en: unknown placeholder"
    ):
        load_template(_draft(tmp_path, text.replace(*change, 1)))


def test_a_quantifier_form_for_a_phrase_the_vocabulary_has_not_is_refused(tmp_path: Path) -> None:
    text = TEMPLATE.read_text()
    change = ("    the majority: {en: the majority of,", "    majority: {en: the majority of,")
    assert change[0] in text
    with pytest.raises(
        FrameworkError,
        match=r"t.yaml: field sentences.quantifier_forms.majority: 'majority' is not a phrase "
        r"of vocabulary sqs \(its phrases: almost all, most, the majority, ",
    ):
        load_template(_draft(tmp_path, text.replace(*change, 1)))
