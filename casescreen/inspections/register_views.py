"""Programme-wide pages for administrators: the YOT register, its import, the calendar."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casescreen.inspections import yots
from casescreen.inspections.access import require_administrator
from casescreen.inspections.register_forms import RegisterConfirmForm, RegisterUploadForm


def yot_register(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    return render(request, "inspections/register/list.html", {"yots": yots.yot_register()})


def yot_import(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    context: dict[str, object] = {"columns": yots.COLUMNS, "errors": []}
    if request.method != "POST":
        return render(request, "inspections/register/import.html", context)
    if "csv_text" in request.POST:
        confirm = RegisterConfirmForm(request.POST)
        if confirm.is_valid():
            result = yots.yot_register_import(
                user=request.user, content=confirm.cleaned_data["csv_text"].encode("utf-8")
            )
            if result.ok:
                messages.success(request, f"{len(result.rows)} YOTs imported.")
                return redirect("yot_register")
            context["row_errors"] = result.errors
        context["errors"] = [{"href": "#register", "message": "The file could not be imported."}]
        return render(request, "inspections/register/import.html", context, status=400)
    upload = RegisterUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        context["errors"] = [
            {"href": "#register", "message": str(message)}
            for message in upload.errors.get("register", ["Choose a CSV file."])
        ]
        return render(request, "inspections/register/import.html", context, status=400)
    content = upload.cleaned_data["register"]
    result = yots.parse_register(content)
    if not result.ok:
        context["errors"] = [
            {"href": "#row-errors", "message": "Nothing was imported: correct the rows below."}
        ]
        context["row_errors"] = result.errors
        return render(request, "inspections/register/import.html", context, status=400)
    context["preview"] = result.rows
    context["csv_text"] = content.decode("utf-8-sig")
    return render(request, "inspections/register/import.html", context)


def programme_calendar(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    return render(
        request, "inspections/register/calendar.html", {"months": yots.programme_calendar()}
    )
