from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casescreen.cases.models import Case
from casescreen.frameworks import get_framework
from casescreen.frameworks.loader import AllRule, AnyRule, FactRule, NotRule, Rule

BOOLEAN_FACTS = [
    "psr_prepared", "has_plan", "identifiable_victim", "non_compliance", "looked_after",
    "placed_from_other_la", "vulnerability_plan_required", "vulnerability_review_required",
]  # fmt: skip
SENTENCES = ["referral_order", "youth_rehabilitation_order", "custody", "other_statutory"]
LEVELS = ["low", "medium", "high", "very_high", ""]

facts_strategy = st.fixed_dictionaries(
    {
        **{name: st.booleans() for name in BOOLEAN_FACTS},
        "sentence_type": st.sampled_from(SENTENCES),
        "rosh_level": st.sampled_from(LEVELS),
    }
)
leaf = st.one_of(
    st.just("always"),
    st.builds(lambda f: FactRule(fact=f), st.sampled_from(BOOLEAN_FACTS)),
    st.builds(lambda v: FactRule(fact="sentence_type", equals=v), st.sampled_from(SENTENCES)),
    st.builds(
        lambda vs: FactRule.model_validate({"fact": "rosh_level", "in": vs}),
        st.lists(st.sampled_from(LEVELS[:4]), min_size=1, max_size=3),
    ),
)
rules = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.builds(lambda parts: AllRule(all=parts), st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda parts: AnyRule(any=parts), st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda part: NotRule.model_validate({"not": part}), children),
    ),
    max_leaves=6,
)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=rules, facts=st.lists(facts_strategy, min_size=1, max_size=6))
def test_a_rule_as_a_database_condition_agrees_with_its_evaluation(
    inspection: Any, spec: Any, facts: list[dict[str, Any]]
) -> None:
    Case.objects.filter(inspection=inspection).delete()
    for number, case_facts in enumerate(facts):
        Case.objects.create(inspection=inspection, reference=f"R{number}", **case_facts)
    rule = Rule(spec)
    expected = {f"R{n}" for n, case_facts in enumerate(facts) if rule.evaluate(case_facts)}
    found = set(
        Case.objects.filter(rule.to_q(), inspection=inspection).values_list("reference", flat=True)
    )
    assert found == expected


def test_every_sqs_question_translates(inspection: Any, make_case: Any) -> None:
    framework = get_framework("sqs", "2015.1")
    case = make_case(inspection, "T1", sentence_type="custody", non_compliance=True)
    facts = case.facts()
    for question in framework.questions:
        matched = Case.objects.filter(question.rule.to_q(), pk=case.pk).exists()
        assert matched == question.applies(facts), question.id
