"""The access log: every view of a case is recorded, and an administrator exports it as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest


def _rows(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_an_administrator_exports_who_viewed_which_case_and_when(
    as_user: Any, inspection: Any, case: Any, inspector: Any, administrator: Any
) -> None:
    from casescreen.audit.models import AuditEvent

    as_user(inspector).get(f"/inspections/{inspection.reference}/cases/{case.reference}/")
    response = as_user(administrator).get(f"/inspections/{inspection.reference}/access-log.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    views = [row for row in _rows(response) if row["action"] == "view" and row["case"]]
    assert views[0]["who"] == inspector.username
    assert views[0]["case"] == case.reference
    assert views[0]["when"]
    assert AuditEvent.objects.filter(
        object_type="AccessLog", actor=administrator.username, inspection=inspection
    ).exists()


def test_the_export_leaves_out_changed_values_and_defuses_formulas(
    as_user: Any, inspection: Any, administrator: Any
) -> None:
    from casescreen.audit.services import audit_record

    audit_record(
        user=None,
        action="change",
        object_type="=HYPERLINK(1)",
        inspection=inspection,
        field="evidence",
        old="Jamie said something private",
        new="more private text",
    )
    response = as_user(administrator).get(f"/inspections/{inspection.reference}/access-log.csv")
    body = b"".join(response.streaming_content).decode()
    assert "private" not in body
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [("lead_inspector", 403), ("inspector", 403), ("yot_manager", 403), ("outsider", 404)],
)
def test_only_administrators_export_the_access_log(
    request: Any, as_user: Any, inspection: Any, persona: str, status: int
) -> None:
    response = as_user(request.getfixturevalue(persona)).get(
        f"/inspections/{inspection.reference}/access-log.csv"
    )
    assert response.status_code == status
