"""Pages of self-assessments: one view per operation, access first.

The cases, their import, the sample, the allocation and the findings are the pages of
inspections, which serve self-assessments too; these are the self-assessment's own.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casescreen.accounts.services import AccountError, yot_auditor_create
from casescreen.cases import importing
from casescreen.findings.presentation import basis, ratings_table, theme_findings
from casescreen.findings.ratings import inspection_ratings
from casescreen.findings.selectors import inspection_findings
from casescreen.inspections.access import (
    get_self_assessment_findings_for_user,
    get_self_assessment_for_user,
)
from casescreen.inspections.models import Inspection
from casescreen.lib.summary import error_summary
from casescreen.reports.documents import FORMATS
from casescreen.reports.documents import render as render_document
from casescreen.reports.files import CONTENT_TYPES
from casescreen.reports.services import ReportError
from casescreen.sampling.services import SamplingError, cases_import
from casescreen.selfassessment import selectors, services
from casescreen.selfassessment.charts import chart_alt, standard_chart
from casescreen.selfassessment.comparison import comparison
from casescreen.selfassessment.forms import (
    ActionForm,
    AuditorAddForm,
    CaseForm,
    FinishForm,
    NewAuditorForm,
    ShareForm,
    StartForm,
)


def _yot_staff(request: HttpRequest, *, manager: bool = False) -> Any:
    """The signed-in member of a YOT's staff; anybody else gets 404, an auditor asking
    for a manager's page 403."""
    user: Any = request.user
    if not (user.is_authenticated and user.is_yot_staff):
        raise Http404("No such page")
    if manager and user.role != user.Role.YOT_MANAGER:
        raise PermissionDenied(_("Only the YOT manager can do this."))
    return user


def self_assessment_list(request: HttpRequest) -> HttpResponse:
    user = _yot_staff(request)
    return render(
        request,
        "selfassessment/list.html",
        {"self_assessments": selectors.self_assessments_for(user), "yot": user.yot},
    )


def self_assessment_start(request: HttpRequest) -> HttpResponse:
    user = _yot_staff(request, manager=True)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        framework_id, version = form.framework_key()
        try:
            inspection = services.self_assessment_start(
                user=user,
                framework_id=framework_id,
                framework_version=version,
                today=timezone.localdate(),
            )
        except services.SelfAssessmentError as error:
            form.add_error("framework", str(error))
        else:
            messages.success(request, _("Self-assessment started."))
            return redirect("self_assessment", reference=inspection.reference)
    return render(
        request,
        "selfassessment/start.html",
        {"form": form, "errors": error_summary(form), "yot": user.yot},
        status=400 if form.errors else 200,
    )


def auditors(request: HttpRequest) -> HttpResponse:
    """The YOT's auditors; its manager gives another member of staff an account."""
    user = _yot_staff(request, manager=True)
    form = NewAuditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            auditor = yot_auditor_create(user=user, **form.cleaned_data)
        except AccountError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(
                request, _("%(name)s can now sign in as an auditor.") % {"name": auditor.username}
            )
            return redirect("self_assessment_auditors")
    return render(
        request,
        "selfassessment/auditors.html",
        {
            "form": form,
            "errors": error_summary(form),
            "auditors": selectors.auditors_of(user.yot_id),
            "yot": user.yot,
        },
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest,
    inspection: Inspection,
    *,
    auditor_form: AuditorAddForm | None = None,
    share_form: ShareForm | None = None,
    action_form: ActionForm | None = None,
) -> HttpResponse:
    user: Any = request.user
    manager = user.role == user.Role.YOT_MANAGER
    members = inspection.members.select_related("user").order_by("role", "user__username")
    on_team = any(m.user_id == user.pk for m in members)
    if manager:
        auditor_form = auditor_form or AuditorAddForm(
            auditors=selectors.auditors_of(inspection.yot_id).exclude(
                memberships__inspection=inspection
            )
        )
        share_form = share_form or ShareForm(
            inspections=selectors.shareable_inspections(inspection),
            initial={"inspection": inspection.shared_with_id},
        )
        action_form = action_form or _action_form(inspection)
    # A finished self-assessment's page shows its team but no form to add to it.
    auditor_href = (lambda _: "#team") if inspection.records_frozen else None
    errors = (
        [
            *error_summary(auditor_form, href=auditor_href),
            *error_summary(share_form),
            *error_summary(action_form),
        ]
        if manager
        else []
    )
    actions, earlier_actions = selectors.actions_of(inspection)
    return render(
        request,
        "selfassessment/detail.html",
        {
            "inspection": inspection,
            "manager": manager,
            "on_team": on_team,
            "members": members,
            "auditor_form": auditor_form,
            "share_form": share_form,
            "errors": errors,
            "formats": FORMATS,
            "action_form": action_form,
            "actions": actions,
            "earlier_actions": earlier_actions,
        },
        status=400 if errors else 200,
    )


