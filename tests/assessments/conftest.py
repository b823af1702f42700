"""Helpers for assessment tests: URLs of one case, and a minimal set of answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse


def case_url(name: str, case: Any, *extra: object) -> str:
    return reverse(name, args=[case.inspection.reference, case.reference, *extra])


@pytest.fixture
def url() -> Any:
    return case_url


def save(
    client: Any,
    case: Any,
    question_id: str,
    value: str,
    *,
    evidence: str = "",
    version: int = 0,
    **extra: Any,
) -> Any:
    data = {
        "case_reference": case.reference,
        "question_id": question_id,
        "value": value,
        "evidence": evidence,
        "version": str(version),
        **extra,
    }
    return client.post(case_url("answer_save", case), data, HTTP_ACCEPT="application/json")


@pytest.fixture
def save_answer() -> Any:
    return save
