from __future__ import annotations

import base64
import csv
import io
import json
from collections import defaultdict
from datetime import date
from fractions import Fraction
from statistics import median
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case
from casescreen.frameworks import get_framework
from casescreen.inspections.models import Inspection, Yot
from casescreen.programme.selectors import ProgrammeFilters, programme

Q_ALL = "q1_1_offending_understood"
Q_PSR = "q1_2_psr_quality"


def completed(inspection: Any, make_case: Any, answers: list[dict[str, str]], **facts: Any) -> None:
    for number, values in enumerate(answers):
        case = make_case(
            inspection, f"{inspection.reference}-{number}", name="Secret Child", **facts
        )
        Assessment.objects.filter(case=case).update(status=Assessment.Status.COMPLETED)
        for question_id, value in values.items():
            Answer.objects.create(assessment=case.assessment, question_id=question_id, value=value)


@pytest.fixture
def closed(inspection: Any) -> Any:
    inspection.status = Inspection.Status.CLOSED
    inspection.save()
    return inspection


@pytest.fixture
def earlier(yot: Any) -> Any:
    return Inspection.objects.create(
        yot=yot,
        reference="testshire-2013-05",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.PUBLISHED,
        fieldwork_start=date(2013, 5, 6),
        fieldwork_end=date(2013, 5, 8),
    )


def filters(**extra: Any) -> ProgrammeFilters:
    return ProgrammeFilters(framework=get_framework("sqs", "2015.1"), **extra)


def test_only_applicable_answers_of_completed_work_are_counted(
    closed: Any, make_case: Any, yot: Any
) -> None:
    completed(closed, make_case, [{Q_ALL: "yes", Q_PSR: "yes"}] * 3, psr_prepared=True)
    # No PSR: the PSR answer is kept by the tool but must not count.
    case = make_case(closed, "NOPSR", psr_prepared=False)
    Assessment.objects.filter(case=case).update(status=Assessment.Status.COMPLETED)
    Answer.objects.create(assessment=case.assessment, question_id=Q_ALL, value="no")
    Answer.objects.create(assessment=case.assessment, question_id=Q_PSR, value="no")
    # An assessment still in progress does not count.
    unfinished = make_case(closed, "WIP", psr_prepared=True)
    Answer.objects.create(assessment=unfinished.assessment, question_id=Q_ALL, value="no")
    # An inspection still in fieldwork does not count.
    other = Inspection.objects.create(
        yot=yot, reference="testshire-2016", framework_id="sqs", framework_version="2015.1",
        status=Inspection.Status.FIELDWORK, fieldwork_start=date(2016, 1, 4),
        fieldwork_end=date(2016, 1, 6),
    )  # fmt: skip
    completed(other, make_case, [{Q_ALL: "no"}] * 3)
    # Nor a case taken out of the sample, as in the inspection's own findings.
    excluded = make_case(closed, "OUT", psr_prepared=True)
    Case.objects.filter(pk=excluded.pk).update(sample_status=Case.SampleStatus.EXCLUDED)
    Assessment.objects.filter(case=excluded).update(status=Assessment.Status.COMPLETED)
    Answer.objects.create(assessment=excluded.assessment, question_id=Q_ALL, value="no")

    result = programme(filters())
    rows = {row.question.id: row.pooled for row in result.questions}
    assert (rows[Q_ALL].met, rows[Q_ALL].applicable) == (3, 4)
    assert result.cases == 4
    assert (rows[Q_PSR].met, rows[Q_PSR].applicable) == (3, 3)
    assert result.inspections == 1
    low, high = rows[Q_ALL].interval or (0.0, 0.0)
    assert 0.2 < low < 0.75 < high < 1.0


def test_small_groups_are_suppressed(closed: Any, make_case: Any) -> None:
    completed(closed, make_case, [{Q_ALL: "yes"}, {Q_ALL: "no"}])
    row = next(r for r in programme(filters()).questions if r.question.id == Q_ALL)
    assert row.pooled.suppressed and row.pooled.share is None and row.pooled.per_cent == ""


def test_yot_compared_with_previous_inspection(closed: Any, earlier: Any, make_case: Any) -> None:
    completed(earlier, make_case, [{Q_ALL: "no"}] * 2 + [{Q_ALL: "yes"}] * 2)
    completed(closed, make_case, [{Q_ALL: "yes"}] * 4)
    result = programme(filters(year_from=2015))
    (yot_row,) = result.yots
    assert result.inspections == 1
    assert yot_row.comparison is not None
    assert yot_row.comparison.previous_reference == "testshire-2013-05"
    assert yot_row.comparison.change_display == "+50.0"
    assert yot_row.comparison.direction == "improved"


