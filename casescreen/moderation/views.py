"""Pages of blind double assessment: choosing cases, the second assessor's pages, and
the lead inspector's side-by-side reconciliation."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods

from casescreen.accounts.kept_post import form_data, keeps_post_across_sign_in
from casescreen.accounts.models import User
from casescreen.assessments.services import RecordsFrozen
from casescreen.cases.models import Case
from casescreen.inspections.access import get_inspection_for_user
from casescreen.lib.summary import error_summary
from casescreen.moderation.access import (
    get_double_assessment_for_lead,
    get_second_assessment_for_user,
)
from casescreen.moderation.forms import ChooseForm, ReconcileForm, SecondThemeForm
from casescreen.moderation.models import DoubleAssessment
from casescreen.moderation.selectors import (
    double_assessments,
    double_comparison,
    inspection_agreement,
    sampled_cases,
)
from casescreen.moderation.services import (
    ModerationRefused,
    double_assessment_choose,
    double_assessment_draw,
    reconcile,
    second_answer,
    second_complete,
    second_missing,
)


@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest, reference: str) -> HttpResponse:
    """The lead inspector's page: choose cases, see progress and agreement."""
    inspection = get_inspection_for_user(request.user, reference, lead=True)
    cases = sampled_cases(inspection)
    chosen = {d.case_id for d in double_assessments(inspection)}
    members = list(User.objects.filter(memberships__inspection=inspection).order_by("first_name"))
    form = ChooseForm(
        request.POST if request.method == "POST" else None,
        members=members,
        cases=[c.reference for c in cases if c.pk not in chosen],
    )
    if request.method == "POST" and form.is_valid():
        second = next(u for u in members if u.pk == form.cleaned_data["second_inspector"])
        try:
            if form.cleaned_data["how"] == "random":
                seed = form.cleaned_data["seed"]
                made = double_assessment_draw(
                    user=request.user,
                    inspection=inspection,
                    second_inspector=second,
                    seed=seed if seed is not None else secrets.randbits(48),
                )
            else:
                picked = [c for c in cases if c.reference in form.cleaned_data["cases"]]
                made = double_assessment_choose(
                    user=request.user, inspection=inspection, cases=picked, second_inspector=second
                )
        except RecordsFrozen as exc:
            raise PermissionDenied(str(exc)) from exc
        except ModerationRefused as exc:
            form.add_error("second_inspector", str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "%(made)s case chosen for double assessment by %(display_name)s",
                    "%(made)s cases chosen for double assessment by %(display_name)s",
                    len(made),
                )
                % {"made": len(made), "display_name": second.display_name},
            )
            return redirect("moderation", inspection.reference)
    errors = error_summary(form)
    agreement = inspection_agreement(inspection)
    return render(
        request,
        "moderation/index.html",
        {
            "inspection": inspection,
            "form": form,
            "errors": errors,
            "doubles": double_assessments(inspection),
            "agreement": agreement,
            # Each question named by its paragraph and text, in framework order.
            "agreement_rows": [
                (question, agreement.questions[question.id])
                for question in inspection.framework().questions
                if question.id in agreement.questions and agreement.questions[question.id].pairs
            ],
            "frozen": inspection.records_frozen,
        },
        status=400 if errors else 200,
    )


def _second_context(double: DoubleAssessment) -> dict[str, object]:
    framework = double.case.inspection.framework()
    rows = double_comparison(double)
    applying = {r.question.id for r in rows}
    answered = {r.question.id for r in rows if r.second}
    themes = []
    for theme in framework.themes:
        ids = [q.id for q in framework.questions if q.theme == theme.id and q.id in applying]
        if ids:
            themes.append(
                {
                    "theme": theme,
                    "answered": len([i for i in ids if i in answered]),
                    "applicable": len(ids),
                    "url": reverse(
                        "second_theme",
                        args=[double.case.inspection.reference, double.case.reference, theme.id],
                    ),
                }
            )
    return {
        "double": double,
        "case": double.case,
        "inspection": double.case.inspection,
        "themes": themes,
        "completed": double.status == DoubleAssessment.Status.COMPLETED,
    }


