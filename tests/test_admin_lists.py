"""An admin list reads its page in a fixed number of queries, however many rows it shows:
a person or YOT a row names (where it may have none) is read with the rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casescreen.accounts.models import User
from casescreen.assessments.models import Assessment
from casescreen.findings.models import StandardJudgement
from casescreen.inspections.models import Yot
from casescreen.reoffending.models import ReoffendingFigure
from casescreen.sampling.models import ColumnMapping, SampleExclusion, SampleRecord


def _person(n: int) -> User:
    return User.objects.create(username=f"person-{n}", role="inspector")


def _yot(n: int) -> Yot:
    return Yot.objects.create(name=f"YOT {n}", local_authority=f"Council {n}", nation="england")


def _sample(inspection: Any, n: int) -> SampleRecord:
    return SampleRecord.objects.create(
        inspection=inspection,
        seed=n,
        rule="stratified",
        parameters={},
        population_hash="0" * 64,
        population_size=10,
        size=1,
        selected=[],
        reserves={},
        strata={},
        drawn_by=_person(n),
    )


def _users(inspection: Any, make_case: Any, n: int) -> None:
    User.objects.create(username=f"manager-{n}", role="yot_manager", yot=_yot(n))


def _assessments(inspection: Any, make_case: Any, n: int) -> None:
    case = make_case(inspection, f"TS{n:04d}")
    Assessment.objects.filter(case=case).update(inspector=_person(n))


def _judgements(inspection: Any, make_case: Any, n: int) -> None:
    StandardJudgement.objects.create(
        inspection=inspection,
        standard=f"1.{n}",
        rating="good",
        key_findings="Strong board.",
        updated_by=_person(n),
    )


def _mappings(inspection: Any, make_case: Any, n: int) -> None:
    ColumnMapping.objects.create(yot=_yot(n), updated_by=_person(n))


def _samples(inspection: Any, make_case: Any, n: int) -> None:
    _sample(inspection, n)


def _exclusions(inspection: Any, make_case: Any, n: int) -> None:
    SampleExclusion.objects.create(
        sample=_sample(inspection, n),
        case=make_case(inspection, f"TS{n:04d}"),
        reason="In custody",
        replacement=make_case(inspection, f"TR{n:04d}"),
    )


def _figures(inspection: Any, make_case: Any, n: int) -> None:
    ReoffendingFigure.objects.create(
        area=_yot(n),
        series="12-month",
        cohort_start=date(2012, 4, 1),
        cohort_end=date(2013, 3, 31),
        cohort_label="Apr 2012 to Mar 2013",
        offenders=250,
        reoffenders=109,
        rate="43.6",
        published_on=date(2015, 1, 29),
    )


ROWS: dict[Any, Callable[[Any, Any, int], None]] = {
    User: _users,
    Assessment: _assessments,
    StandardJudgement: _judgements,
    ColumnMapping: _mappings,
    SampleRecord: _samples,
    SampleExclusion: _exclusions,
    ReoffendingFigure: _figures,
}


@pytest.mark.parametrize("model", ROWS, ids=lambda model: model.__name__)
def test_an_admin_list_reads_its_rows_in_a_fixed_number_of_queries(
    inspection: Any, make_case: Any, administrator: Any, as_user: Any, model: Any
) -> None:
    client = as_user(administrator)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    def queries_for(rows: range) -> int:
        for n in rows:
            ROWS[model](inspection, make_case, n)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        assert f"{model.objects.count()} " in response.content.decode()
        return len(context.captured_queries)

    assert queries_for(range(1, 2)) == queries_for(range(2, 7))
