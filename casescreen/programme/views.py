"""The programme view across inspections, with its charts and downloads."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from casescreen.frameworks.stored import known_frameworks
from casescreen.lib.csvfiles import write_csv
from casescreen.lib.summary import error_summary
from casescreen.programme import charts, exports
from casescreen.programme.access import require_programme_access
from casescreen.programme.forms import ProgrammeFilterForm
from casescreen.programme.selectors import (
    Programme,
    ProgrammeFilters,
    latest_framework_key,
    programme,
    weakest_agreement,
)
from casescreen.programme.tables import QUESTION_KEYS, YOT_KEYS, columns, sort_rows

QUESTION_COLUMNS = [
    ("paragraph", gettext_lazy("Question"), False),
    ("applicable", gettext_lazy("Judgements counted"), True),
    ("share", gettext_lazy("Met (%)"), True),
    ("low", gettext_lazy("95% interval (%)"), True),
    ("median", gettext_lazy("Spread across YOTs: lowest, median, highest (%)"), True),
]
YOT_COLUMNS = [
    ("name", gettext_lazy("YOT"), False),
    ("region", gettext_lazy("Region"), False),
    ("cases", gettext_lazy("Cases"), True),
    ("share", gettext_lazy("Met (%)"), True),
    ("change", gettext_lazy("Change since previous inspection (points)"), True),
    ("reoffending", gettext_lazy("Reoffending rate (%)"), True),
]


def _filters(form: ProgrammeFilterForm) -> ProgrammeFilters:
    data = form.cleaned_data
    frameworks = known_frameworks()
    key = data.get("framework") or latest_framework_key() or sorted(frameworks)[-1]
    return ProgrammeFilters(
        framework=frameworks[key],
        year_from=data.get("year_from"),
        year_to=data.get("year_to"),
        nation=data.get("nation") or "",
        region=data.get("region") or "",
    )


def _coverage(result: Programme) -> str:
    """What the figures cover, each count with its noun in the number it takes."""
    yots = len(result.yots)
    counted = {
        "inspections": ngettext(
            "%(count)s completed inspection", "%(count)s completed inspections", result.inspections
        )
        % {"count": result.inspections},
        "yots": ngettext("%(count)s YOT", "%(count)s YOTs", yots) % {"count": yots},
        "cases": ngettext("%(count)s assessed case", "%(count)s assessed cases", result.cases)
        % {"count": result.cases},
    }
    return gettext(
        "%(inspections)s of %(yots)s, %(cases)s, question set %(key)s. Groups of fewer "
        "than %(threshold)s judgements are not shown."
    ) % {**counted, "key": result.filters.framework.label, "threshold": result.threshold}


@require_GET
def programme_index(request: HttpRequest) -> HttpResponse:
    require_programme_access(request.user)
    form = ProgrammeFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "programme/index.html",
            {"form": form, "errors": error_summary(form), "result": None},
            status=400,
        )
    filters = _filters(form)
    result = programme(filters)
    data = form.cleaned_data
    qsort, qdesc = data.get("qsort") or "paragraph", data.get("qdir") == "desc"
    ysort, ydesc = data.get("ysort") or "name", data.get("ydir") == "desc"
    questions = sort_rows(result.questions, QUESTION_KEYS, qsort, qdesc)
    yots = sort_rows(result.yots, YOT_KEYS, ysort, ydesc)
    text = exports.chart_texts(result)
    return render(
        request,
        "programme/index.html",
        {
            "form": form,
            "errors": [],
            "result": result,
            "coverage": _coverage(result),
            "questions": questions,
            "yots": yots,
            "question_columns": columns(request.GET, "q", qsort, qdesc, QUESTION_COLUMNS),
            "yot_columns": columns(request.GET, "y", ysort, ydesc, YOT_COLUMNS),
            "chart_text": text,
            "questions_chart": charts.data_uri(
                charts.questions_chart(result.questions, *text["questions"])
            ),
            "reoffending_chart": charts.data_uri(
                charts.reoffending_chart(result.yots, *text["reoffending"])
            ),
            "download_query": request.GET.urlencode(),
            "agreement": weakest_agreement(filters),
            "agreement_min_pairs": settings.CASESCREEN_AGREEMENT_MIN_PAIRS,
        },
    )


def _programme_or_errors(request: HttpRequest) -> Programme | HttpResponse:
    require_programme_access(request.user)
    form = ProgrammeFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    return programme(_filters(form))


@require_GET
def programme_csv(request: HttpRequest) -> HttpResponse:
    result = _programme_or_errors(request)
    if isinstance(result, HttpResponse):
        return result
    response = HttpResponse(
        write_csv(exports.CSV_HEADER, exports.csv_rows(result)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="programme.csv"'
    return response


@require_GET
def programme_json(request: HttpRequest) -> HttpResponse:
    result = _programme_or_errors(request)
    if isinstance(result, HttpResponse):
        return result
    response = HttpResponse(
        json.dumps(exports.as_json(result), indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="programme.json"'
    return response
