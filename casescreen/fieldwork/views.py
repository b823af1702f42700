"""Allocation and timetable pages: access helper, form, service, redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from casescreen.domain import allocation as allocation_rules
from casescreen.fieldwork import downloads, forms, notices, selectors, services
from casescreen.fieldwork.access import (
    can_change,
    get_allocation_inspection,
    get_timetable_inspection,
)
from casescreen.inspections.access import is_team_member
from casescreen.inspections.email_views import unsent_message
from casescreen.inspections.models import Inspection
from casescreen.lib.summary import error_summary
from casescreen.notifications.models import SentEmail
from casescreen.notifications.selectors import emails_of


def _refused(form: Any, exc: services.FieldworkError, default: str) -> None:
    form.add_error(exc.field if exc.field in form.fields else default, str(exc))


def _allocation_page(
    request: HttpRequest, inspection: Inspection, form: forms.AssignForm | None = None
) -> HttpResponse:
    cases = selectors.sampled_cases(inspection, first_for=request.user)
    members = list(selectors.team(inspection))
    if form is None:
        form = forms.AssignForm(references=[c.reference for c in cases], members=members)
    suggestion = allocation_rules.suggest_allocation(
        [allocation_rules.CaseToAllocate(c.reference, c.case_manager) for c in cases],
        [str(m.pk) for m in members],
        fixed={c.reference: str(c.inspector_id) for c in cases if c.inspector_id},
    )
    names = {str(m.pk): m.display_name for m in members}
    first = cases[0].reference if cases else ""
    return render(
        request,
        "fieldwork/allocation.html",
        {
            "inspection": inspection,
            "cases": cases,
            "rows": [(c, names.get(suggestion.get(c.reference, ""), "")) for c in cases],
            "unallocated": len(selectors.unallocated(cases, names)),
            "can_change": can_change(request.user, inspection),
            "form": form,
            "selected": set(request.POST.getlist("cases")) if form.is_bound else set(),
            "errors": error_summary(
                form, href=lambda name: f"#case-{first}" if name == "cases" else "#id_inspector"
            ),
            "status": selectors.allocation_status(inspection),
        },
        status=400 if form.errors else 200,
    )


def allocation(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_allocation_inspection(request.user, reference)
    return _allocation_page(request, inspection)


@require_POST
def allocation_assign(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_allocation_inspection(request.user, reference, write=True)
    cases = selectors.sampled_cases(inspection)
    form = forms.AssignForm(
        request.POST,
        references=[c.reference for c in cases],
        members=list(selectors.team(inspection)),
    )
    if form.is_valid():
        try:
            changed = services.allocation_assign(
                user=request.user,
                inspection=inspection,
                references=form.cleaned_data["cases"],
                inspector=form.chosen_inspector(),
            )
        except services.FieldworkError as exc:
            _refused(form, exc, "cases")
        else:
            who = form.chosen_inspector().display_name
            messages.success(
                request,
                ngettext(
                    "%(changed)s case given to %(who)s.",
                    "%(changed)s cases given to %(who)s.",
                    changed,
                )
                % {"changed": changed, "who": who},
            )
            return redirect("allocation", reference=inspection.reference)
    return _allocation_page(request, inspection, form)


def allocation_case(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    inspection = get_allocation_inspection(request.user, reference, write=True)
    case = next((c for c in selectors.sampled_cases(inspection) if c.reference == case_ref), None)
    if case is None:
        raise Http404(gettext("No such case"))
    members = list(selectors.team(inspection))
    form = forms.CaseAssignForm(
        request.POST or None,
        initial={"inspector": str(case.inspector_id or "")},
        case=case,
        members=members,
        auto_id="%s",
    )
    if form.is_bound and form.is_valid():
        try:
            services.allocation_assign(
                user=request.user,
                inspection=inspection,
                references=[case.reference],
                inspector=form.chosen_inspector(),
            )
        except services.FieldworkError as exc:
            _refused(form, exc, "inspector")
        else:
            messages.success(
                request,
                gettext("Case %(reference)s given to %(display_name)s.")
                % {
                    "reference": case.reference,
                    "display_name": form.chosen_inspector().display_name,
                },
            )
            return redirect("allocation", reference=inspection.reference)
    return render(
        request,
        "fieldwork/allocation_case.html",
        {
            "inspection": inspection,
            "case": case,
            "form": form,
            "errors": error_summary(form),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def allocation_suggest(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_allocation_inspection(request.user, reference, write=True)
    try:
        changed = services.allocation_apply_suggestion(user=request.user, inspection=inspection)
    except services.FieldworkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "The suggested allocation was applied to %(changed)s case.",
                "The suggested allocation was applied to %(changed)s cases.",
                changed,
            )
            % {"changed": changed},
        )
    return redirect("allocation", reference=inspection.reference)


def timetable(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference)
    cases = selectors.sampled_cases(inspection, first_for=request.user)
    booked = sorted(
        (c for c in cases if c.scheduled), key=lambda c: (c.day, c.start, c.inspector, c.reference)
    )
    settings = selectors.timetable_settings(inspection)
    return render(
        request,
        "fieldwork/timetable.html",
        {
            "inspection": inspection,
            "booked": booked,
            "unbooked": [c for c in cases if not c.scheduled],
            "settings": settings,
            # The hours the slots keep to: a first day's start before the working day's
            # (or a last day's end after it) gives way to it.
            "plan": selectors.day_plan(settings),
            "slot_count": len(selectors.slots(inspection, settings)),
            "unavailable": selectors.unavailability(inspection),
            "can_change": can_change(request.user, inspection),
            "on_team": is_team_member(request.user, inspection),
            "last_sent": (
                emails_of(inspection).filter(kind=SentEmail.Kind.TIMETABLE).first()
                if can_change(request.user, inspection)
                else None
            ),
        },
    )


@require_POST
def timetable_send(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference, write=True)
    try:
        email = notices.timetable_send(user=request.user, inspection=inspection)
    except services.FieldworkError as exc:
        messages.error(request, str(exc))
    else:
        if email.status == SentEmail.Status.SENT:
            messages.success(
                request, gettext("The timetable has been emailed to %(to)s.") % {"to": email.to}
            )
        else:
            message = unsent_message(email, gettext("the timetable"))
            messages.error(request, message[0].upper() + message[1:])
    return redirect("timetable", reference=inspection.reference)


def timetable_case(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference, write=True)
    case = next((c for c in selectors.sampled_cases(inspection) if c.reference == case_ref), None)
    if case is None:
        raise Http404(gettext("No such case"))
    slots = selectors.slots(inspection)
    scheduled = f"{case.day:%Y-%m-%d}T{case.start:%H:%M}" if case.day and case.start else ""
    form = forms.SlotForm(
        request.POST or None, initial={"slot": scheduled}, slots=slots, case=case, auto_id="%s"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_book(
                user=request.user,
                inspection=inspection,
                reference=case.reference,
                slot=form.chosen_slot(),
            )
        except services.FieldworkError as exc:
            _refused(form, exc, "slot")
        else:
            messages.success(
                request,
                gettext("The timetable for case %(reference)s was saved.")
                % {"reference": case.reference},
            )
            return redirect("timetable", reference=inspection.reference)
    return render(
        request,
        "fieldwork/timetable_case.html",
        {
            "inspection": inspection,
            "case": case,
            "form": form,
            "errors": error_summary(form),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def timetable_suggest(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference, write=True)
    try:
        placed, unplaced, not_allocated = services.timetable_apply_suggestion(
            user=request.user, inspection=inspection
        )
    except services.FieldworkError as exc:
        messages.error(request, str(exc))
    else:
        text = ngettext("%(placed)s interview booked.", "%(placed)s interviews booked.", placed) % {
            "placed": placed
        }
        if unplaced:
            text += " " + gettext("No free slot was found for case %(references)s.") % {
                "references": ", ".join(unplaced)
            }
        if not_allocated:
            text += " " + ngettext(
                "Case %(references)s has no inspector yet: allocate it first.",
                "Cases %(references)s have no inspector yet: allocate them first.",
                len(not_allocated),
            ) % {"references": ", ".join(not_allocated)}
        messages.success(request, text)
    return redirect("timetable", reference=inspection.reference)


def timetable_settings(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference, write=True)
    settings = selectors.timetable_settings(inspection)
    initial = {
        name: (
            f"{getattr(settings, name):%H:%M}" if name != "slot_minutes" else settings.slot_minutes
        )
        for name in ("first_day_start", "day_start", "day_end", "last_day_end", "slot_minutes")
    }
    form = forms.SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.timetable_settings_update(
                user=request.user, inspection=inspection, **form.cleaned_data
            )
        except services.FieldworkError as exc:
            _refused(form, exc, "slot_minutes")
        else:
            messages.success(request, gettext("The timetable's day and slot length were saved."))
            return redirect("timetable", reference=inspection.reference)
    return render(
        request,
        "fieldwork/timetable_settings.html",
        {"inspection": inspection, "form": form, "errors": error_summary(form)},
        status=400 if form.errors else 200,
    )


def timetable_unavailability(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference, write=True)
    form = forms.UnavailabilityForm(
        request.POST or None,
        case_managers=selectors.case_managers(inspection),
        first=inspection.fieldwork_start,
        last=inspection.fieldwork_end,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unavailability_add(
                user=request.user,
                inspection=inspection,
                case_manager=form.cleaned_data["case_manager"],
                day=form.chosen_day(),
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except services.FieldworkError as exc:
            _refused(form, exc, "case_manager")
        else:
            messages.success(request, gettext("The period was blocked out of the timetable."))
            return redirect("timetable", reference=inspection.reference)
    return render(
        request,
        "fieldwork/unavailability.html",
        {"inspection": inspection, "form": form, "errors": error_summary(form)},
        status=400 if form.errors else 200,
    )


@require_POST
def timetable_unavailability_delete(
    request: HttpRequest, reference: str, period_id: int
) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference, write=True)
    try:
        services.unavailability_remove(
            user=request.user, inspection=inspection, period_id=period_id
        )
    except services.FieldworkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("The period was removed."))
    return redirect("timetable", reference=inspection.reference)


def timetable_csv(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference)
    response = HttpResponse(
        "\ufeff" + downloads.timetable_csv(inspection), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{inspection.reference}-timetable.csv"'
    return response


def timetable_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_timetable_inspection(request.user, reference)
    response = HttpResponse(downloads.timetable_pdf(inspection), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{inspection.reference}-timetable.pdf"'
    return response