def self_assessment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, get_self_assessment_for_user(request.user, reference))


@require_POST
def self_assessment_auditor_add(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_self_assessment_for_user(request.user, reference, manage=True)
    form = AuditorAddForm(request.POST, auditors=selectors.auditors_of(inspection.yot_id))
    if form.is_valid():
        try:
            services.self_assessment_auditor_add(
                user=request.user, inspection=inspection, auditor=form.cleaned_data["auditor"]
            )
        except services.SelfAssessmentError as error:
            form.add_error("auditor", str(error))
        else:
            messages.success(request, _("The auditor is on the self-assessment."))
            return redirect("self_assessment", reference=reference)
    return _detail(request, inspection, auditor_form=form)


@require_POST
def self_assessment_share(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_self_assessment_for_user(request.user, reference, manage=True)
    form = ShareForm(request.POST, inspections=selectors.shareable_inspections(inspection))
    if form.is_valid():
        try:
            services.self_assessment_share(
                user=request.user,
                inspection=inspection,
                shared_with=form.cleaned_data["inspection"],
            )
        except services.SelfAssessmentError as error:
            form.add_error("inspection", str(error))
        else:
            messages.success(request, _("Sharing saved."))
            return redirect("self_assessment", reference=reference)
    return _detail(request, inspection, share_form=form)


def self_assessment_findings(request: HttpRequest, reference: str) -> HttpResponse:
    """The findings in the framework's words or percentages, with the ratings; no case is
    named, so the lead inspector of an inspection it is shared with reads this page too."""
    inspection, shared = get_self_assessment_findings_for_user(request.user, reference)
    findings = inspection_findings(inspection)
    ratings = inspection_ratings(inspection, findings)
    return render(
        request,
        "selfassessment/findings.html",
        {
            "inspection": inspection,
            "shared": shared,
            "findings": findings,
            "basis": basis(findings.tallies),
            "themes": theme_findings(findings),
            "ratings": (ratings_table(ratings, findings.disclosure_threshold) if ratings else None),
        },
    )


def self_assessment_report(request: HttpRequest, reference: str, fmt: str) -> HttpResponseBase:
    inspection = get_self_assessment_for_user(request.user, reference)
    if fmt not in FORMATS:
        raise Http404("No such format")
    try:
        content = selectors.self_assessment_report(inspection)
    except ReportError as error:
        return render(
            request,
            "selfassessment/no_report.html",
            {"inspection": inspection, "problem": str(error)},
            status=409,
        )
    blob = render_document(content, fmt, moment=None)
    return FileResponse(
        io.BytesIO(blob),
        as_attachment=fmt != "html",
        filename=f"{reference}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def _action_form(inspection: Inspection, data: Any = None) -> ActionForm:
    return ActionForm(
        data,
        staff=selectors.yot_staff(inspection.yot_id),
        areas=selectors.areas_for_improvement(inspection),
    )


@require_POST
def self_assessment_action_add(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_self_assessment_for_user(request.user, reference, manage=True)
    form = _action_form(inspection, request.POST)
    if form.is_valid():
        try:
            services.action_add(
                user=request.user,
                inspection=inspection,
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                today=timezone.localdate(),
            )
        except services.SelfAssessmentError as error:
            form.add_refusal(error.field, str(error))
        else:
            messages.success(request, _("Action added."))
            return redirect("self_assessment", reference=reference)
    return _detail(request, inspection, action_form=form)


@require_POST
def self_assessment_action_done(
    request: HttpRequest, reference: str, action_id: int
) -> HttpResponse:
    """The action of one of the YOT's audits up to this one is done (its manager or its
    owner says so)."""
    inspection = get_self_assessment_for_user(request.user, reference)
    own, earlier = selectors.actions_of(inspection)
    action = (own | earlier).filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action")
    try:
        services.action_done(user=request.user, action=action, today=timezone.localdate())
    except services.SelfAssessmentError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("Action marked as done."))
    return redirect("self_assessment", reference=reference)


@require_POST
def self_assessment_repeat(request: HttpRequest, reference: str) -> HttpResponse:
    """The next audit, from this one: same question set, settings and auditors; a new
    case list and sample."""
    previous = get_self_assessment_for_user(request.user, reference, manage=True)
    try:
        inspection = services.self_assessment_start(
            user=request.user, today=timezone.localdate(), from_previous=previous
        )
    except services.SelfAssessmentError as error:
        messages.error(request, str(error))
        return redirect("self_assessment", reference=reference)
    messages.success(request, _("Next self-assessment started. Import its case list."))
    return redirect("self_assessment", reference=inspection.reference)


def self_assessment_finish(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_self_assessment_for_user(request.user, reference, manage=True)
    form = FinishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_finish(user=request.user, inspection=inspection)
        except services.SelfAssessmentError as error:
            form.add_error("confirm", str(error))
        else:
            messages.success(request, _("Self-assessment finished."))
            return redirect("self_assessment", reference=reference)
    return render(
        request,
        "selfassessment/finish.html",
        {"inspection": inspection, "form": form, "errors": error_summary(form)},
        status=400 if form.errors else 200,
    )


def self_assessment_trend(request: HttpRequest, reference: str) -> HttpResponse:
    """The audit beside the YOT's earlier ones, its last inspection and the nation,
    under the same question set version, a chart and a table per standard."""
    inspection = get_self_assessment_for_user(request.user, reference)
    result = comparison(inspection)
    return render(
        request,
        "selfassessment/trend.html",
        {
            "inspection": inspection,
            "result": result,
            "standards": [
                {
                    "standard": standard,
                    "chart": standard_chart(result, standard),
                    "alt": chart_alt(result, standard),
                }
                for standard in result.standards
            ],
        },
    )


def self_assessment_case_add(request: HttpRequest, reference: str) -> HttpResponse:
    """One case typed in by hand, for a YOT without a case list to export: checked by the
    rules of a case list's rows and added through the import, as a list's cases are."""
    inspection = get_self_assessment_for_user(request.user, reference, manage=True)
    form = CaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        typed = dict(form.cleaned_data)
        case_ref = typed["reference"]
        parsed = importing.parse_typed_case(typed, today=timezone.localdate())
        names = {str(label): name for name, label in importing.FIELDS.items()}
        for error in parsed.errors:
            form.add_error(names.get(error.column), f"{error.column}: {error.reason}")
        if parsed.rows and inspection.cases.filter(reference=case_ref).exists():
            form.add_error(
                "reference",
                _("Case %(reference)s is already in the list: nothing was added.")
                % {"reference": case_ref},
            )
        if not form.errors:
            try:
                cases_import(
                    inspection=inspection, user=request.user, parsed=parsed, filename="typed in"
                )
            except SamplingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Case %(reference)s added to the list.") % {"reference": case_ref}
                )
                return redirect("self_assessment_case_add", reference=reference)
    return render(
        request,
        "selfassessment/case_add.html",
        {
            "inspection": inspection,
            "form": form,
            "errors": error_summary(form),
            "cases": inspection.cases.order_by("reference").values_list("reference", flat=True),
        },
        status=400 if form.errors else 200,
    )
