"""Programme-wide pages for administrators: the YOT register (a YOT's details and copy
list, the CSV import) and the calendar."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext

from casescreen.inspections import services, yots
from casescreen.inspections.access import require_administrator
from casescreen.inspections.models import Yot
from casescreen.inspections.register_forms import (
    CopyListAddForm,
    CopyListChangeForm,
    RegisterConfirmForm,
    RegisterUploadForm,
    YotForm,
)
from casescreen.lib.summary import error_summary


def yot_register(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    return render(request, "inspections/register/list.html", {"yots": yots.yot_register()})


def yot_import(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    # The column names are the file's own words, shown as code in every language.
    columns = format_html_join(", ", "<code>{}</code>", ((column,) for column in yots.COLUMNS))
    context: dict[str, object] = {
        "columns": columns,
        "errors": [],
        "form": RegisterUploadForm(auto_id="%s"),
    }
    if request.method != "POST":
        return render(request, "inspections/register/import.html", context)
    if "csv_text" in request.POST:
        confirm = RegisterConfirmForm(request.POST)
        if confirm.is_valid():
            result = yots.yot_register_import(
                user=request.user, content=confirm.cleaned_data["csv_text"].encode("utf-8")
            )
            if result.ok:
                rows = len(result.rows)
                messages.success(
                    request,
                    ngettext("%(rows)s YOT imported.", "%(rows)s YOTs imported.", rows)
                    % {"rows": rows},
                )
                return redirect("yot_register")
            context["row_errors"] = result.errors
        context["errors"] = [
            {"href": "#register", "message": gettext("The file could not be imported.")}
        ]
        return render(request, "inspections/register/import.html", context, status=400)
    upload = RegisterUploadForm(request.POST, request.FILES, auto_id="%s")
    if not upload.is_valid():
        context["form"] = upload
        context["errors"] = error_summary(upload)
        return render(request, "inspections/register/import.html", context, status=400)
    content = upload.cleaned_data["register"]
    result = yots.parse_register(content)
    if not result.ok:
        context["errors"] = [
            {
                "href": "#row-errors",
                "message": gettext("Nothing was imported: correct the rows below."),
            }
        ]
        context["row_errors"] = result.errors
        return render(request, "inspections/register/import.html", context, status=400)
    context["preview"] = result.rows
    context["csv_text"] = content.decode("utf-8-sig")
    return render(request, "inspections/register/import.html", context)


def yot_add(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    form = YotForm(request.POST or None, auto_id="%s")
    if request.method == "POST" and form.is_valid():
        try:
            yot = services.yot_create(user=request.user, values=form.cleaned_data)
        except services.PlanningError as error:
            form.add_error("name", str(error))
        else:
            messages.success(
                request, gettext("%(name)s is added to the register.") % {"name": yot.name}
            )
            return redirect("yot_edit", yot_id=yot.pk)
    return _yot_page(request, form, None)


def yot_edit(request: HttpRequest, yot_id: int) -> HttpResponse:
    require_administrator(request.user)
    yot = get_object_or_404(Yot, pk=yot_id)
    initial = {key: getattr(yot, key) for key in services.YOT_FIELDS}
    form = YotForm(request.POST or None, initial=initial, auto_id="%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.yot_update(user=request.user, yot=yot, values=form.cleaned_data)
        except services.PlanningError as error:
            form.add_error("name", str(error))
        else:
            messages.success(
                request,
                gettext("The details of %(cleaned_data)s are saved.")
                % {"cleaned_data": form.cleaned_data["name"]},
            )
            return redirect("yot_edit", yot_id=yot.pk)
    return _yot_page(request, form, yot)


def _yot_page(request: HttpRequest, form: YotForm, yot: Yot | None) -> HttpResponse:
    return render(
        request,
        "inspections/register/yot_form.html",
        {
            "form": form,
            "yot": yot,
            "copy_list": list(yot.copy_list.order_by("position", "id")) if yot else [],
            "errors": error_summary(form),
        },
        status=400 if form.errors else 200,
    )


def yot_copy_list(request: HttpRequest, yot_id: int) -> HttpResponse:
    """The copy list: add an entry at the end, remove one, or move one up or down."""
    require_administrator(request.user)
    yot = get_object_or_404(Yot, pk=yot_id)
    add = CopyListAddForm(auto_id="%s")
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            if request.POST.get("action", "add") == "add":
                add = CopyListAddForm(request.POST, auto_id="%s")
                if add.is_valid():
                    services.copy_list_add(user=request.user, yot=yot, **add.cleaned_data)
                    messages.success(
                        request,
                        gettext("%(cleaned_data)s is added.")
                        % {"cleaned_data": add.cleaned_data["role_title"]},
                    )
                    return redirect("yot_copy_list", yot_id=yot.pk)
                errors = error_summary(add)
            else:
                change = CopyListChangeForm(request.POST)
                if change.is_valid():
                    contact, action = change.cleaned_data["contact"], change.cleaned_data["action"]
                    if action == "remove":
                        services.copy_list_remove(user=request.user, yot=yot, contact_id=contact)
                    else:
                        services.copy_list_move(
                            user=request.user, yot=yot, contact_id=contact, up=action == "up"
                        )
                    return redirect("yot_copy_list", yot_id=yot.pk)
                errors = [
                    {"href": "#copy-list", "message": gettext("Choose an entry of the copy list")}
                ]
        except services.PlanningError as error:
            field = "role_title" if request.POST.get("action", "add") == "add" else "copy-list"
            errors = [{"href": f"#{field}", "message": str(error)}]
    return render(
        request,
        "inspections/register/copy_list.html",
        {
            "yot": yot,
            "copy_list": list(yot.copy_list.order_by("position", "id")),
            "form": add,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def programme_calendar(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    return render(
        request, "inspections/register/calendar.html", {"months": yots.programme_calendar()}
    )
