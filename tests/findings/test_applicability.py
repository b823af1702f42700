"""The findings service decides applicability as the framework's own rules do."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from casescreen.cases.facts import FACT_FIELDS
from casescreen.findings.selectors import _applicable_questions
from casescreen.frameworks.loader import get_framework

FRAMEWORK = get_framework("sqs", "2015.1")


def _values(name: str) -> st.SearchStrategy[object]:
    fact = FRAMEWORK.facts.get(name)
    if fact is None:
        return st.sampled_from(["", None])
    if fact.type == "boolean":
        return st.booleans()
    return st.sampled_from(["", *(fact.choices or {})])


fact_rows = st.lists(st.tuples(*(_values(name) for name in FACT_FIELDS)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(rows=fact_rows)
def test_service_applicability_agrees_with_the_rules(rows: list[tuple[object, ...]]) -> None:
    # Decisions are kept between calls: later examples reuse those of earlier ones.
    expected = [
        FRAMEWORK.applicable_questions(dict(zip(FACT_FIELDS, row, strict=True))) for row in rows
    ]
    assert _applicable_questions(FRAMEWORK, rows) == expected