def test_period_nation_and_region_filters(closed: Any, earlier: Any, make_case: Any) -> None:
    completed(earlier, make_case, [{Q_ALL: "no"}] * 3)
    completed(closed, make_case, [{Q_ALL: "yes"}] * 3)
    assert programme(filters(year_to=2014)).inspections == 1
    assert programme(filters(year_from=2014, year_to=2015)).inspections == 1
    assert programme(filters(nation="wales")).inspections == 0
    Yot.objects.update(region="North West")
    assert programme(filters(region="North West")).inspections == 2
    assert programme(filters(region="London")).inspections == 0


@pytest.mark.parametrize(("persona", "status"), [
    ("administrator", 200), ("viewer", 200), ("lead_inspector", 403), ("yot_manager", 403),
])  # fmt: skip
def test_programme_access_by_role(
    as_user: Any, request: pytest.FixtureRequest, persona: str, status: int
) -> None:
    client = as_user(request.getfixturevalue(persona))
    for url in ("/programme/", "/programme/programme.csv", "/programme/programme.json"):
        assert client.get(url).status_code == status


def test_programme_page_shows_charts_tables_and_sorts(
    as_user: Any, viewer: Any, closed: Any, earlier: Any, make_case: Any
) -> None:
    completed(earlier, make_case, [{Q_ALL: "no"}] * 3)
    completed(closed, make_case, [{Q_ALL: "yes"}] * 3, psr_prepared=True)
    response = as_user(viewer).get("/programme/?qsort=share&qdir=desc")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('src="data:image/svg+xml;base64,') == 2
    # Each count takes its noun in the number it needs.
    assert "2 completed inspections of 1 YOT, 6 assessed cases, question set" in body
    assert 'aria-sort="descending"' in body
    ordered = [row.question.id for row in response.context["questions"]]
    assert ordered[0] == Q_ALL  # 100 per cent, the only question with enough judgements
    assert "Secret Child" not in body


def test_the_counts_read_in_the_singular_too(
    as_user: Any, viewer: Any, closed: Any, make_case: Any
) -> None:
    completed(closed, make_case, [{Q_ALL: "yes"}])
    body = as_user(viewer).get("/programme/").content.decode()
    assert "1 completed inspection of 1 YOT, 1 assessed case, question set" in body


def test_bad_filters_are_a_clear_400(as_user: Any, administrator: Any) -> None:
    response = as_user(administrator).get("/programme/?year_from=2020&year_to=2015")
    assert response.status_code == 400
    assert b"The last year must be the same as or after the first year" in response.content
    response = as_user(administrator).get("/programme/programme.csv?year_from=soon")
    assert response.status_code == 400


def test_downloads_have_aggregates_without_personal_data(
    as_user: Any, administrator: Any, closed: Any, make_case: Any
) -> None:
    completed(closed, make_case, [{Q_ALL: "yes"}] * 3 + [{Q_ALL: "no"}], psr_prepared=True)
    client = as_user(administrator)
    text = client.get("/programme/programme.csv").content.decode()
    assert "Secret Child" not in text and "testshire-2015-06-0" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    pooled = next(r for r in rows if r["level"] == "programme" and r["question_id"] == Q_ALL)
    assert (pooled["met"], pooled["counted"], pooled["share_per_cent"]) == ("3", "4", "75.0")
    psr = next(r for r in rows if r["level"] == "programme" and r["question_id"] == Q_PSR)
    assert psr["suppressed"] == "no" and psr["met"] == ""  # nothing counted, nothing shown
    data = json.loads(client.get("/programme/programme.json").content)
    assert data["questions"][0]["met"] == 3 and data["yots"][0]["name"] == "Testshire YOT"
    assert "Secret Child" not in json.dumps(data)


def test_the_programme_csv_defuses_formulas(
    as_user: Any, administrator: Any, closed: Any, make_case: Any
) -> None:
    completed(closed, make_case, [{Q_ALL: "yes"}] * 3, psr_prepared=True)
    closed.yot.name = "=HYPERLINK(1)"
    closed.yot.save()
    text = as_user(administrator).get("/programme/programme.csv").content.decode()
    cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    assert "'=HYPERLINK(1)" in cells
    assert "=HYPERLINK(1)" not in cells


@pytest.mark.django_db
def test_generate_programme_matches_python_tally() -> None:
    call_command(
        "generate_programme", "--yots", "4", "--years", "2", "--cases", "10", "--seed", "7"
    )
    assert Inspection.objects.filter(reference__startswith="syn-").count() == 8
    framework = get_framework("sqs", "2015.1")
    result = programme(filters())
    expected: dict[str, list[int]] = {q.id: [0, 0] for q in framework.questions}
    for answer in Answer.objects.filter(
        assessment__status="completed",
        assessment__case__inspection__status__in=["published", "closed"],
    ).select_related("assessment__case"):
        question = framework.question(answer.question_id)
        if question.applies(answer.assessment.case.facts()):
            expected[answer.question_id][0] += answer.value == "yes"
            expected[answer.question_id][1] += 1
    assert {
        r.question.id: [r.pooled.met, r.pooled.applicable]
        for r in result.questions
        if r.pooled.shown
    } == {qid: pair for qid, pair in expected.items() if pair[1] >= 3}
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_programme", "--yots", "1", "--years", "1")


