"""A self-assessment beside the YOT's earlier ones, its last inspection and the nation:
the same question set version only, small groups never shown."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casescreen.cases.models import Case
from casescreen.inspections.models import Inspection
from casescreen.selfassessment.charts import chart_alt, standard_chart
from casescreen.selfassessment.comparison import comparison
from tests.selfassessment.helpers import audit

PUBLISHED = Inspection.Status.PUBLISHED
INSPECTION = Inspection.Kind.INSPECTION


def _row(result: Any, standard: str = "1") -> Any:
    block = next(s for s in result.standards if s.id == standard)
    return next(r for r in block.rows if r.label.startswith("1.1 "))


def test_the_trend_runs_over_the_yot_s_self_assessments_oldest_first(
    yot: Any, make_case: Any
) -> None:
    first = audit(make_case, yot, date(2016, 1, 4), 2, 4)
    current = audit(make_case, yot, date(2016, 7, 4), 4, 5)
    later = audit(make_case, yot, date(2017, 1, 9), 5, 5)

    result = comparison(current)

    kinds = [c.kind for c in result.columns]
    assert "self_assessment" in kinds
    trend = [result.columns[i] for i in result.trend_columns]
    assert [c.start for c in trend] == [first.fieldwork_start, current.fieldwork_start]
    assert [c.current for c in trend] == [False, True]
    assert later.fieldwork_start not in [c.start for c in result.columns]
    figures = _row(result).figures
    assert [figures[i].text for i in result.trend_columns] == ["50% (2 of 4)", "80% (4 of 5)"]
    pooled = next(s for s in result.standards if s.id == "1").pooled
    assert [pooled.figures[i].percent for i in result.trend_columns] == [50, 80]


def test_the_last_published_inspection_and_the_nation_sit_beside_it(
    yot: Any, other_yot: Any, make_case: Any
) -> None:
    audit(make_case, yot, date(2014, 3, 3), 3, 6, kind=INSPECTION, status=PUBLISHED)
    audit(make_case, yot, date(2015, 3, 2), 6, 6, kind=INSPECTION, status=PUBLISHED)
    # Neither in fieldwork nor another YOT's self-assessment counts nationally.
    audit(make_case, yot, date(2015, 9, 7), 0, 9, kind=INSPECTION)
    audit(make_case, other_yot, date(2015, 5, 4), 0, 9)
    published = audit(
        make_case, other_yot, date(2015, 6, 1), 4, 8, kind=INSPECTION, status=PUBLISHED
    )
    # Nor a case taken out of its inspection's sample, as in that inspection's findings.
    Case.objects.filter(inspection=published, reference__endswith="X000").update(
        sample_status=Case.SampleStatus.EXCLUDED
    )
    current = audit(make_case, yot, date(2016, 1, 4), 1, 4)

    result = comparison(current)

    labels = [c.label for c in result.columns]
    assert labels[-2:] == ["Inspection Mar 2015", "National"]
    assert result.last_inspection is not None
    assert result.last_inspection.fieldwork_start == date(2015, 3, 2)
    assert result.national_inspections == 3
    figures = _row(result).figures
    assert figures[-2].text == "100% (6 of 6)"
    assert figures[-1].text == "63% (12 of 19)"


def test_an_audit_is_compared_with_the_inspection_before_it_not_after(
    yot: Any, make_case: Any
) -> None:
    audit(make_case, yot, date(2014, 3, 3), 3, 6, kind=INSPECTION, status=PUBLISHED)
    earlier = audit(make_case, yot, date(2015, 1, 5), 2, 4)
    audit(make_case, yot, date(2015, 3, 2), 6, 6, kind=INSPECTION, status=PUBLISHED)

    result = comparison(earlier)

    assert result.last_inspection is not None
    assert result.last_inspection.fieldwork_start == date(2014, 3, 3)


def test_another_question_set_is_never_compared(yot: Any, make_case: Any) -> None:
    other = ("youth-justice", "2021.1")
    audit(make_case, yot, date(2015, 1, 5), 3, 3, framework=other)
    audit(
        make_case, yot, date(2015, 2, 2), 3, 3, kind=INSPECTION, status=PUBLISHED, framework=other
    )
    current = audit(make_case, yot, date(2016, 1, 4), 3, 4)

    result = comparison(current)

    assert [c.kind for c in result.columns] == ["self_assessment"]
    assert result.last_inspection is None
    assert result.national_inspections == 0


def test_a_small_group_is_counted_but_never_shown(yot: Any, make_case: Any) -> None:
    audit(make_case, yot, date(2016, 1, 4), 1, 2)
    current = audit(make_case, yot, date(2016, 7, 4), 2, 2)

    result = comparison(current)
    standard = next(s for s in result.standards if s.id == "1")

    figures = _row(result).figures
    assert [f.suppressed for f in figures] == [True, True]
    assert [f.percent for f in figures] == [None, None]
    assert {f.text for f in figures} == {"Too few cases to show"}
    alt = chart_alt(result, standard)
    assert "Too few cases to show" in alt
    assert "50%" not in alt and "100%" not in alt
    assert standard_chart(result, standard).startswith("data:image/svg+xml;base64,")


def test_count_questions_are_left_out_of_the_shares(yot: Any, make_case: Any) -> None:
    result = comparison(audit(make_case, yot, date(2016, 1, 4), 3, 4))
    labels = [row.label for standard in result.standards for row in standard.rows]
    framework = result.framework
    counted = [q for q in framework.questions if q.style == "count"]
    assert counted, "the question set has a count question"
    assert not any(label.startswith(f"{q.paragraph} {q.text}") for q in counted for label in labels)


@pytest.mark.parametrize("who", ["yot_manager", "yot_auditor"])
def test_the_trend_page_shows_a_chart_and_its_table(
    who: str,
    request: Any,
    yot: Any,
    make_case: Any,
    yot_manager: Any,
    yot_auditor: Any,
    as_user: Any,
) -> None:
    audit(make_case, yot, date(2016, 1, 4), 2, 4)
    current = audit(make_case, yot, date(2016, 7, 4), 4, 5)
    current.members.create(user=yot_manager, role="lead")
    current.members.create(user=yot_auditor, role="inspector")

    response = as_user(request.getfixturevalue(who)).get(
        f"/self-assessments/{current.reference}/trend/"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'id="trend-1"' in html
    assert "50% (2 of 4)" in html and "80% (4 of 5)" in html
    assert "has no published inspection under this question set" in html
    assert "1.1 Did the case manager understand why the child offended" in html


def test_a_chart_is_drawn_once_for_the_same_figures(
    yot: Any, make_case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    from casescreen.selfassessment import charts

    cache.clear()
    drawn: list[object] = []
    draw = charts._draw

    def counted(*arguments: Any) -> str:
        drawn.append(arguments)
        return draw(*arguments)

    monkeypatch.setattr(charts, "_draw", counted)
    first = audit(make_case, yot, date(2016, 1, 4), 3, 4)
    standard = comparison(first).standards[0]

    svg = standard_chart(comparison(first), standard)
    assert standard_chart(comparison(first), standard) == svg
    assert len(drawn) == 1
    # Another figure is another chart.
    second = audit(make_case, yot, date(2016, 7, 4), 4, 4)
    assert standard_chart(comparison(second), comparison(second).standards[0]) != svg
    assert len(drawn) == 2


def _answer(inspection: Any, answers: dict[str, list[str]]) -> None:
    """More judgements of the audit's cases: question id -> yes or no, case by case."""
    from casescreen.assessments.models import Answer

    cases = list(inspection.cases.order_by("reference"))
    for question, values in answers.items():
        for case, value in zip(cases, values, strict=False):
            Answer.objects.create(assessment=case.assessment, question_id=question, value=value)


