"""Case pages: the task list and the case facts form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from casescreen.assessments.facts import FactsConflict, case_update_facts
from casescreen.assessments.selectors import (
    HISTORY_PAGE_SIZE,
    RECENT_HISTORY,
    case_assessment,
    case_history,
    case_urls,
)
from casescreen.assessments.services import AssessmentLocked
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.cases.access import get_case_for_user
from casescreen.cases.forms import BOOLEAN_FACTS, CHOICE_FACTS, FactsForm, original
from casescreen.cases.models import Case
from casescreen.inspections.access import is_lead
from casescreen.lib.summary import error_summary


def _record_view(request: HttpRequest, case: Case) -> None:
    audit_record(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        object_type="Case",
        object_id=case.pk,
        inspection=case.inspection,
        case=case,
    )


def case_page_context(request: HttpRequest, case: Case) -> dict[str, object]:
    """What the case page shows of the assessment (the page itself is composed in
    ``web.case``, with what other apps show of the case); its reading is audited.
    It shows the latest changes only; the history page has them all."""
    _record_view(request, case)
    data = case_assessment(case)
    recent = list(case_history(case)[: RECENT_HISTORY + 1])
    return {
        "case": case,
        "inspection": case.inspection,
        "data": data,
        "urls": case_urls(case),
        "history": recent[:RECENT_HISTORY],
        "more_history": len(recent) > RECENT_HISTORY,
        "can_reopen": data.can_reopen and is_lead(request.user, case.inspection),
    }


@require_http_methods(["GET"])
def case_history_page(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    """Every change to the case and its assessment, newest first, a page at a time."""
    case = get_case_for_user(request.user, reference, case_ref)
    _record_view(request, case)
    page = Paginator(case_history(case), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/history.html",
        {
            "case": case,
            "inspection": case.inspection,
            "history": page.object_list,
            "page": page,
            "urls": case_urls(case),
        },
    )


@require_http_methods(["GET", "POST"])
def case_facts(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, case_ref)
    framework = case.inspection.framework()
    data = case_assessment(case)
    saved = {
        **case.facts([*CHOICE_FACTS, *BOOLEAN_FACTS]),
        "case_manager_present": data.assessment.case_manager_present,
    }
    initial = {**saved, **{original(name): value for name, value in saved.items()}}
    posted = request.POST if request.method == "POST" else None
    form = FactsForm(posted, initial=initial, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            case_update_facts(
                user=request.user,
                case=case,
                facts=form.facts(),
                opened_with=form.opened_with(),
            )
        except AssessmentLocked as exc:
            raise PermissionDenied(str(exc)) from exc
        except FactsConflict as exc:
            return _conflict(request, case, form, exc.theirs)
        messages.success(request, gettext("Case facts saved"))
        return redirect("case", case.inspection.reference, case.reference)
    errors = error_summary(form, href=_error_href)
    return render(
        request,
        "cases/facts.html",
        {
            "case": case,
            "inspection": case.inspection,
            "data": data,
            "form": form,
            "errors": errors,
            "boolean_fields": [form[name] for name in form.boolean_names],
            "urls": case_urls(case),
        },
        status=400 if errors else 200,
    )


def _error_href(name: str) -> str:
    if name == "__all__":
        return "#id_sentence_type"
    return f"#id_{name.removeprefix(original(''))}"


def _conflict(
    request: HttpRequest, case: Case, form: FactsForm, theirs: dict[str, object]
) -> HttpResponse:
    """Each field both people changed, theirs and mine to choose from; the rest of what
    was sent carried along, with the values saved now as the conflicting fields' originals
    (so that keeping theirs changes nothing and keeping mine changes only that field)."""
    mine = form.facts()
    rows = [
        {
            "name": name,
            "label": form.fields[name].label,
            "mine": _shown(form, name, mine[name]),
            "theirs": _shown(form, name, value),
            "mine_value": _posted(mine[name]),
            "theirs_value": _posted(value),
        }
        for name, value in theirs.items()
    ]
    opened = form.opened_with()
    hidden: list[tuple[str, str]] = []
    for name in form.field_names:
        if name in theirs:
            hidden.append((original(name), _posted(theirs[name])))
        else:
            hidden += [(name, _posted(mine[name])), (original(name), _posted(opened[name]))]
    for row in rows:
        row["message"] = gettext(
            "Someone else changed “%(row)s” to %(row2)s: choose which to keep"
        ) % {"row": row["label"], "row2": row["theirs"]}
    errors = [{"href": f"#conflict-{row['name']}", "message": row["message"]} for row in rows]
    return render(
        request,
        "cases/facts_conflict.html",
        {
            "case": case,
            "inspection": case.inspection,
            "conflict": rows,
            "errors": errors,
            "hidden": hidden,
            "urls": case_urls(case),
        },
        status=409,
    )


def _shown(form: FactsForm, name: str, value: object) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    choices = dict(getattr(form.fields[name], "choices", []))
    return str(choices.get(value, value) or gettext("Not known"))


def _posted(value: object) -> str:
    """A value as the form sends it (a tick as True or False, which the form reads back)."""
    return str(value)
