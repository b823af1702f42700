"""Uploading proven reoffending tables: upload, preview, then save all rows or none."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casescreen.reoffending.access import require_figures_administrator
from casescreen.reoffending.forms import FiguresConfirmForm, FiguresUploadForm
from casescreen.reoffending.importing import FigureRow, RowError, parse_figures
from casescreen.reoffending.models import ReoffendingFigure
from casescreen.reoffending.services import reoffending_figures_import

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
                "message": f"The file has {len(row_errors)} problems; nothing was saved",
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
        messages.error(request, "That preview has expired or was replaced. Upload the file again.")
        return redirect("reoffending:upload")
    rows = [FigureRow.from_json(data) for data in pending["rows"]]
    try:
        result = reoffending_figures_import(user=request.user, rows=rows, source=pending["name"])
    except IntegrityError:
        messages.error(
            request, "The figures changed while you were checking them; nothing was saved."
        )
        return redirect("reoffending:upload")
    del request.session[SESSION_KEY]
    messages.success(
        request,
        f"Imported {pending['name']}: {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged",
    )
    return redirect("reoffending:upload")
