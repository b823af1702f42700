"""A self-assessment beside the YOT's earlier ones, its last inspection and the nation:
the same question set version only, small groups never shown."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

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
    audit(make_case, other_yot, date(2015, 6, 1), 4, 8, kind=INSPECTION, status=PUBLISHED)
    current = audit(make_case, yot, date(2016, 1, 4), 1, 4)

    result = comparison(current)

    labels = [c.label for c in result.columns]
    assert labels[-2:] == ["Inspection Mar 2015", "National"]
    assert result.last_inspection is not None
    assert result.last_inspection.fieldwork_start == date(2015, 3, 2)
    assert result.national_inspections == 3
    figures = _row(result).figures
    assert figures[-2].text == "100% (6 of 6)"
    assert figures[-1].text == "65% (13 of 20)"


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