@require_http_methods(["GET", "POST"])
def second_assessment(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    """The second assessor's task list; POST completes the second assessment."""
    double = get_second_assessment_for_user(request.user, reference, case_ref)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            second_complete(user=request.user, double=double)
        except RecordsFrozen as exc:
            raise PermissionDenied(str(exc)) from exc
        except ModerationRefused as exc:
            errors = [{"href": "#themes", "message": str(exc)}]
        else:
            messages.success(
                request,
                gettext("Your assessment of case %(case_ref)s is marked as complete")
                % {"case_ref": case_ref},
            )
            return redirect("second_assessment", reference, case_ref)
    context = _second_context(double)
    context["errors"] = errors
    context["missing"] = second_missing(double) if not context["completed"] else []
    return render(request, "moderation/second.html", context, status=400 if errors else 200)


@keeps_post_across_sign_in
@require_http_methods(["GET", "POST"])
def second_theme(
    request: HttpRequest, reference: str, case_ref: str, theme_id: str
) -> HttpResponse:
    """One theme's questions for the second assessor, from the framework's question data;
    the first assessor's answers are never read here."""
    double = get_second_assessment_for_user(request.user, reference, case_ref)
    framework = double.case.inspection.framework()
    try:
        theme = framework.theme(theme_id)
    except KeyError:
        raise Http404(gettext("No such theme")) from None
    applicable = framework.applicable_questions(double.case.facts())
    questions = [q for q in framework.questions if q.theme == theme.id and q.id in applicable]
    given = {a.question_id: a for a in double.answers.all()}
    completed = double.status == DoubleAssessment.Status.COMPLETED
    form = SecondThemeForm(
        form_data(request),
        questions=questions,
        initial_answers=given,
    )
    if request.method == "POST":
        if completed:
            raise PermissionDenied(
                gettext("Your assessment is completed: its answers cannot change.")
            )
        if form.is_valid():
            try:
                for question_id, value, evidence in form.answers():
                    second_answer(
                        user=request.user,
                        double=double,
                        question_id=question_id,
                        value=value,
                        evidence=evidence,
                    )
            except RecordsFrozen as exc:
                raise PermissionDenied(str(exc)) from exc
            except ModerationRefused as exc:
                raise PermissionDenied(str(exc)) from exc
            return redirect("second_assessment", reference, case_ref)
    errors = error_summary(form, href=lambda name: f"#{name}")  # ids are the names
    return render(
        request,
        "moderation/second_theme.html",
        {
            "double": double,
            "case": double.case,
            "inspection": double.case.inspection,
            "theme": theme,
            "form": form,
            "errors": errors,
            "completed": completed,
        },
        status=400 if errors and request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def reconcile_case(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    """The two assessments side by side; POST sets the answer that counts for one question."""
    double = get_double_assessment_for_lead(request.user, reference, case_ref)
    form = ReconcileForm(request.POST if request.method == "POST" else None)
    errors: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            reconcile(
                user=request.user,
                double=double,
                question_id=form.cleaned_data["question_id"],
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except RecordsFrozen as exc:
            raise PermissionDenied(str(exc)) from exc
        except ModerationRefused as exc:
            errors = [{"href": "#comparison", "message": str(exc)}]
        else:
            messages.success(request, gettext("Answer reconciled"))
            return redirect("reconcile", reference, case_ref)
    # A lead who is also the case's second assessor judges it blind, as every page of the
    # case answers them, until their own assessment is completed.
    blind = (
        double.second_inspector_id == request.user.pk
        and double.status != DoubleAssessment.Status.COMPLETED
    )
    rows = [] if blind else double_comparison(double)
    # The row the lead sent, shown again with its errors and what was typed.
    sent = str(form.data.get("question_id", "")) if form.is_bound else ""
    if not any(row.question.id == sent for row in rows):
        sent = ""
    if form.is_bound and not form.is_valid():
        # Each row has its own form, so the ids of its fields carry the question id.
        anchors = {"value": "yes", "reason": "reason"}
        errors = error_summary(
            form,
            href=lambda name: (
                f"#{sent}-{anchors[name]}" if sent and name in anchors else "#comparison"
            ),
        )
    case: Case = double.case
    return render(
        request,
        "moderation/reconcile.html",
        {
            "double": double,
            "case": case,
            "inspection": case.inspection,
            "rows": rows,
            "form": form,
            "sent": sent,
            "errors": errors,
            "second_completed": double.status == DoubleAssessment.Status.COMPLETED,
            # A redraw of the sample takes away an unstarted assessment: none to compare.
            "first_completed": getattr(case, "assessment", None) is not None
            and case.assessment.status == "completed",
            "blind": blind,
            "frozen": case.inspection.records_frozen,
            "min_pairs": settings.CASESCREEN_AGREEMENT_MIN_PAIRS,
        },
        status=400 if errors else 200,
    )
