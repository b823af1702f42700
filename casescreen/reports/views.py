"""Report pages: one function per operation (access -> form -> service -> redirect/render)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casescreen.accounts.kept_post import form_data, keeps_post_across_sign_in
from casescreen.frameworks import Framework
from casescreen.frameworks.texts import base_language, html_lang
from casescreen.inspections.access import can_manage, is_lead
from casescreen.lib.summary import error_summary
from casescreen.notifications.selectors import unsent
from casescreen.quality.selectors import open_query_count
from casescreen.reports import services
from casescreen.reports.access import (
    can_comment,
    can_read_comments,
    get_report_for_user,
    on_team,
    readable_versions,
)
from casescreen.reports.documents import FORMATS, compare, filename, render_version
from casescreen.reports.files import CONTENT_TYPES, StoredFileError, read_published_file
from casescreen.reports.forms import (
    AnnexForm,
    CommentForm,
    CompareForm,
    OverrideForm,
    SectionForm,
    TransitionForm,
)
from casescreen.reports.models import ENGLISH, Comment, PublishedFile, Report
from casescreen.reports.render_html import anchor, render_fragment
from casescreen.reports.selectors import (
    latest_published,
    practice_examples,
    report_comments,
    report_problems,
)
from casescreen.reports.selectors import (
    report_versions as versions_of,
)


def _language(request: HttpRequest, languages: tuple[str, ...]) -> str:
    """The language of the document a report page shows: the one asked for
    (``?language=cy``), else the reader's, when the report is written in it; else English."""
    asked = request.GET.get("language") or translation.get_language()
    language = base_language(asked)
    return language if language in languages else ENGLISH


def _in_language(url: str, language: str) -> str:
    return url if language == ENGLISH else f"{url}?language={language}"


def _language_links(
    request: HttpRequest, languages: tuple[str, ...], shown: str
) -> list[dict[str, Any]]:
    """The report in each of its languages (for a report in more than one), each named in
    itself."""
    if len(languages) < 2:
        return []
    names = dict(PublishedFile.Language.choices)
    return [
        {
            "code": code,
            "name": names[code],
            "href": f"{request.path}?language={code}",
            "current": code == shown,
        }
        for code in languages
    ]


def _problem_rows(request: HttpRequest, reference: str, report: Report) -> list[dict[str, Any]]:
    """The problems of the document in each language (each named when there are two)."""
    overrides = {o.problem_key: o for o in report.overrides.select_related("by")}
    bilingual = len(report.languages) > 1
    return [
        {
            "problem": p,
            "language": services.DOCUMENT_LANGUAGES[language] if bilingual else "",
            "href": _in_language(reverse("report_section", args=[reference, p.section]), language)
            + f"#{anchor(p.paragraph)}"
            if p.section != "title"
            else "#",
            "override": overrides.get(p.key),
        }
        for language in report.languages
        for p in report_problems(report, language)
    ]


def _paragraph_rows(report: Report, language: str) -> list[dict[str, Any]]:
    """The report's paragraphs with their comments, quoted in ``language`` (the language
    the page shows the report in; a comment is on a paragraph in every language)."""
    comments: dict[str, list[Comment]] = {}
    for comment in report_comments(report):
        comments.setdefault(comment.paragraph_key, []).append(comment)
    return [
        {
            "key": p["key"],
            "label": p["number"] or section["title"] or p["key"],
            "text": p["text"],
            "lang": html_lang(language),
            "anchor": "c-" + anchor(p["key"]),
            "comments": [c for c in comments.get(p["key"], []) if c.parent_id is None],
            "replies": comments.get(p["key"], []),
        }
        for section in report.content_in(language)["sections"]
        for p in section["paragraphs"]
        if p["text"] or comments.get(p["key"])
    ]


@require_GET
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference, must_exist=False)
    lead = is_lead(request.user, inspection)
    context: dict[str, Any] = {
        "inspection": inspection,
        "report": report,
        "lead": lead,
        "unsent": list(unsent(inspection)) if can_manage(request.user, inspection) else [],
        "back": "report",
    }
    if report is not None:
        published = latest_published(report)
        team = on_team(request.user, inspection)
        languages = published.languages if published else report.languages
        language = _language(request, languages)
        content = published.content_in(language) if published else report.content_in(language)
        context.update(
            body=render_fragment(content, prompts=published is None),
            published=published,
            team=team,
            problems=_problem_rows(request, reference, report) if team and not published else [],
            sections=[
                dict(
                    s,
                    href=_in_language(
                        reverse("report_section", args=[reference, s["id"]]), language
                    ),
                )
                for s in report.content_in(language)["sections"]
            ],
            language=language,
            language_links=_language_links(request, languages, language),
            paragraphs=_paragraph_rows(report, language)
            if report.status != Report.Status.DRAFT and can_read_comments(request.user, inspection)
            else [],
            commenting=can_comment(request.user, inspection, report),
            transitions=[
                (to, Report.Status(to).label.lower()) for to in services.next_stages(report)
            ],
            open_queries=open_query_count(inspection)
            if lead and Report.Status.FACTUAL_ACCURACY in services.next_stages(report)
            else 0,
        )
    return render(request, "reports/detail.html", context)


