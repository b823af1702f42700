from __future__ import annotations

import pytest
from django.utils import translation

from casescreen.domain.findings import Tallies
from casescreen.findings.presentation import basis


@pytest.mark.parametrize(
    ("language", "completed", "total", "expected"),
    [
        ("en-gb", 33, 33, "based on 33 completed assessments"),
        ("en-gb", 31, 33, "based on 31 completed assessments of 33"),
        ("en-gb", 1, 1, "based on 1 completed assessment"),
        ("en-gb", 0, 2, "based on 0 completed assessments of 2"),
        ("cy", 33, 33, "ar sail 33 asesiad a gwblhawyd"),
        ("cy", 31, 33, "ar sail 31 asesiad a gwblhawyd allan o 33"),
    ],
)
def test_basis_in_the_active_language(
    language: str, completed: int, total: int, expected: str
) -> None:
    with translation.override(language):
        assert basis(Tallies((), completed, total, ())) == expected
