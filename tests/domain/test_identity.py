"""The one rule for what identifies a child in the sample (domain.identity)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casescreen.domain.identity import Found, identifiers_in, name_parts

NAMES = ["Jamie Test", "Robin Okafor-Young", "Siân O'Brien", "Al B"]
REFERENCES = ["TS1001", "RB-15/008"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Jamie was seen weekly.", [Found("name", "Jamie")]),
        ("The case manager saw JAMIE.", [Found("name", "Jamie")]),
        (
            "Robin Okafor-Young came.",
            [Found("name", "Okafor"), Found("name", "Robin"), Found("name", "Young")],
        ),
        ("Mrs Okafor came.", [Found("name", "Okafor")]),
        ("Siân’s mother (O’Brien) came.", [Found("name", "O'Brien"), Found("name", "Siân")]),
        ("Young people came to the panel.", [Found("name", "Young")]),
        (
            "We saw ts1001 and RB-15/008.",
            [Found("reference", "RB-15/008"), Found("reference", "TS1001")],
        ),
        # Lower-case words are ordinary words; parts of other words are not names.
        ("The young people came; they were testing the plan.", []),
        ("Jamieson and Robinson came.", []),
        ("TS10010 is another number.", []),
        # A one-letter part identifies nobody.
        ("B was seen.", []),
        ("Al was seen.", [Found("name", "Al")]),
    ],
)
def test_what_identifies_a_child(text: str, found: list[Found]) -> None:
    assert identifiers_in(text, NAMES, REFERENCES) == found


def test_name_parts_split_at_spaces_and_hyphens() -> None:
    assert name_parts(["Robin Okafor-Young", "  ", "Al B"]) == ["Al", "Okafor", "Robin", "Young"]


@given(
    before=st.text(alphabet=st.characters(categories=["Ll", "Zs", "Po"]), max_size=30),
    after=st.text(alphabet=st.characters(categories=["Ll", "Zs", "Po"]), max_size=30),
    part=st.sampled_from(name_parts(NAMES)),
)
def test_a_name_part_written_as_a_name_is_always_found(before: str, after: str, part: str) -> None:
    text = f"{before} {part.upper() if len(before) % 2 else part} {after}"
    assert Found("name", part) in identifiers_in(text, NAMES, REFERENCES)