def test_charts_follow_the_figures(
    as_user: Any, administrator: Any, closed: Any, make_case: Any
) -> None:
    # The charts are cached by what they draw: a new judgement must still redraw them.
    completed(closed, make_case, [{Q_ALL: "yes"}] * 3)
    client = as_user(administrator)
    before = client.get("/programme/").context["questions_chart"]
    assert client.get("/programme/").context["questions_chart"] == before
    extra = make_case(closed, "EXTRA")
    Assessment.objects.filter(case=extra).update(status=Assessment.Status.COMPLETED)
    Answer.objects.create(assessment=extra.assessment, question_id=Q_ALL, value="no")
    after = client.get("/programme/").context["questions_chart"]
    assert after != before
    svg = base64.b64decode(after.split(",", 1)[1]).decode()
    assert "75.0%" in svg  # the text alternative inside the SVG gives the new share


@pytest.mark.django_db
def test_spread_across_yots_matches_python_tally() -> None:
    call_command(
        "generate_programme", "--yots", "5", "--years", "1", "--cases", "12", "--seed", "3"
    )
    framework = get_framework("sqs", "2015.1")
    per_yot: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for answer in Answer.objects.filter(
        assessment__status="completed",
        assessment__case__inspection__status__in=["published", "closed"],
    ).select_related("assessment__case__inspection"):
        case = answer.assessment.case
        if framework.question(answer.question_id).applies(case.facts()):
            pair = per_yot[answer.question_id][case.inspection.yot_id]
            pair[0] += answer.value == "yes"
            pair[1] += 1
    rows = {row.question.id: row for row in programme(filters()).questions}
    checked = 0
    for question_id, yots in per_yot.items():
        shares = sorted(Fraction(m, a) for m, a in yots.values() if a >= 3)
        row = rows[question_id]
        assert row.yots_counted == len(shares)
        if shares:
            assert row.spread == (shares[0], Fraction(median(shares)), shares[-1])
            checked += 1
    assert checked > 10


@pytest.mark.django_db
def test_generate_programme_uses_the_framework_asked_for_or_a_sensible_default() -> None:
    from casescreen.frameworks.loader import available_frameworks
    from casescreen.programme.generate import default_framework_key

    with pytest.raises(CommandError, match="no framework 'none@1'"):
        call_command("generate_programme", "--framework", "none@1", "--yots", "1")
    key = default_framework_key()
    assert not available_frameworks()[key].percentages
    call_command("generate_programme", "--yots", "1", "--years", "1", "--cases", "10")
    inspection = Inspection.objects.get()
    assert inspection.framework_key == key
    schedule = inspection.framework().schedule
    assert inspection.announced_on is not None
    assert inspection.announced_on.weekday() == schedule.announce_weekday
    # The default is now the latest inspection's framework.
    assert default_framework_key() == inspection.framework_key


def test_the_change_since_the_previous_inspection_is_in_the_pages_language(
    as_user: Any,
    administrator: Any,
    closed: Any,
    earlier: Any,
    make_case: Any,
) -> None:
    completed(earlier, make_case, [{Q_ALL: "no"}] * 3)
    completed(closed, make_case, [{Q_ALL: "yes"}] * 3)
    client = as_user(administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    body = client.get("/programme/?year_from=2015").content.decode()
    assert "wedi gwella ers Mai 2013" in body
    assert "improved" not in body
    # The download keeps its English key, whatever the language of the page.
    data = json.loads(client.get("/programme/programme.json?year_from=2015").content)
    assert data["yots"][0]["previous_inspection"]["direction"] == "improved"


@pytest.mark.parametrize(
    ("query", "messages"),
    [
        ("year_from=1999", ["The first year must be from 2000 to 2100"]),
        ("year_to=2101", ["The last year must be from 2000 to 2100"]),
        (
            "year_from=1999&year_to=1998",
            ["The first year must be from 2000 to 2100", "The last year must be from 2000 to 2100"],
        ),
    ],
)
def test_a_year_out_of_range_is_refused_naming_the_year(
    as_user: Any, administrator: Any, query: str, messages: list[str]
) -> None:
    response = as_user(administrator).get(f"/programme/?{query}")
    assert response.status_code == 400
    summary = [error["message"] for error in response.context["errors"]]
    assert summary == messages
