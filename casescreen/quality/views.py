"""Quality assurance pages: access helper, form, service, redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casescreen.assessments.selectors import case_assessment
from casescreen.assessments.services import RecordsFrozen
from casescreen.cases.models import Case
from casescreen.inspections.access import is_lead
from casescreen.inspections.models import Inspection
from casescreen.lib.summary import error_summary
from casescreen.quality import selectors, services
from casescreen.quality.access import (
    get_query_case,
    get_review_case,
    get_review_inspection,
    is_reviewer,
)
from casescreen.quality.forms import AssurerForm, QueryForm, ReplyForm, StatusForm
from casescreen.quality.models import Query


def _refused(form: Any, exc: services.QualityError, default: str) -> None:
    form.add_error(exc.field if exc.field in form.fields else default, str(exc))


@require_GET
def quality_review(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_review_inspection(request.user, reference)
    return _review_page(request, inspection)


def _review_page(
    request: HttpRequest, inspection: Inspection, form: AssurerForm | None = None
) -> HttpResponse:
    lead = is_lead(request.user, inspection)
    inspectors = selectors.team_inspectors(inspection)
    rows = selectors.review_rows(inspection)
    if form is None:
        form = AssurerForm(members=inspectors)
    return render(
        request,
        "quality/review.html",
        {
            "inspection": inspection,
            "rows": rows,
            "awaiting": [r for r in rows if r.state == selectors.AWAITING],
            "under_review": [r for r in rows if r.state == selectors.UNDER_REVIEW],
            "others": [
                r for r in rows if r.state not in (selectors.AWAITING, selectors.UNDER_REVIEW)
            ],
            "lead": lead,
            "assurers": list(selectors.quality_assurers(inspection)),
            "form": form,
            "errors": error_summary(form, href=lambda name: "#id_member"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def quality_assurers(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_review_inspection(request.user, reference, lead=True)
    inspectors = selectors.team_inspectors(inspection)
    form = AssurerForm(request.POST, members=inspectors)
    if form.is_valid():
        member_id = form.cleaned_data["member"]
        try:
            if form.cleaned_data["action"] == "add":
                member = next(m for m in inspectors if m.pk == member_id)
                services.quality_assurer_add(
                    user=request.user, inspection=inspection, member=member
                )
                messages.success(
                    request,
                    gettext("%(display_name)s is now a quality assurer")
                    % {"display_name": member.display_name},
                )
            else:
                services.quality_assurer_remove(
                    user=request.user, inspection=inspection, member_id=member_id
                )
                messages.success(request, gettext("The quality assurer has been removed"))
            return redirect("quality_review", inspection.reference)
        except RecordsFrozen as exc:
            raise PermissionDenied(str(exc)) from exc
        except services.QualityError as exc:
            _refused(form, exc, "member")
    return _review_page(request, inspection, form)


@require_http_methods(["GET", "POST"])
def quality_case(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    """One assessment under review; a POST raises a query."""
    case = get_review_case(request.user, reference, case_ref)
    framework = case.inspection.framework()
    choices = selectors.subject_choices(framework)
    form = QueryForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.query_raise(
                user=request.user,
                case=case,
                about=form.cleaned_data["about"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, gettext("Your query has been added"))
            return redirect("quality_case", reference, case.reference)
        except RecordsFrozen as exc:
            raise PermissionDenied(str(exc)) from exc
        except services.QualityError as exc:
            _refused(form, exc, "text")
    return _case_page(request, case, form)


def _case_page(request: HttpRequest, case: Case, form: QueryForm) -> HttpResponse:
    data = case_assessment(case)
    framework = data.framework
    assessment, review, state = selectors.case_review(case)
    facts = case.facts(list(framework.facts))
    return render(
        request,
        "quality/case.html",
        {
            "case": case,
            "inspection": case.inspection,
            "assessment": assessment,
            "review": review,
            "state": state,
            "state_label": selectors.STATE_LABELS[state],
            "answers": [q for q in data.questions.values() if q.applies or q.answered],
            "facts": [
                (spec.label, _fact_value(spec, facts.get(name)))
                for name, spec in framework.facts.items()
            ],
            "threads": selectors.case_queries(case, framework),
            "form": form,
            "errors": error_summary(form),
            "frozen": case.inspection.records_frozen,
        },
        status=400 if form.errors else 200,
    )


def _fact_value(spec: Any, value: object) -> str:
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if spec.choices:
        return str(spec.choices.get(value, gettext("Not recorded")))
    return str(value or gettext("Not recorded"))


@require_POST
def quality_case_status(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    case = get_review_case(request.user, reference, case_ref)
    form = StatusForm(request.POST)
    if not form.is_valid():
        response = _case_page(request, case, QueryForm(choices=[]))
        response.status_code = 400
        return response
    action = form.cleaned_data["action"]
    service = {
        "start": services.review_start,
        "return": services.review_return,
        "agree": services.review_agree,
    }[action]
    done = {
        "start": gettext("You are reviewing this assessment"),
        "return": gettext("The assessment has been returned to its inspector with its queries"),
        "agree": gettext("The assessment has been agreed"),
    }[action]
    try:
        service(user=request.user, case=case)
    except RecordsFrozen as exc:
        raise PermissionDenied(str(exc)) from exc
    except services.QualityError as exc:
        messages.error(request, str(exc))
        return redirect("quality_case", reference, case.reference)
    messages.success(request, done)
    if action == "start":
        return redirect("quality_case", reference, case.reference)
    return redirect("quality_review", reference)


@require_POST
def quality_query_resolve(
    request: HttpRequest, reference: str, case_ref: str, query_id: int
) -> HttpResponse:
    case = get_review_case(request.user, reference, case_ref)
    try:
        services.query_resolve(user=request.user, case=case, query_id=query_id)
    except RecordsFrozen as exc:
        raise PermissionDenied(str(exc)) from exc
    except services.QualityError as exc:
        messages.error(request, str(exc))
        return redirect("quality_case", reference, case.reference)
    messages.success(request, gettext("The query has been resolved"))
    return redirect("quality_case", reference, case.reference)


@require_http_methods(["GET", "POST"])
def quality_query_reply(
    request: HttpRequest, reference: str, case_ref: str, query_id: int
) -> HttpResponse:
    """A query's thread and a reply to it: the case's inspector and its reviewers."""
    case = get_query_case(request.user, reference, case_ref)
    query = Query.objects.filter(assessment__case=case, pk=query_id).first()
    if query is None:
        raise Http404(gettext("No such query"))
    about = selectors.subject_label(case.inspection.framework(), query.subject, query.key)
    form = ReplyForm(
        request.POST if request.method == "POST" else None, query_pk=query.pk, about=about
    )
    back = (
        reverse("quality_case", args=[reference, case.reference])
        if is_reviewer(request.user, case.inspection)
        else reverse("case", args=[reference, case.reference]) + "#queries"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.query_reply(
                user=request.user, case=case, query_id=query.pk, text=form.cleaned_data["text"]
            )
            messages.success(request, gettext("Your reply has been added"))
            return redirect(back)
        except RecordsFrozen as exc:
            raise PermissionDenied(str(exc)) from exc
        except services.QualityError as exc:
            _refused(form, exc, "text")
    threads = selectors.case_queries(case, case.inspection.framework())
    thread = next(t for t in threads if t.query.pk == query.pk)
    return render(
        request,
        "quality/reply.html",
        {
            "case": case,
            "inspection": case.inspection,
            "thread": thread,
            "form": form,
            "errors": error_summary(form),
            "back": back,
        },
        status=400 if form.errors else 200,
    )
