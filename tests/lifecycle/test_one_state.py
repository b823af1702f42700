"""The inspection and its report are one state: every move a lead could try, in every
order, either is refused and changes nothing, or leaves the two in step.

The walk starts from a planned inspection (with and without cases) and tries every
move from every state it reaches, each inside a savepoint that is rolled back, so
every order of moves is covered without replaying it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from casescreen.assessments.services import RecordsFrozen, assessment_answer
from casescreen.dataprotection.selectors import inspections_due_for_purge
from casescreen.inspections import lifecycle
from casescreen.inspections.models import Inspection
from casescreen.reports import services as reports
from casescreen.reports.models import Report
from casescreen.reports.selectors import report_problems

STAGE_OF_REPORT = {
    "draft": "drafting",
    "quality_assurance": "quality_assurance",
    "factual_accuracy": "factual_accuracy",
    "published": "published",
}


def _moves(lead: Any) -> dict[str, Callable[[Inspection], object]]:
    def report(inspection: Inspection) -> Report:
        return Report.objects.get(inspection=inspection)

    def publish(inspection: Inspection) -> object:
        the_report = report(inspection)
        for problem in report_problems(the_report):
            reports.report_override(
                report=the_report, problem_key=problem.key, reason="Checked.", user=lead
            )
        return reports.report_publish(report=the_report, user=lead)

    moves: dict[str, Callable[[Inspection], object]] = {
        "announce": lambda i: lifecycle.inspection_announce(
            user=lead, inspection=i, announced_on=date(2015, 5, 15)
        ),
        "draft the report": lambda i: reports.report_create(inspection=i, user=lead),
        "publish the report": publish,
    }

    def inspection_to(status: str) -> Callable[[Inspection], object]:
        return lambda i: lifecycle.inspection_transition(user=lead, inspection=i, to_status=status)

    def report_to(stage: str) -> Callable[[Inspection], object]:
        return lambda i: reports.report_transition(report=report(i), to=stage, user=lead)

    moves.update({f"inspection to {s}": inspection_to(s) for s in Inspection.Status.values})
    moves.update({f"report to {s}": report_to(s) for s in Report.Status.values})
    return moves


def _state(inspection: Inspection) -> tuple[Any, ...]:
    inspection.refresh_from_db()
    report = Report.objects.filter(inspection=inspection).first()
    return (
        inspection.status,
        report.status if report else None,
        inspection.published_on is not None,
        inspection.transitions.count(),
        report.versions.count() if report else 0,
    )


def _assert_in_step(inspection: Inspection, case: Any, lead: Any) -> None:
    inspection.refresh_from_db()
    report = Report.objects.filter(inspection=inspection).first()
    if report is not None:
        wanted = STAGE_OF_REPORT[report.status]
        assert inspection.status == wanted or (
            wanted == "published" and inspection.status == "closed"
        ), (inspection.status, report.status)
    else:
        assert inspection.status in ("planned", "announced", "fieldwork", "drafting")
    published = inspection.status in ("published", "closed")
    assert (inspection.published_on is not None) == published
    assert inspection.records_frozen == published
    due = inspections_due_for_purge(date(2099, 1, 1)).filter(pk=inspection.pk).exists()
    assert due == published
    if published and case is not None:
        with pytest.raises(RecordsFrozen), transaction.atomic():
            assessment_answer(
                user=lead,
                case=case,
                question_id="1.1",
                value="no",
                evidence="",
                based_on_version=0,
            )


def _walk(inspection: Inspection, case: Any, lead: Any) -> set[tuple[str, ...]]:
    moves = _moves(lead)
    seen: set[tuple[Any, ...]] = set()
    tried: set[tuple[str, ...]] = set()

    def visit(path: tuple[str, ...]) -> None:
        state = _state(inspection)
        seen.add(state[:2])
        for name, move in moves.items():
            with transaction.atomic():
                before = _state(inspection)
                try:
                    with transaction.atomic():
                        move(inspection)
                except (lifecycle.LifecycleError, reports.ReportError, Report.DoesNotExist):
                    assert _state(inspection) == before, (path, name)
                else:
                    tried.add((*path, name))
                    try:
                        _assert_in_step(inspection, case, lead)
                    except AssertionError as error:
                        raise AssertionError(f"after {(*path, name)}: {error}") from error
                    if _state(inspection)[:2] not in seen:
                        visit((*path, name))
                transaction.set_rollback(True)

    visit(())
    return tried


@pytest.mark.parametrize("with_case", [True, False], ids=["with a case", "planned with no cases"])
def test_every_order_of_moves_keeps_the_inspection_and_its_report_in_step(
    inspection: Inspection, lead_inspector: Any, make_case: Any, with_case: bool
) -> None:
    inspection.status = Inspection.Status.PLANNED
    inspection.save()
    case = make_case(inspection, "TS1001") if with_case else None
    accepted = _walk(inspection, case, lead_inspector)
    # The whole way through is one of the accepted orders...
    assert (
        "announce",
        "inspection to fieldwork",
        "inspection to drafting",
        "draft the report",
        "report to quality_assurance",
        "report to factual_accuracy",
        "publish the report",
        "inspection to closed",
    ) in accepted
    # ...and no order publishes or moves the report before the inspection is drafting.
    for path in accepted:
        if "draft the report" in path:
            assert "inspection to drafting" in path[: path.index("draft the report")]


def test_publishing_the_report_while_the_inspection_is_in_fieldwork_is_refused(
    inspection: Inspection, lead_inspector: Any, case: Any, as_user: Any
) -> None:
    client = as_user(lead_inspector)
    response = client.post(f"/inspections/{inspection.reference}/report/create/")
    assert response.status_code == 302
    assert not Report.objects.filter(inspection=inspection).exists()
    page = client.get(f"/inspections/{inspection.reference}/report/")
    assert b"move it to drafting" in page.content or b"moved to drafting" in page.content
    inspection.refresh_from_db()
    assert inspection.status == "fieldwork"


def test_the_inspection_cannot_make_the_report_stages_on_its_own(
    inspection: Inspection, lead_inspector: Any, as_user: Any
) -> None:
    inspection.status = Inspection.Status.DRAFTING
    inspection.save()
    client = as_user(lead_inspector)
    url = f"/inspections/{inspection.reference}/transition/"
    response = client.post(url, {"to_status": "quality_assurance"})
    assert response.status_code == 400
    assert b"moves with its report" in response.content
    inspection.refresh_from_db()
    assert inspection.status == "drafting"
    assert not inspection.transitions.exists()
