"""Lifecycle pages: the status and its history, announcing, moving on, the letter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from casescreen.inspections import lifecycle, notices
from casescreen.inspections.access import can_manage, get_inspection_for_user, on_team
from casescreen.inspections.email_views import unsent_message
from casescreen.inspections.letter import letter_html_clean
from casescreen.inspections.lifecycle_forms import AnnounceForm, TransitionForm
from casescreen.inspections.models import Inspection, InspectionTransition
from casescreen.lib.summary import error_summary
from casescreen.notifications.models import SentEmail
from casescreen.notifications.selectors import unsent


def inspection_lifecycle(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference)
    manage = can_manage(request.user, inspection)
    next_statuses = [Inspection.Status(status) for status in lifecycle.next_statuses(inspection)]
    return render(
        request,
        "inspections/lifecycle/status.html",
        {
            "inspection": inspection,
            "history": lifecycle.history(inspection),
            "can_manage": manage,
            # Reasons may say anything about the inspection: they are for the team.
            "show_reasons": on_team(request.user, inspection),
            "next_statuses": next_statuses if manage else [],
            "announce_next": Inspection.Status.ANNOUNCED in next_statuses and manage,
            "announcement_due": lifecycle.announcement_due(
                inspection.fieldwork_start, inspection.framework().schedule
            ),
            "has_letter": lifecycle.announcement_of(inspection) is not None,
            "report_stages": (Inspection.Status.DRAFTING, *lifecycle.REPORT_STAGES[:-1]),
            "unsent": list(unsent(inspection)) if manage else [],
            "back": "lifecycle",
        },
    )


def inspection_announce(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, manage=True)
    schedule = inspection.framework().schedule
    due = lifecycle.announcement_due(inspection.fieldwork_start, schedule)
    if inspection.status != Inspection.Status.PLANNED:
        messages.info(request, gettext("This inspection has already been announced."))
        return redirect("inspection_lifecycle", reference=inspection.reference)
    # The date input's fields are named and labelled day, month and year (GOV.UK).
    form = AnnounceForm(request.POST or None, due=due, auto_id="%s")
    late = False
    if request.method == "POST" and form.is_valid():
        announced_on = form.cleaned_data["announced_on"]
        late = not lifecycle.check_announcement(inspection, announced_on).on_time
        try:
            lifecycle.inspection_announce(
                user=request.user,
                inspection=inspection,
                announced_on=announced_on,
                reason=form.cleaned_data["reason"],
            )
        except lifecycle.AnnouncementDateError as error:
            form.add_error("day", str(error))
        except lifecycle.LifecycleError as error:
            form.add_error("reason" if late else "day", str(error))
        else:
            # The announcement is committed: whatever the mail server does, it stands.
            email = notices.announcement_send(user=request.user, inspection=inspection)
            if email.status == SentEmail.Status.SENT:
                messages.success(
                    request,
                    gettext(
                        "The inspection is announced and the letter has been emailed to %(to)s."
                    )
                    % {"to": email.to},
                )
            else:
                messages.error(
                    request,
                    gettext("The inspection is announced, but %(problem)s")
                    % {"problem": unsent_message(email, gettext("the letter"))},
                )
            return redirect("inspection_letter", reference=inspection.reference)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/lifecycle/announce.html",
        {
            "inspection": inspection,
            "form": form,
            "due": due,
            "notice": lifecycle.notice_words(schedule),
            "late": late,
            "errors": error_summary(form),
        },
        status=status,
    )


@require_POST
def inspection_transition(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, manage=True)
    form = TransitionForm(request.POST, auto_id="%s")
    if not form.is_valid():
        return _refuse(request, inspection, form)
    try:
        lifecycle.inspection_transition(
            user=request.user,
            inspection=inspection,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
        )
    except lifecycle.LifecycleError as error:
        form.add_error("to_status", str(error))
        return _refuse(request, inspection, form)
    inspection.refresh_from_db()
    messages.success(
        request,
        gettext("The inspection is now: %(value)s.") % {"value": inspection.get_status_display()},
    )
    return redirect("inspection_lifecycle", reference=inspection.reference)


def _refuse(request: HttpRequest, inspection: Inspection, form: TransitionForm) -> HttpResponse:
    return render(
        request,
        "inspections/lifecycle/refused.html",
        {"inspection": inspection, "errors": error_summary(form)},
        status=400,
    )


def _letter(request: HttpRequest, reference: str) -> tuple[Inspection, InspectionTransition]:
    """The letter goes to the YOT: its manager, the team and administrators may read it."""
    inspection = get_inspection_for_user(request.user, reference)
    user = request.user
    if user.role == user.Role.VIEWER:  # type: ignore[union-attr]
        raise PermissionDenied(
            gettext("The announcement letter is for the YOT and the inspection team.")
        )
    announcement = lifecycle.announcement_of(inspection)
    if announcement is None:
        raise Http404(gettext("This inspection has not been announced"))
    return inspection, announcement


def inspection_letter(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, announcement = _letter(request, reference)
    return render(
        request,
        "inspections/lifecycle/letter_page.html",
        {"inspection": inspection, "letter": letter_html_clean(announcement.letter_html)},
    )


def inspection_letter_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, announcement = _letter(request, reference)
    response = HttpResponse(
        lifecycle.letter_pdf(inspection, announcement.letter_html),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{inspection.reference}-announcement.pdf"'
    )
    return response