@require_POST
def report_create(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference, write=True, must_exist=False)
    if report is None:
        return _post_result(
            request,
            reference,
            lambda: services.report_create(inspection=inspection, user=request.user),
            _("The draft report has been written from the findings."),
        )
    # With a report already there, the same action writes the generated text again.
    return _post_result(
        request,
        reference,
        lambda: services.report_refresh(report=report, user=request.user),
        _(
            "The generated sentences have been written again from the current findings; "
            "your own text has been kept."
        ),
    )


@keeps_post_across_sign_in
def report_section(request: HttpRequest, reference: str, section_id: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference, write=True)
    assert report is not None
    language = _language(request, report.languages)
    content = report.content_in(language)
    section = next((s for s in content["sections"] if s["id"] == section_id), None)
    if section is None:
        raise Http404("No such section")
    examples = [
        (e.pk, f"{e.paragraph}: {e.text[:90]}…" if len(e.text) > 90 else f"{e.paragraph}: {e.text}")
        for e in practice_examples(inspection)
    ]
    framework = inspection.framework()
    # Links change the document, so they are offered only while it can change.
    linking = report.status != Report.Status.PUBLISHED
    questions = [(q.id, f"{q.paragraph} {q.text}") for q in framework.questions]
    form = SectionForm(
        form_data(request),
        section=section,
        examples=examples,
        questions=questions if linking else None,
        initial={"version": report.version},
    )
    for name, field in form.fields.items():
        if name.startswith("text:") or name == "added":
            # The lead writes in the document's language: the browser's spelling and a
            # screen reader follow it.
            field.widget.attrs["lang"] = content["lang"]
    errors: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_save_section(
                report=report,
                section_id=section_id,
                texts=form.texts(),
                quotes=form.quotes(),
                links=form.links(),
                added=form.added_text(),
                expected_version=form.cleaned_data["version"],
                user=request.user,
                language=language,
            )
        except services.ReportError as exc:
            form.add_error(None, str(exc))
            errors = error_summary(form)
        else:
            if section["title"]:
                saved = _("%(title)s has been saved.") % {"title": section["title"]}
            else:
                saved = _("The section has been saved.")
            messages.success(request, saved)
            return redirect(
                _in_language(reverse("report", args=[reference]), language) + "#problems"
            )
    elif form.is_bound:  # refused, or sent before a sign-out and kept (form_data)
        errors = error_summary(form)
    status = 400 if request.method == "POST" else 200
    rows = [
        {
            "paragraph": p,
            "text": form[f"text:{p['key']}"],
            "quotes": form[f"quotes:{p['key']}"] if p["key"] in form.quote_keys else None,
            "links": form[f"links:{p['key']}"] if p["key"] in form.link_keys else None,
            "themes": _by_theme(form, p["key"], framework) if p["key"] in form.link_keys else [],
            "anchor": anchor(p["key"]),
        }
        for p in section["paragraphs"]
    ]
    return render(
        request,
        "reports/section.html",
        {
            "inspection": inspection,
            "report": report,
            "section": section,
            "form": form,
            "rows": rows,
            "errors": errors,
            "language": language,
            "lang": content["lang"],
            "report_url": _in_language(reverse("report", args=[reference]), language),
        },
        status=status,
    )


def _by_theme(form: SectionForm, key: str, framework: Framework) -> list[dict[str, Any]]:
    """A paragraph's question checkboxes, grouped under the framework's themes."""
    theme_of = {q.id: q.theme for q in framework.questions}
    choices: dict[str, list[Any]] = {t.id: [] for t in framework.themes}
    for choice in form[f"links:{key}"]:
        choices[theme_of[choice.data["value"]]].append(choice)
    return [{"title": t.title, "choices": choices[t.id]} for t in framework.themes if choices[t.id]]


def _post_result(request: HttpRequest, reference: str, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except services.PublishBlocked as exc:
        messages.error(
            request,
            _(
                "The report cannot be published: %(problems)s. Correct the text or record a "
                "reason for each."
            )
            % {"problems": exc},
        )
        return redirect(reverse("report", args=[reference]) + "#problems")
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("report", reference)
    messages.success(request, success)
    return redirect("report", reference)


def _refused(
    request: HttpRequest, reference: str, problems: list[str], status: int = 400
) -> HttpResponse:
    """A request the report pages cannot take: what was wrong, and the way back."""
    errors = [{"href": "#back", "message": problem} for problem in problems]
    context = {"errors": errors, "back": reverse("report", args=[reference])}
    return render(request, "reports/bad_request.html", context, status=status)


def _bad_request(request: HttpRequest, reference: str, form: Any) -> HttpResponse:
    return _refused(request, reference, [e["message"] for e in error_summary(form)])


@require_POST
def report_transition(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference, write=True)
    assert report is not None
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, reference, form)
    to = form.cleaned_data["to"]
    return _post_result(
        request,
        reference,
        lambda: services.report_transition(
            report=report,
            to=to,
            user=request.user,
            open_queries_reason=form.cleaned_data["reason"],
        ),
        _("The report is now at the %(stage)s stage.") % {"stage": Report.Status(to).label.lower()},
    )


