"""Case list import and sample pages, for the lead inspector only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from casescreen.cases import importing
from casescreen.inspections.access import get_inspection_for_user
from casescreen.inspections.models import Inspection
from casescreen.lib.csvfiles import write_csv
from casescreen.lib.summary import error_summary
from casescreen.sampling import charts, forms, selectors, services
from casescreen.sampling.models import ImportUpload

LIST_LIMIT = 500


def _upload(request: HttpRequest, reference: str, upload_id: int) -> ImportUpload:
    inspection = get_inspection_for_user(request.user, reference, lead=True, self_assessments=True)
    return get_object_or_404(
        ImportUpload.objects.select_related("inspection", "inspection__yot"),
        pk=upload_id,
        inspection=inspection,
        uploaded_by=request.user,
    )


def case_import(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, lead=True, self_assessments=True)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["case_list"]
            content = upload.read()
            try:
                preview = selectors.read_case_list(inspection, content, upload.name)
            except importing.ImportFileError as exc:
                refusal: str | None = str(exc)
            else:
                refusal = preview.refusal
            if refusal:
                form.add_error("case_list", refusal)
            else:
                stored = services.import_upload_store(
                    inspection=inspection,
                    user=request.user,
                    filename=upload.name,
                    content=content,
                    table=preview.table,
                )
                step = "case_import_preview" if preview.columns.complete else "case_import_columns"
                return redirect(step, reference=inspection.reference, upload_id=stored.pk)
        status = 400
    return render(
        request,
        "sampling/import_upload.html",
        {"inspection": inspection, "form": form, "errors": error_summary(form)},
        status=status,
    )


def case_import_columns(request: HttpRequest, reference: str, upload_id: int) -> HttpResponse:
    upload = _upload(request, reference, upload_id)
    inspection = upload.inspection
    preview = selectors.upload_preview(upload)
    form = forms.ColumnMappingForm(request.POST or None, current=preview.column_choices)
    if request.method == "POST" and form.is_valid():
        services.column_mapping_save(
            yot=inspection.yot, user=request.user, choices=form.choices_by_header()
        )
        return redirect("case_import_preview", reference=inspection.reference, upload_id=upload.pk)
    return render(
        request,
        "sampling/import_columns.html",
        {
            "inspection": inspection,
            "upload": upload,
            "form": form,
            "preview": preview,
            "missing": [importing.FIELDS[f] for f in preview.columns.missing],
            "errors": error_summary(form),
        },
        status=400 if form.errors else 200,
    )


def case_import_preview(request: HttpRequest, reference: str, upload_id: int) -> HttpResponse:
    upload = _upload(request, reference, upload_id)
    inspection = upload.inspection
    if request.method == "POST":
        try:
            outcome = services.import_upload_confirm(upload=upload, user=request.user)
        except (services.SamplingError, importing.ImportFileError) as exc:
            messages.error(request, str(exc))
            return redirect("case_import", reference=inspection.reference)
        messages.success(
            request,
            gettext(
                "Case list imported: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(rejected)s rows rejected."
            )
            % {
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "rejected": outcome.rejected,
            },
        )
        return redirect("sample", reference=inspection.reference)
    preview = selectors.upload_preview(upload)
    if not preview.columns.complete:
        return redirect("case_import_columns", reference=inspection.reference, upload_id=upload.pk)
    return render(
        request,
        "sampling/import_preview.html",
        {"inspection": inspection, "upload": upload, "preview": preview},
    )


def case_export(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, lead=True, self_assessments=True)
    headers, rows = selectors.export_rows(inspection, with_identity=False)
    response = HttpResponse(
        "\ufeff" + write_csv(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{inspection.reference}-cases.csv"'
    return response


def sample(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, lead=True, self_assessments=True)
    redraw = selectors.current_sample(inspection) is not None
    return _sample_page(request, inspection, forms.DrawForm(redraw=redraw))


def _sample_page(
    request: HttpRequest, inspection: Inspection, draw_form: forms.DrawForm, status: int = 200
) -> HttpResponse:
    overview = selectors.eligibility_overview(inspection)
    history = selectors.sample_history(inspection)
    record = history[0] if history else None
    profile = selectors.sample_profile(inspection) if record else []
    refusal = selectors.draw_refusal(inspection)
    errors = error_summary(draw_form)
    if refusal and errors:
        # The page shows why instead of the form, whose other messages no longer matter.
        errors = [{"href": "#draw-refused", "message": refusal}]
    return render(
        request,
        "sampling/sample.html",
        {
            "inspection": inspection,
            "overview": overview,
            "eligible": overview.eligible[:LIST_LIMIT],
            "ineligible": overview.ineligible[:LIST_LIMIT],
            "list_limit": LIST_LIMIT,
            "record": record,
            "balanced": selectors.balanced_words(record) if record else "",
            "kinds": selectors.kind_counts(inspection, overview),
            "earlier_draws": selectors.set_aside(history),
            "cases": selectors.sampled_cases(inspection) if record else [],
            "profile": profile,
            "refusal": refusal,
            "settings": selectors.sampling_settings(inspection),
            "form": draw_form,
            "errors": errors,
        },
        status=status,
    )


@require_POST
def sample_draw(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, lead=True, self_assessments=True)
    redraw = selectors.current_sample(inspection) is not None
    form = forms.DrawForm(request.POST, redraw=redraw)
    if form.is_valid():
        try:
            record = services.sample_draw(
                inspection=inspection,
                user=request.user,
                seed=form.cleaned_data["seed"],
                reason=form.cleaned_data["reason"],
            )
        except services.SamplingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                gettext("Sample drawn: %(size)s cases, seed %(seed)s.")
                % {"size": record.size, "seed": record.seed},
            )
            return redirect("sample", reference=inspection.reference)
    return _sample_page(request, inspection, form, status=400)


def sample_chart(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, lead=True, self_assessments=True)
    lines = selectors.sample_profile(inspection)
    description = "; ".join(
        f"{line.dimension} {line.value}: eligible {line.eligible_percent},"
        f" sample {line.sample_percent}"
        for line in lines
    )
    svg = charts.profile_chart_svg(lines, description)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def sample_exclude(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, lead=True, self_assessments=True)
    record = selectors.current_sample(inspection)
    case = selectors.sampled_case(inspection, case_ref)
    if record is None or case is None:
        return render(
            request,
            "web/error.html",
            {
                "title": gettext("Not in the sample"),
                "message": gettext("Case %(case_ref)s is not in the sample.")
                % {"case_ref": case_ref},
            },
            status=404,
        )
    form = forms.ExcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exclusion = services.sample_exclude(
                inspection=inspection,
                user=request.user,
                reference=case.reference,
                reason=form.cleaned_data["reason"],
            )
        except services.SamplingError as exc:
            form.add_error("reason", str(exc))
        else:
            if exclusion.replacement:
                message = gettext(
                    "Case %(reference)s excluded; reserve %(reserve)s joins the sample."
                ) % {"reference": case.reference, "reserve": exclusion.replacement.reference}
            else:
                message = gettext(
                    "Case %(reference)s excluded; no like-for-like reserve is left in its stratum."
                ) % {"reference": case.reference}
            messages.success(request, message)
            return redirect("sample", reference=inspection.reference)
    return render(
        request,
        "sampling/exclude.html",
        {
            "inspection": inspection,
            "case": case,
            "reserve": selectors.proposed_reserve(inspection, record, case.reference),
            "form": form,
            "errors": error_summary(form),
        },
        status=400 if form.errors else 200,
    )


def sampling_settings(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference, lead=True, self_assessments=True)
    current = selectors.sampling_settings(inspection)
    initial = {"min_weeks": current.min_weeks, "max_months": current.max_months}
    form = forms.SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sampling_settings_update(
                inspection=inspection,
                user=request.user,
                min_weeks=form.cleaned_data["min_weeks"],
                max_months=form.cleaned_data["max_months"],
            )
        except services.SamplingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("Eligibility window saved."))
            return redirect("sample", reference=inspection.reference)
    return render(
        request,
        "sampling/settings.html",
        {"inspection": inspection, "form": form, "errors": error_summary(form)},
        status=400 if form.errors else 200,
    )
