"""Question sets written by an administrator: list, upload, preview, compare, publish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casescreen.authoring import services
from casescreen.authoring.forms import FrameworkUploadForm
from casescreen.authoring.preview import compare_frameworks, overall_bands, sample_findings
from casescreen.authoring.sample_report import sample_report_html
from casescreen.authoring.selectors import (
    Version,
    all_versions,
    get_version,
    previous_version,
    readable,
)
from casescreen.authoring.services import AuthoringError
from casescreen.authoring.workbook import workbook_of
from casescreen.frameworks.loader import FRAMEWORK_DIR, Problem, available_frameworks, yaml_data
from casescreen.inspections.access import require_administrator

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    return render(request, "authoring/list.html", {"versions": all_versions()})


def _upload_page(
    request: HttpRequest,
    form: FrameworkUploadForm,
    *,
    problems: tuple[Problem, ...] = (),
    status: int = 200,
) -> HttpResponse:
    errors = [{"href": "#id_file", "message": message} for message in form.errors.get("file", [])]
    errors += [{"href": f"#problem-{n}", "message": str(p)} for n, p in enumerate(problems, 1)]
    return render(
        request,
        "authoring/upload.html",
        {"form": form, "errors": errors, "problems": problems},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def framework_upload(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    if request.method == "GET":
        return _upload_page(request, FrameworkUploadForm())
    form = FrameworkUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    result = services.framework_upload(name=upload.name, data=upload.read(), user=request.user)
    if result.stored is None:
        return _upload_page(request, form, problems=result.problems, status=400)
    if result.replaced:
        done = _("%(key)s passed every check and replaced the draft")
    else:
        done = _("%(key)s passed every check and was saved as a draft")
    messages.success(request, done % {"key": result.stored.key})
    return redirect("authoring:detail", key=result.stored.key)


def _framework_or_problem(request: HttpRequest, version: Version) -> Any:
    framework, problem = readable(version)
    if framework is None:
        return render(
            request, "authoring/unreadable.html", {"version": version, "problem": problem}
        )
    return framework


@require_GET
def framework_detail(request: HttpRequest, key: str) -> HttpResponse:
    require_administrator(request.user)
    version = get_version(key)
    framework = _framework_or_problem(request, version)
    if isinstance(framework, HttpResponse):
        return framework
    return render(
        request,
        "authoring/detail.html",
        {
            "version": version,
            "framework": framework,
            "previous": previous_version(version),
            "overall_bands": overall_bands(framework),
            "sample": sample_findings(framework),
            "sample_report": sample_report_html(framework, request.user),
            "weekday": WEEKDAYS[framework.schedule.announce_weekday],
        },
    )


@require_GET
def framework_compare(request: HttpRequest, key: str) -> HttpResponse:
    require_administrator(request.user)
    version = get_version(key)
    framework = _framework_or_problem(request, version)
    if isinstance(framework, HttpResponse):
        return framework
    previous = previous_version(version)
    comparison = None
    problem = ""
    if previous is not None:
        old, problem = readable(previous)
        if old is not None:
            comparison = compare_frameworks(old, framework)
    return render(
        request,
        "authoring/compare.html",
        {
            "version": version,
            "previous": previous,
            "comparison": comparison,
            "problem": problem,
        },
    )


@require_GET
def framework_workbook(request: HttpRequest, key: str) -> HttpResponse:
    """The version as a workbook, to start a new version from."""
    require_administrator(request.user)
    version = get_version(key)
    if version.stored is not None:
        text = version.stored.text
    else:
        text = (FRAMEWORK_DIR / available_frameworks()[key].path.name).read_text()
    raw = yaml_data(text)
    response = HttpResponse(workbook_of(raw), content_type=XLSX)
    filename = f"{version.framework_id}-{version.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _change_draft(
    request: HttpRequest,
    key: str,
    change: Callable[..., object],
    done: str,
    then: str,
) -> HttpResponse:
    """Publish or discard an uploaded draft through its service, then go to ``then``; a
    shipped version or a refusal comes back to the version's page with the reason."""
    require_administrator(request.user)
    version = get_version(key)
    if version.stored is None:
        messages.error(
            request, _("%(key)s is shipped with the service and cannot be changed") % {"key": key}
        )
        return redirect("authoring:detail", key=key)
    try:
        change(stored=version.stored, user=request.user)
    except AuthoringError as exc:
        messages.error(request, str(exc))
        return redirect("authoring:detail", key=key)
    messages.success(request, done)
    return redirect(then)


@require_POST
def framework_publish(request: HttpRequest, key: str) -> HttpResponse:
    return _change_draft(
        request,
        key,
        services.framework_publish,
        _("%(key)s is published: inspections can now be planned with it") % {"key": key},
        reverse("authoring:detail", kwargs={"key": key}),
    )


@require_POST
def framework_discard(request: HttpRequest, key: str) -> HttpResponse:
    return _change_draft(
        request,
        key,
        services.framework_discard,
        _("The draft %(key)s was discarded") % {"key": key},
        reverse("authoring:list"),
    )
