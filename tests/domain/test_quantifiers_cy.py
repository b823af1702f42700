"""The Welsh quantifiers: the SQS vocabulary's claims in Welsh words, with Welsh grammar.

The expected phrases are written out by hand: they are what a Welsh report must say.
"""

from __future__ import annotations

import pytest

from casescreen.domain.quantifiers import FEMININE, MASCULINE, describe, describe_failing
from casescreen.frameworks.vocabularies import get_vocabulary

WELSH = get_vocabulary("sqs", "cy")
ENGLISH = get_vocabulary("sqs")

# Every count of 40 cases: the band boundaries are the English vocabulary's.
OF_FORTY = {
    0: "dim un",
    **dict.fromkeys(range(1, 8), "ychydig"),  # below a fifth
    **dict.fromkeys(range(8, 20), "lleiafrif"),  # from a fifth, below half
    20: "hanner",
    **dict.fromkeys(range(21, 27), "y mwyafrif"),  # above half, below two thirds
    **dict.fromkeys(range(27, 32), "y rhan fwyaf"),  # from two thirds, below four fifths
    **dict.fromkeys(range(32, 37), "bron pob un"),  # four fifths, four or more exceptions
    37: "pob un ond tri",
    38: "pob un ond dau",
    39: "pob un ond un",
    40: "pob un",
}


@pytest.mark.parametrize("met", range(41))
def test_every_count_of_forty_in_welsh(met: int) -> None:
    assert describe(met, 40, vocabulary=WELSH) == OF_FORTY[met]


def test_the_table_covers_every_count_of_forty() -> None:
    assert sorted(OF_FORTY) == list(range(41))


def test_welsh_and_english_make_the_same_claims() -> None:
    english = {
        "none": "dim un",
        "a few": "ychydig",
        "a minority": "lleiafrif",
        "half": "hanner",
        "the majority": "y mwyafrif",
        "most": "y rhan fwyaf",
        "almost all": "bron pob un",
        "all but three": "pob un ond tri",
        "all but two": "pob un ond dau",
        "all but one": "pob un ond un",
        "all": "pob un",
    }
    for met in range(41):
        assert english[describe(met, 40, vocabulary=ENGLISH)] == OF_FORTY[met]


# Groups of up to four (small_group_max) are stated in numbers; two to four agree in
# gender with what is counted, and "dau"/"dwy" take the soft mutation after "o'r".
SMALL = {
    (MASCULINE, 1): ["dim un", "pob un"],
    (FEMININE, 1): ["dim un", "pob un"],
    (MASCULINE, 2): ["dim un", "un o'r ddau", "pob un"],
    (FEMININE, 2): ["dim un", "un o'r ddwy", "pob un"],
    (MASCULINE, 3): ["dim un", "un o'r tri", "dau o'r tri", "pob un"],
    (FEMININE, 3): ["dim un", "un o'r tair", "dwy o'r tair", "pob un"],
    (MASCULINE, 4): ["dim un", "un o'r pedwar", "dau o'r pedwar", "tri o'r pedwar", "pob un"],
    (FEMININE, 4): ["dim un", "un o'r pedair", "dwy o'r pedair", "tair o'r pedair", "pob un"],
}


@pytest.mark.parametrize(("gender", "applicable"), list(SMALL))
def test_small_groups_in_both_genders(gender: str, applicable: int) -> None:
    assert WELSH.small_group_max == 4
    said = [describe(m, applicable, vocabulary=WELSH, gender=gender) for m in range(applicable + 1)]
    assert said == SMALL[(gender, applicable)]


def test_exceptions_agree_in_gender() -> None:
    assert describe(18, 20, vocabulary=WELSH, gender=FEMININE) == "pob un ond dwy"
    assert describe(17, 20, vocabulary=WELSH, gender=FEMININE) == "pob un ond tair"
    assert describe(19, 20, vocabulary=WELSH, gender=FEMININE) == "pob un ond un"


def test_failing_words_in_welsh() -> None:
    assert describe_failing(10, 40, WELSH) == "gormod"
    assert describe_failing(9, 40, WELSH) == "lleiafrif"
    assert describe_failing(0, 40, WELSH) is None


@pytest.mark.parametrize(
    ("count", "phrase", "expected"),
    [
        # masculine: soft mutation after "dau", aspirate after "tri" and "chwe"
        (1, "plant yn y ddalfa", "un plentyn yn y ddalfa"),
        (2, "plant yn y ddalfa", "dau blentyn yn y ddalfa"),
        (3, "plant yn y ddalfa", "tri phlentyn yn y ddalfa"),
        (4, "plant yn y ddalfa", "pedwar plentyn yn y ddalfa"),
        (5, "plant", "pum plentyn"),
        (6, "plant", "chwe phlentyn"),
        (3, "cynlluniau", "tri chynllun"),
        (3, "achosion", "tri achos"),
        (2, "cynlluniau", "dau gynllun"),
        (2, "dedfrydau", "dwy ddedfryd"),
        # feminine: soft mutation after "un" and "dwy", none after "tair"
        (1, "dedfrydau", "un ddedfryd"),
        (3, "dedfrydau", "tair dedfryd"),
        (2, "merched", "dwy ferch"),
        (1, "merched", "un ferch"),
        # above ten: "o" and the plural with the soft mutation
        (12, "plant yn y ddalfa", "deuddeg o blant yn y ddalfa"),
        (11, "achosion", "un ar ddeg o achosion"),
        (25, "plant", "25 o blant"),
        (20, "cynlluniau", "ugain o gynlluniau"),
    ],
)
def test_a_counted_noun_is_mutated_after_the_numeral(
    count: int, phrase: str, expected: str
) -> None:
    assert WELSH.numerals.counted(count, phrase, WELSH.noun(phrase)) == expected


def test_mutation_tables() -> None:
    words = WELSH.numerals
    assert [words.mutate(w, "soft") for w in ("plant", "llys", "rhieni", "gwaith", "chwaer")] == [
        "blant",
        "lys",
        "rieni",
        "waith",
        "chwaer",
    ]
    assert [words.mutate(w, "nasal") for w in ("blynedd", "diwrnod", "plant")] == [
        "mlynedd",
        "niwrnod",
        "mhlant",
    ]
    assert words.mutate("llaw", "soft-after-un") == "llaw"  # "un llaw": ll keeps after un


def test_number_words_read_back() -> None:
    words = WELSH.numerals
    for n in range(21):
        for gender in (MASCULINE, FEMININE):
            assert words.read(words.word(n, gender)) == n
    assert words.read("ddwy") == 2
    assert words.read("pum") == 5
    assert words.word(21) == "21"


def test_a_count_question_is_counted_in_the_vocabulary_s_language() -> None:
    from casescreen.domain.findings import COUNT, QuestionTally

    tally = QuestionTally("q", "4.5", "4", 12, 7, 5, 0, 0, (), (), (), (), style=COUNT)
    assert tally.phrase(WELSH) == "saith"
    assert tally.phrase(ENGLISH) == "seven"
