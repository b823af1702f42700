"""The demo's Thornbury YOT audits its own cases: two self-assessments six months apart,
the first shared with its inspection, so that the trend has two points."""

from __future__ import annotations

from typing import Any

from casescreen.accounts.models import User
from casescreen.demo import data as demo_module
from casescreen.demo import self_assessments
from casescreen.inspections.models import Inspection
from casescreen.selfassessment.comparison import comparison
from casescreen.selfassessment.models import Action


def _audits() -> list[Inspection]:
    return list(
        Inspection.objects.filter(
            kind=Inspection.Kind.SELF_ASSESSMENT, yot__name="Thornbury YOT"
        ).order_by("fieldwork_start")
    )


def test_thornbury_has_two_self_assessments_six_months_apart(demo: Any) -> None:
    first, second = _audits()
    inspection = Inspection.objects.get(reference=demo_module.FIELDWORK_REFERENCE)
    months = (second.fieldwork_start.year - first.fieldwork_start.year) * 12 + (
        second.fieldwork_start.month - first.fieldwork_start.month
    )
    assert months == 6
    assert first.shared_with == inspection and second.shared_with is None
    assert (first.status, second.status) == (Inspection.Status.CLOSED, Inspection.Status.FIELDWORK)
    assert first.framework_key == second.framework_key == inspection.framework_key
    manager = User.objects.get(username=self_assessments.MANAGER)
    auditor = User.objects.get(username=self_assessments.AUDITOR)
    assert (manager.role, manager.yot_id) == (User.Role.YOT_MANAGER, inspection.yot_id)
    assert (auditor.role, auditor.yot_id) == (User.Role.YOT_AUDITOR, inspection.yot_id)
    # The second was started from the first: the same auditor is on it.
    assert set(second.members.values_list("user__username", "role")) == {
        (self_assessments.MANAGER, "lead"),
        (self_assessments.AUDITOR, "inspector"),
    }


def test_the_trend_has_two_points_that_rise(demo: Any) -> None:
    _, second = _audits()
    result = comparison(second)
    assert len(result.trend_columns) == 2
    # Thornbury's own inspection is in fieldwork, so not compared.
    assert result.last_inspection is None
    rising = 0
    for standard in result.standards:
        figures = [standard.pooled.figures[i] for i in result.trend_columns]
        before, after = (figure.percent for figure in figures)
        if before is not None and after is not None:
            assert after > before
            rising += 1
        else:  # hidden only where one of its questions has too few cases to show
            assert any(figure.part_hidden for figure in figures)
    assert rising >= 3


def test_the_first_audit_s_action_shows_done_on_the_second(demo: Any, as_user: Any) -> None:
    first, second = _audits()
    action = Action.objects.get()
    assert action.self_assessment == first and action.status == Action.Status.DONE
    page = as_user(User.objects.get(username=self_assessments.MANAGER)).get(
        f"/self-assessments/{second.reference}/"
    )
    html = page.content.decode()
    assert 'id="earlier-actions"' in html and action.text[:40] in html


def test_only_the_shared_inspection_s_lead_reads_the_findings(demo: Any, as_user: Any) -> None:
    first, second = _audits()
    lead = as_user(User.objects.get(username=demo_module.LEAD))
    inspector = as_user(User.objects.get(username=demo_module.INSPECTOR))
    assert lead.get(f"/self-assessments/{first.reference}/findings/").status_code == 200
    assert lead.get(f"/self-assessments/{second.reference}/findings/").status_code == 404
    assert lead.get(f"/self-assessments/{first.reference}/trend/").status_code == 404
    assert inspector.get(f"/self-assessments/{first.reference}/findings/").status_code == 404
