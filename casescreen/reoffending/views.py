"""Uploading proven reoffending tables (upload, preview, then save all rows or none), and
choosing the figures an inspection quotes."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from casescreen.inspections.access import get_inspection_for_user
from casescreen.inspections.models import Inspection
from casescreen.lib.errors import bad_request
from casescreen.reoffending.access import require_figures_administrator
from casescreen.reoffending.forms import (
    FiguresConfirmForm,
    FiguresUploadForm,
    ReoffendingChoiceForm,
)
from casescreen.reoffending.importing import FigureRow, RowError, parse_figures
from casescreen.reoffending.models import ReoffendingChoice, ReoffendingFigure
from casescreen.reoffending.selectors import (
    ChosenFigures,
    ReoffendingError,
    figures_for_inspection,
    quoted_comparison,
)
from casescreen.reoffending.services import (
    FIGURES_FROZEN_MESSAGE,
    inspection_reoffending_choose,
    inspection_reoffending_override,
    reoffending_figures_import,
)
from casescreen.reoffending.wording import comparison_sentence

SESSION_KEY = "reoffending_import"


def _page(
    request: HttpRequest,
    form: FiguresUploadForm,
    *,
    row_errors: list[RowError] | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = [{"href": "#id_file", "message": message} for message in form.errors.get("file", [])]
    if row_errors:
        errors.append(
            {
                "href": "#row-errors",
                "message": ngettext(
                    "The file has %(count)d problem; nothing was saved",
                    "The file has %(count)d problems; nothing was saved",
                    len(row_errors),
                )
                % {"count": len(row_errors)},
            }
        )
    national = ReoffendingFigure.objects.filter(area=None).order_by("series", "cohort_start")
    return render(
        request,
        "reoffending/upload.html",
        {"form": form, "errors": errors, "row_errors": row_errors or [], "national": national},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def figures_upload(request: HttpRequest) -> HttpResponse:
    require_figures_administrator(request.user)
    if request.method == "GET":
        return _page(request, FiguresUploadForm())
    form = FiguresUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    parsed = parse_figures(upload.name, upload.read())
    if parsed.errors:
        return _page(request, form, row_errors=parsed.errors, status=400)
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "name": upload.name,
        "rows": [row.as_json() for row in parsed.rows],
    }
    return render(
        request,
        "reoffending/preview.html",
        {"rows": parsed.rows, "name": upload.name, "token": token},
    )


@require_POST
def figures_confirm(request: HttpRequest) -> HttpResponse:
    require_figures_administrator(request.user)
    form = FiguresConfirmForm(request.POST)
    pending = request.session.get(SESSION_KEY)
    if not form.is_valid() or not pending or pending["token"] != form.cleaned_data["token"]:
        messages.error(
            request, _("That preview has expired or was replaced. Upload the file again.")
        )
        return redirect("reoffending:upload")
    rows = [FigureRow.from_json(data) for data in pending["rows"]]
    try:
        result = reoffending_figures_import(user=request.user, rows=rows, source=pending["name"])
    except IntegrityError:
        messages.error(
            request, _("The figures changed while you were checking them; nothing was saved.")
        )
        return redirect("reoffending:upload")
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("Imported %(name)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged")
        % {
            "name": pending["name"],
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect("reoffending:upload")


def _figures_page(
    request: HttpRequest,
    inspection: Inspection,
    choice: ReoffendingChoice | None,
    form: ReoffendingChoiceForm,
    *,
    status: int = 200,
    problem: dict[str, str] | None = None,
) -> HttpResponse:
    """The page; ``problem`` is a refusal by the rules (figures that do not belong together,
    or no automatic choice), shown with the form's own errors."""
    try:
        automatic: ChosenFigures | None = figures_for_inspection(inspection)
        automatic_problem = ""
    except ReoffendingError as exc:
        automatic, automatic_problem = None, str(exc)
    comparison = quoted_comparison(inspection)
    errors = [
        {"href": "#choose" if name == NON_FIELD_ERRORS else f"#id_{name}", "message": message}
        for name, messages_ in form.errors.items()
        for message in messages_
    ] + ([problem] if problem else [])
    return render(
        request,
        "reoffending/inspection.html",
        {
            "inspection": inspection,
            "choice": choice,
            "automatic": automatic,
            "automatic_problem": automatic_problem,
            "sentence": comparison_sentence(comparison) if comparison else "",
            "form": form,
            "errors": errors,
            "has_figures": form.own_figures.exists(),
            "frozen_message": FIGURES_FROZEN_MESSAGE,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def inspection_figures(request: HttpRequest, reference: str) -> HttpResponse:
    """The reoffending figures an inspection quotes: the automatic choice, or figures
    chosen by hand with a reason. For the lead inspector and administrators."""
    inspection = get_inspection_for_user(request.user, reference, manage=True)
    choice = (
        ReoffendingChoice.objects.filter(inspection=inspection)
        .select_related("figure", "previous", "national", "chosen_by")
        .first()
    )
    initial = (
        {"figure": choice.figure_id, "previous": choice.previous_id, "national": choice.national_id}
        if choice
        else {}
    )
    action = request.POST.get("action") if request.method == "POST" else None
    form = ReoffendingChoiceForm(
        request.POST if action == "override" else None, yot=inspection.yot, initial=initial
    )
    if request.method == "GET":
        return _figures_page(request, inspection, choice, form)
    if inspection.records_frozen:
        raise PermissionDenied(FIGURES_FROZEN_MESSAGE)
    try:
        if action == "automatic":
            inspection_reoffending_choose(inspection=inspection, user=request.user)
        elif action == "override":
            if not form.is_valid():
                return _figures_page(request, inspection, choice, form, status=400)
            inspection_reoffending_override(
                inspection=inspection,
                user=request.user,
                figure=form.cleaned_data["figure"],
                previous=form.cleaned_data["previous"],
                national=form.cleaned_data["national"],
                reason=form.cleaned_data["reason"],
            )
        else:
            return bad_request(
                request, ValueError(_("The form was not sent correctly: nothing was saved."))
            )
    except ReoffendingError as exc:
        where = "#automatic" if action == "automatic" else "#choose"
        problem = {"href": where, "message": str(exc)}
        return _figures_page(request, inspection, choice, form, status=400, problem=problem)
    if action == "automatic":
        messages.success(request, _("The report now quotes the automatic choice."))
    else:
        messages.success(request, _("The report now quotes the figures you chose."))
    return redirect("reoffending:inspection", reference=inspection.reference)
