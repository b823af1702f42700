"""Case pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.cases.access import get_case_for_user


def case_detail(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, case_ref)
    audit_record(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        object_type="Case",
        object_id=case.pk,
        inspection=case.inspection,
        case=case,
    )
    return render(request, "cases/detail.html", {"case": case, "inspection": case.inspection})
