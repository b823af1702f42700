"""The case page: the assessment's task list, with the quality assurance queries on it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casescreen.assessments.case_views import case_page_context
from casescreen.cases.access import get_case_for_user
from casescreen.cases.kinds import kind_label
from casescreen.quality.access import may_read_queries
from casescreen.quality.forms import ReplyForm
from casescreen.quality.selectors import case_queries


def case_detail(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, case_ref)
    context = case_page_context(request, case)
    data = context["data"]
    context["case_kind"] = kind_label(data.framework, case.sentence_type)  # type: ignore[attr-defined]
    # The case's inspector answers the queries here; reviewers see them too.
    if may_read_queries(request.user, case, data.assessment):  # type: ignore[attr-defined]
        # Each open query has its reply form, with ids of its own.
        context["threads"] = [
            (thread, ReplyForm(query_pk=thread.query.pk, about=thread.about))
            for thread in case_queries(case, data.framework)  # type: ignore[attr-defined]
        ]
    return render(request, "cases/detail.html", context)