@require_POST
def report_override(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference, write=True)
    assert report is not None
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, reference, form)
    return _post_result(
        request,
        reference,
        lambda: services.report_override(
            report=report,
            problem_key=form.cleaned_data["problem_key"],
            reason=form.cleaned_data["reason"],
            user=request.user,
        ),
        _("The reason has been recorded."),
    )


@require_POST
def report_annex(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference, write=True)
    assert report is not None
    form = AnnexForm(request.POST)
    form.is_valid()
    include = bool(form.cleaned_data.get("include"))
    return _post_result(
        request,
        reference,
        lambda: services.report_set_annex(report=report, include=include, user=request.user),
        _("The annex will be included.") if include else _("The annex has been left out."),
    )


@require_POST
def report_publish(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference, write=True)
    assert report is not None
    return _post_result(
        request,
        reference,
        lambda: services.report_publish(report=report, user=request.user),
        _("The report has been published and frozen."),
    )


@require_POST
def report_comment(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference)
    assert report is not None
    if not can_comment(request.user, inspection, report):
        return _refused(
            request,
            reference,
            [_("Comments are taken only during the factual accuracy check.")],
            status=403,
        )
    form = CommentForm(request.POST)
    if not form.is_valid():
        if form.has_error("paragraph_key") or form.has_error("parent"):
            return _bad_request(request, reference, form)
        # Shown again as sent, with what is wrong, rather than lost.
        context = {"inspection": inspection, "form": form, "errors": error_summary(form)}
        return render(request, "reports/comment.html", context, status=400)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(report=report, pk=form.cleaned_data["parent"]).first()
        if parent is None:
            return _refused(
                request, reference, [_("The comment you are replying to does not exist.")]
            )
    key = form.cleaned_data["paragraph_key"]
    response = _post_result(
        request,
        reference,
        lambda: services.comment_add(
            report=report,
            paragraph_key=key,
            text=form.cleaned_data["text"],
            user=request.user,
            parent=parent,
        ),
        _("Your comment has been saved.") if parent is None else _("Your reply has been saved."),
    )
    return response


@require_GET
def report_versions(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference)
    assert report is not None
    versions = report_versions_list(request, report)
    return render(
        request,
        "reports/versions.html",
        {"inspection": inspection, "report": report, "versions": versions, "form": CompareForm()},
    )


def report_versions_list(request: HttpRequest, report: Report) -> list[Any]:
    return readable_versions(request.user, report.inspection, report, list(versions_of(report)))


@require_GET
def report_compare(request: HttpRequest, reference: str) -> HttpResponse:
    inspection, report = get_report_for_user(request.user, reference)
    assert report is not None
    form = CompareForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, reference, form)
    visible = {v.number: v for v in report_versions_list(request, report)}
    a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    missing = [n for n in (a, b) if n not in visible]
    if missing:
        return _refused(
            request,
            reference,
            [_("There is no version %(number)s of this report.") % {"number": missing[0]}],
        )
    old = report.versions.get(number=a)
    new = report.versions.get(number=b)
    language = _language(request, new.languages if old.content_cy is not None else (ENGLISH,))
    rows = compare(old.content_in(language), new.content_in(language))
    return render(
        request,
        "reports/compare.html",
        {"inspection": inspection, "report": report, "old": old, "new": new, "rows": rows},
    )


@require_GET
def report_download(
    request: HttpRequest, reference: str, number: int, fmt: str
) -> HttpResponseBase:
    inspection, report = get_report_for_user(request.user, reference)
    assert report is not None
    if fmt not in FORMATS:
        raise Http404("No such format")
    version = next((v for v in report_versions_list(request, report) if v.number == number), None)
    if version is None:
        raise Http404("No such version")
    version = report.versions.get(pk=version.pk)
    language = request.GET.get("language", ENGLISH)
    if language not in version.languages:
        raise Http404("The report is not written in that language")
    name = filename(reference, version, fmt, language)
    stored = (
        version.files.filter(kind=fmt, language=language).first() if version.published else None
    )
    if stored is None:
        # A draft is rendered from its stored content; so is a version published before
        # its files were kept (or imported), whose rendering is reproducible.
        blob = render_version(version, fmt, language)
    else:
        try:
            blob = read_published_file(stored)
        except StoredFileError as error:
            # The fault is ours, not the request's: say so plainly, and serve nothing.
            context = {"inspection": inspection, "problem": str(error)}
            return render(request, "reports/file_unavailable.html", context, status=503)
    return FileResponse(
        io.BytesIO(blob), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )
