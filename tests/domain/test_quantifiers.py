from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casescreen.domain.quantifiers import PERCENT, Vocabulary, describe, number_words, strength
from casescreen.domain.quantifiers import describe_failing as _describe_failing
from casescreen.frameworks.vocabularies import get_vocabulary, vocabularies

VOCABULARIES = list(vocabularies())


def _vocabulary(name: str) -> Vocabulary:
    return PERCENT if name == "percent" else get_vocabulary(name)


def describe_failing(not_met: int, applicable: int) -> str | None:
    return _describe_failing(not_met, applicable, get_vocabulary("sqs"))


@st.composite
def shares(draw: st.DrawFn, max_applicable: int = 2000) -> tuple[int, int]:
    applicable = draw(st.integers(1, max_applicable))
    return draw(st.integers(0, applicable)), applicable


@pytest.mark.parametrize(
    ("met", "applicable", "expected"),
    [
        # Redbridge 2015 seed
        (22, 22, "all"),
        (31, 33, "all but two"),
        (32, 33, "all but one"),
        (17, 20, "all but three"),
        (0, 33, "none"),
        # small groups in number words
        (1, 2, "one of the two"),
        (1, 3, "one of the three"),
        (2, 3, "two of the three"),
        (1, 4, "one of the four"),
        (2, 4, "two of the four"),
        (3, 4, "three of the four"),
        (4, 4, "all"),
        (0, 4, "none"),
        (1, 1, "all"),
        (4, 5, "all but one"),  # 5 is no longer a small group
        # all but N needs share >= 4/5 and at most three exceptions
        (12, 15, "all but three"),  # exactly 4/5
        (11, 14, "most"),  # 3 exceptions, 11/14 < 4/5
        (16, 20, "almost all"),  # 4 exceptions, exactly 4/5
        (15, 20, "most"),
        (79, 100, "most"),
        (80, 100, "almost all"),
        # most from 2/3
        (20, 30, "most"),
        (19, 30, "the majority"),
        # the majority strictly above 1/2, half exactly
        (6, 10, "the majority"),
        (11, 20, "the majority"),
        (10, 20, "half"),
        (9, 20, "a minority"),
        # a minority from 1/5
        (4, 20, "a minority"),
        (3, 20, "a few"),
        (1, 5, "a minority"),
        (1, 6, "a few"),
        (1, 2000, "a few"),
        (1999, 2000, "all but one"),
    ],
)
def test_sqs_boundaries(met: int, applicable: int, expected: str) -> None:
    assert describe(met, applicable, vocabulary=get_vocabulary("sqs")) == expected


@pytest.mark.parametrize(
    ("met", "applicable", "expected"),
    [
        (100, 100, "all"),
        (0, 100, "none"),
        (91, 100, "almost all"),
        (181, 200, "almost all"),  # 90.5%: over 90%
        (90, 100, "most"),
        (75, 100, "most"),
        (3, 4, "most"),
        (149, 200, "the majority"),  # 74.5%: in the published gap, not rounded up
        (74, 100, "the majority"),
        (50, 100, "the majority"),
        (1, 2, "the majority"),
        (99, 200, "less than half"),  # 49.5%
        (49, 100, "less than half"),
        (16, 100, "less than half"),
        (31, 200, "less than half"),  # 15.5%
        (15, 100, "a few"),  # exactly 15%: the weaker of two overlapping bands
        (3, 20, "a few"),
        (1, 100, "a few"),
        (3, 3, "all"),
        (1, 3, "less than half"),  # no small-group rule in this vocabulary
    ],
)
def test_education_scotland_boundaries(met: int, applicable: int, expected: str) -> None:
    assert describe(met, applicable, vocabulary=get_vocabulary("education-scotland")) == expected


@pytest.mark.parametrize(
    ("met", "applicable", "expected"),
    [
        (0, 7, "0%"),
        (7, 7, "100%"),
        (1, 8, "13%"),  # 12.5 rounds half up
        (3, 8, "38%"),  # 37.5
        (1, 3, "33%"),
        (2, 3, "67%"),
        (17, 20, "85%"),
        (1, 200, "1%"),  # 0.5 rounds up to 1
        (1, 201, "1%"),  # 0.497...: clamped, never "0%" when some met
        (1, 2000, "1%"),
        (199, 200, "99%"),  # 99.5 would round to 100: clamped
        (1999, 2000, "99%"),
        (397, 400, "99%"),  # 99.25
    ],
)
def test_percent(met: int, applicable: int, expected: str) -> None:
    assert describe(met, applicable, vocabulary=PERCENT) == expected


@pytest.mark.parametrize(
    ("met", "applicable", "message"),
    [
        (-1, 5, "negative"),
        (1, -5, "negative"),
        (6, 5, "exceeds"),
        (0, 0, "no applicable"),
    ],
)
def test_describe_rejects_invalid_counts(met: int, applicable: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        describe(met, applicable, vocabulary=PERCENT)


def test_unknown_vocabulary_lists_known_ones() -> None:
    with pytest.raises(ValueError, match="percent, education-scotland, sqs"):
        get_vocabulary("estyn")


@pytest.mark.parametrize(
    ("not_met", "applicable", "expected"),
    [
        (0, 10, None),
        (1, 10, "a minority"),
        (2, 9, "a minority"),  # 2/9 < 1/4
        (1, 4, "too many"),  # exactly a quarter
        (5, 20, "too many"),
        (4, 17, "a minority"),
        (10, 10, "too many"),
    ],
)
def test_describe_failing(not_met: int, applicable: int, expected: str | None) -> None:
    assert describe_failing(not_met, applicable) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "zero"), (1, "one"), (7, "seven"), (20, "twenty"), (21, "21")]
)
def test_number_words(n: int, expected: str) -> None:
    assert number_words(n) == expected


def test_number_words_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        number_words(-1)


@given(shares(), st.sampled_from(VOCABULARIES))
def test_describe_is_total(share: tuple[int, int], vocabulary: str) -> None:
    met, applicable = share
    phrase = describe(met, applicable, vocabulary=_vocabulary(vocabulary))
    assert phrase and phrase == phrase.lower()


@given(shares(), st.sampled_from(["sqs", "education-scotland"]))
def test_all_and_none_only_when_exact(share: tuple[int, int], vocabulary: str) -> None:
    met, applicable = share
    phrase = describe(met, applicable, vocabulary=_vocabulary(vocabulary))
    assert (phrase == "all") == (met == applicable)
    assert (phrase == "none") == (met == 0)


@given(shares())
def test_percent_is_100_or_0_only_when_exact(share: tuple[int, int]) -> None:
    met, applicable = share
    phrase = describe(met, applicable, vocabulary=PERCENT)
    assert (phrase == "100%") == (met == applicable)
    assert (phrase == "0%") == (met == 0)


@given(st.integers(1, 300), st.sampled_from(VOCABULARIES))
def test_larger_share_never_gets_weaker_word(applicable: int, vocabulary: str) -> None:
    ranks = [strength(met, applicable, _vocabulary(vocabulary)) for met in range(applicable + 1)]
    assert ranks == sorted(ranks)


@given(shares())
def test_all_but_names_the_exceptions(share: tuple[int, int]) -> None:
    met, applicable = share
    phrase = describe(met, applicable, vocabulary=get_vocabulary("sqs"))
    if phrase.startswith("all but "):
        assert phrase == f"all but {number_words(applicable - met)}"
        assert 5 * met >= 4 * applicable


def test_education_scotland_uses_the_terms_of_its_published_table() -> None:
    # "Terms we use in the inspection process": almost all, most, majority, less than
    # half, few; the phrases carry the article a sentence needs ("the majority", "a few").
    vocabulary = get_vocabulary("education-scotland")
    assert [band.phrase for band in vocabulary.bands] == [
        "almost all",
        "most",
        "the majority",
        "less than half",
        "a few",
    ]
    assert "Terms we use in the inspection process" in vocabulary.source
