"""Case pages: the task list and the case facts form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casescreen.assessments.selectors import case_assessment, case_history, case_urls
from casescreen.assessments.services import AssessmentLocked, StaleVersion
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.cases.access import get_case_for_user
from casescreen.cases.forms import BOOLEAN_FACTS, CHOICE_FACTS, FactsForm
from casescreen.cases.services import case_update_facts
from casescreen.inspections.access import is_lead


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
    data = case_assessment(case)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "inspection": case.inspection,
            "data": data,
            "urls": case_urls(case),
            "history": case_history(case),
            "can_reopen": data.can_reopen and is_lead(request.user, case.inspection),
        },
    )


@require_http_methods(["GET", "POST"])
def case_facts(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, case_ref)
    framework = case.inspection.framework()
    data = case_assessment(case)
    initial = {
        **case.facts([*CHOICE_FACTS, *BOOLEAN_FACTS]),
        "case_manager_present": data.assessment.case_manager_present,
        "version": case.version,
    }
    form = FactsForm(request.POST or None, initial=initial, framework=framework)
    conflict: list[dict[str, object]] = []
    if request.method == "POST" and form.is_valid():
        try:
            case_update_facts(
                user=request.user,
                case=case,
                facts=form.facts(),
                case_manager_present=form.cleaned_data["case_manager_present"],
                based_on_version=form.cleaned_data["version"],
            )
        except AssessmentLocked as exc:
            raise PermissionDenied(str(exc)) from exc
        except StaleVersion:
            case.refresh_from_db()
            conflict = [
                {
                    "label": form.fields[name].label,
                    "mine": _shown(form, name, form.cleaned_data[name]),
                    "theirs": _shown(form, name, getattr(case, name)),
                }
                for name in (*CHOICE_FACTS, *BOOLEAN_FACTS)
                if form.cleaned_data[name] != getattr(case, name)
            ]
        else:
            messages.success(request, "Case facts saved")
            return redirect("case", case.inspection.reference, case.reference)
    if conflict:
        return render(
            request,
            "cases/facts_conflict.html",
            {
                "case": case,
                "inspection": case.inspection,
                "conflict": conflict,
                "form": form,
                "current_version": case.version,
                "hidden": _mine_as_hidden(form),
                "urls": case_urls(case),
            },
            status=409,
        )
    errors = [
        {"href": f"#id_{name}" if name != "__all__" else "#id_sentence_type", "message": message}
        for name, field_errors in form.errors.items()
        for message in field_errors
    ]
    return render(
        request,
        "cases/facts.html",
        {
            "case": case,
            "inspection": case.inspection,
            "data": data,
            "form": form,
            "errors": errors,
            "boolean_fields": [form[name] for name in BOOLEAN_FACTS],
            "urls": case_urls(case),
        },
        status=400 if errors else 200,
    )


def _shown(form: FactsForm, name: str, value: object) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = dict(getattr(form.fields[name], "choices", []))
    return str(choices.get(value, value) or "Not known")


def _mine_as_hidden(form: FactsForm) -> list[tuple[str, str]]:
    """The user's submitted facts, to post again against the current version."""
    hidden = [(name, str(form.cleaned_data[name])) for name in CHOICE_FACTS]
    hidden += [(name, "on") for name in BOOLEAN_FACTS if form.cleaned_data[name]]
    if form.cleaned_data["case_manager_present"]:
        hidden.append(("case_manager_present", "on"))
    return hidden