PLANNING = "q1_6_planning_sufficient"  # also applies to every case


def _standard_one(result: Any) -> Any:
    return next(s for s in result.standards if s.id == "1")


def test_a_pooled_figure_of_too_few_children_is_never_shown(yot: Any, make_case: Any) -> None:
    # Two children, two judgements each: four judgements, but two children.
    current = audit(make_case, yot, date(2016, 7, 4), 2, 2)
    _answer(current, {PLANNING: ["yes", "no"]})

    result = comparison(current)
    standard = _standard_one(result)

    pooled = standard.pooled.figures[0]
    assert (pooled.met, pooled.applicable) == (3, 4)
    assert pooled.suppressed and pooled.percent is None
    assert pooled.text == "Too few cases to show"
    assert "75%" not in chart_alt(result, standard)


def test_a_pooled_figure_never_gives_back_a_hidden_question(yot: Any, make_case: Any) -> None:
    # Four children answered 1.1; two of them 1.6: the pool less 1.1 would be 1.6's figure.
    current = audit(make_case, yot, date(2016, 7, 4), 3, 4)
    _answer(current, {PLANNING: ["yes", "no"]})

    result = comparison(current)
    standard = _standard_one(result)

    assert _row(result).figures[0].text == "75% (3 of 4)"
    planning = next(r for r in standard.rows if r.label.startswith("1.6 Was planning"))
    assert planning.figures[0].suppressed
    pooled = standard.pooled.figures[0]
    assert (pooled.met, pooled.applicable) == (4, 6)
    assert pooled.suppressed and pooled.percent is None
    assert pooled.text == "Not shown: a question in it has too few cases"
    assert "67%" not in chart_alt(result, standard)


def test_a_pooled_figure_of_enough_children_is_shown(yot: Any, make_case: Any) -> None:
    current = audit(make_case, yot, date(2016, 7, 4), 3, 3)
    _answer(current, {PLANNING: ["yes", "no", "no"]})

    pooled = _standard_one(comparison(current)).pooled.figures[0]

    assert not pooled.suppressed
    assert pooled.text == "67% (4 of 6)"


def test_audits_begun_in_the_same_month_are_told_apart(
    yot: Any, make_case: Any, yot_manager: Any, as_user: Any
) -> None:
    audit(make_case, yot, date(2016, 1, 4), 2, 4)
    audit(make_case, yot, date(2016, 7, 4), 3, 4, reference="sa-july-first")
    audit(make_case, yot, date(2016, 7, 4), 3, 4, reference="sa-july-second")
    current = audit(make_case, yot, date(2016, 7, 25), 4, 5)
    current.members.create(user=yot_manager, role="lead")

    result = comparison(current)

    labels = [result.columns[i].label for i in result.trend_columns]
    assert labels == [
        "Jan 2016",
        "4 Jul 2016 (sa-july-first)",
        "4 Jul 2016 (sa-july-second)",
        "25 Jul 2016",
    ]
    page = as_user(yot_manager).get(f"/self-assessments/{current.reference}/trend/")
    assert "Self-assessment 25 Jul 2016 (this one)" in page.content.decode()


WELSH_CHART_WORDS = {"Self-assessments": "Hunanasesiadau", "Judgements met": "Barnau a fodlonwyd"}


def _chart_svgs(page: str) -> list[str]:
    import base64
    import re

    return [
        base64.b64decode(data).decode()
        for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    ]


def test_the_chart_speaks_the_page_s_language(
    yot: Any, make_case: Any, yot_manager: Any, as_user: Any
) -> None:
    from django.conf import settings
    from django.core.cache import cache

    cache.clear()
    audit(make_case, yot, date(2016, 1, 4), 2, 4)
    current = audit(make_case, yot, date(2016, 7, 4), 4, 5)
    current.members.create(user=yot_manager, role="lead")
    url = f"/self-assessments/{current.reference}/trend/"
    client = as_user(yot_manager)

    english = _chart_svgs(client.get(url).content.decode())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = _chart_svgs(client.get(url).content.decode())

    assert english and welsh
    assert "Self-assessments" in english[0] and "Judgements met" in english[0]
    for english_word, welsh_word in WELSH_CHART_WORDS.items():
        assert welsh_word in welsh[0]
        assert english_word not in welsh[0]
