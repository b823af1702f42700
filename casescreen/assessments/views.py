"""Assessment pages: one theme of questions, the save endpoint, examples, check and complete."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from casescreen.accounts.kept_post import form_data, keeps_post_across_sign_in, take_kept_post
from casescreen.assessments.forms import (
    EVIDENCE_MAX_CHARS,
    BadInput,
    CompleteForm,
    PracticeExampleForm,
    ReopenForm,
    parse_answer_post,
    parse_theme_post,
)
from casescreen.assessments.models import Answer
from casescreen.assessments.selectors import (
    QuestionState,
    case_assessment,
    case_urls,
    quote_identifies,
    sample_identifiers,
    theme_url,
)
from casescreen.assessments.services import (
    AnswerInput,
    AssessmentIncomplete,
    AssessmentLocked,
    Conflict,
    IdentifyingExample,
    ReasonRequired,
    StaleAnswers,
    StaleVersion,
    assessment_answer,
    assessment_answer_page,
    assessment_complete,
    assessment_reopen,
    practice_example_add,
    practice_example_remove,
)
from casescreen.cases.access import get_case_for_user
from casescreen.frameworks import Framework
from casescreen.frameworks.texts import base_language, html_lang
from casescreen.inspections.access import is_lead
from casescreen.lib.errors import bad_request
from casescreen.lib.fields import clean_version
from casescreen.lib.summary import error_summary


def _answer_json(answer: Answer | None) -> dict[str, object]:
    if answer is None:
        return {"value": "", "evidence": "", "version": 0, "updated_by": "", "saved_at": ""}
    return {
        "value": answer.value,
        "evidence": answer.evidence,
        "version": answer.version,
        "updated_by": answer.updated_by.display_name if answer.updated_by else "",
        "saved_at": timezone.localtime(answer.updated_at).strftime("%H:%M"),
    }


@require_POST
def answer_save(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    """Save one answer sent by the page script; reply with JSON and the new version."""
    case = get_case_for_user(request.user, reference, case_ref)
    framework = case.inspection.framework()
    try:
        given = parse_answer_post(request.POST, framework=framework, case_reference=case.reference)
    except BadInput as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    try:
        answer = assessment_answer(
            user=request.user,
            case=case,
            question_id=given.question_id,
            value=given.value,
            evidence=given.evidence,
            based_on_version=given.version,
        )
    except AssessmentLocked as exc:
        return JsonResponse({"error": str(exc)}, status=403)
    except StaleVersion as exc:
        return JsonResponse(
            {
                "error": gettext("Someone else changed this answer since you opened the page."),
                "question_id": given.question_id,
                "current": _answer_json(exc.current),
                "mine": {"value": given.value, "evidence": given.evidence},
            },
            status=409,
        )
    applies = framework.question(given.question_id).applies(case.facts())
    return JsonResponse(
        {"question_id": given.question_id, "counted": applies, **_answer_json(answer)}
    )


@keeps_post_across_sign_in
@require_http_methods(["GET", "POST"])
def theme_page(request: HttpRequest, reference: str, case_ref: str, theme_id: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, case_ref)
    framework = case.inspection.framework()
    theme = next((t for t in framework.case_themes(case.sentence_type) if t.id == theme_id), None)
    asked = theme is not None
    if theme is None and request.method == "POST":
        # The case's sentence type was corrected since the page was opened, and its kind of
        # case is not asked this theme: the answers sent are saved, as the page script saves
        # them, rather than lost. They count again if the sentence type changes back.
        theme = next((t for t in framework.asked_themes() if t.id == theme_id), None)
    if theme is None:
        raise Http404(gettext("No such theme for this case"))
    conflicts: list[Conflict] = []
    others: list[AnswerInput] = []
    errors: list[dict[str, str]] = []
    refused: BadInput | None = None
    if request.method == "POST":
        try:
            answers = parse_theme_post(
                request.POST, framework=framework, theme_id=theme.id, case_reference=case.reference
            )
            assessment_answer_page(user=request.user, case=case, answers=answers)
        except BadInput as exc:
            refused = exc
        except AssessmentLocked as exc:
            raise PermissionDenied(str(exc)) from exc
        except StaleAnswers as exc:
            conflicts = exc.conflicts
            stale = {c.mine.question_id for c in conflicts}
            others = [given for given in answers if given.question_id not in stale]
        else:
            if not asked:
                messages.warning(
                    request,
                    gettext(
                        "Your answers to %(theme)s were saved, but they do not count: the "
                        "case's sentence type was changed while the page was open, and "
                        "the theme is not asked for this sentence type."
                    )
                    % {"theme": theme.title},
                )
                return redirect(case_urls(case)["case"])
            return redirect(_next_after(case, framework, theme.id))
    data = case_assessment(case)
    questions = data.theme_questions(theme.id)
    error_field = ""
    if refused is not None:
        # Completed meanwhile (in another tab, or by someone else): the page has no inputs
        # to correct, so it is refused as any change to a completed assessment is.
        if data.locked:
            raise PermissionDenied(
                case.inspection.records_frozen_message if data.frozen else str(AssessmentLocked())
            )
        error_field = _shown_field(refused.field, questions)
        question_id = refused.field.rpartition("-")[0]
        on_page = any(state.question.id == question_id for state in questions)
        href = error_field or (f"question-{question_id}" if on_page else "theme-form")
        errors = [{"href": f"#{href}", "message": str(refused)}]
    # Sent before a sign-out for inactivity and kept (accounts.kept_post): shown unsaved,
    # unless the assessment has been completed meanwhile (its page then shows no inputs).
    kept = take_kept_post(request) if request.method == "GET" and not data.locked else None
    if errors or kept is not None:
        questions = _as_typed(questions, kept or request.POST)
    context = {
        "case": case,
        "inspection": case.inspection,
        "data": data,
        "theme": theme,
        "questions": questions,
        "errors": errors,
        "error_field": error_field,
        "urls": case_urls(case),
        "evidence_max": EVIDENCE_MAX_CHARS,
        "autosave_messages": autosave_messages(),
    }
    if conflicts:
        context["conflicts"] = [_conflict_row(framework, c) for c in conflicts]
        context["others"] = others
        return render(request, "assessments/conflict.html", context, status=409)
    return render(request, "assessments/theme.html", context, status=400 if errors else 200)


def _shown_field(field: str, questions: list[QuestionState]) -> str:
    """``field`` if the page shows it: a question that stopped applying since the page was
    opened (its case facts changed meanwhile) shows no inputs."""
    shown = {
        f"{state.question.id}-{part}"
        for state in questions
        if state.applies
        for part in ("value", "evidence")
    }
    return field if field in shown else ""


def _conflict_row(framework: Framework, conflict: Conflict) -> dict[str, object]:
    """A conflict as its page shows it: the question asked, and each answer in words."""
    question = framework.question(conflict.mine.question_id)
    labels = dict(question.scale)
    theirs = conflict.theirs.value if conflict.theirs else ""
    return {
        "question": question,
        "mine": conflict.mine,
        "theirs": conflict.theirs,
        "mine_label": labels.get(conflict.mine.value, gettext("Not answered")),
        "theirs_label": labels.get(theirs, gettext("Not answered")),
    }


def autosave_messages() -> dict[str, str]:
    """What the theme page's script (``static/js/assessment.js``) says, in the page's
    language; ``%(name)s`` stands for a value the script fills in."""
    return {
        "saving": gettext("Saving…"),
        "saved": gettext("Saved at %(time)s"),
        "saved_not_counted": gettext(
            "Saved at %(time)s (not counted: the question does not apply)"
        ),
        "offline": gettext(
            "Not saved: the connection failed. Your answer is kept in this browser."
        ),
        "signed_out": gettext(
            "Not saved: you have been signed out. Sign in again in another tab, then choose"
            " Retry. Your answer is kept in this browser."
        ),
        "refused": gettext("Not saved: %(error)s. Your answer is kept in this browser."),
        "server_failed": gettext("the server could not save it"),
        "conflict": gettext(
            "Not saved: someone else changed this answer to %(theirs)s. Yours is %(mine)s."
        ),
        "conflict_by": gettext(
            "Not saved: someone else changed this answer to %(theirs)s (%(who)s)."
            " Yours is %(mine)s."
        ),
        "retry": gettext("Retry"),
        "keep_mine": gettext("Keep mine"),
        "keep_theirs": gettext("Keep theirs"),
        "kept_theirs": gettext("Kept their answer"),
        "restored": gettext("Restored your unsaved answer from this browser."),
        "yes": gettext("Yes"),
        "no": gettext("No"),
        "not_answered": gettext("not answered"),
    }


def _as_typed(questions: list[QuestionState], post: QueryDict) -> list[QuestionState]:
    """The page's questions showing what was sent, so a refused page loses nothing typed."""
    shown = []
    for state in questions:
        qid = state.question.id
        sent = any(f"{qid}-{part}" in post for part in ("value", "evidence", "version"))
        if not (state.applies and sent):
            shown.append(state)
            continue
        try:
            version = clean_version(post.get(f"{qid}-version") or "0")
        except ValidationError:
            version = state.version
        typed = Answer(
            question_id=qid,
            value=post.get(f"{qid}-value", ""),
            evidence=post.get(f"{qid}-evidence", ""),
            version=version,
        )
        shown.append(replace(state, answer=typed))
    return shown


def _next_after(case: object, framework: object, theme_id: str) -> str:
    from casescreen.cases.models import Case
    from casescreen.frameworks import Framework

    assert isinstance(case, Case) and isinstance(framework, Framework)  # noqa: S101
    ids = [t.id for t in framework.case_themes(case.sentence_type)]
    position = ids.index(theme_id)
    if position + 1 < len(ids):
        return theme_url(case, ids[position + 1])
    return case_urls(case)["examples"]


@keeps_post_across_sign_in
@require_http_methods(["GET", "POST"])
def practice_examples(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, case_ref)
    framework = case.inspection.framework()
    languages = case.inspection.yot.languages
    form = PracticeExampleForm(
        form_data(request),
        framework=framework,
        languages=languages,
        language=base_language(translation.get_language()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice_example_add(
                user=request.user,
                case=case,
                paragraph=form.cleaned_data["paragraph"],
                pseudonym=form.cleaned_data["pseudonym"],
                text=form.cleaned_data["text"],
                language=form.cleaned_data.get("language", languages[0]),
            )
        except AssessmentLocked as exc:
            raise PermissionDenied(str(exc)) from exc
        except IdentifyingExample as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, gettext("Practice example added"))
            return redirect(case_urls(case)["examples"])
    data = case_assessment(case)
    identifiers = sample_identifiers(case.inspection) if data.examples else ([], [])
    examples = [
        {
            "example": example,
            "identifying": quote_identifies(example.text, identifiers),
            "lang": html_lang(example.language),
        }
        for example in data.examples
    ]
    errors = error_summary(form)
    return render(
        request,
        "assessments/practice_examples.html",
        {
            "case": case,
            "inspection": case.inspection,
            "data": data,
            "form": form,
            "errors": errors,
            "examples": examples,
            "urls": case_urls(case),
        },
        status=400 if errors and request.method == "POST" else 200,
    )


@require_POST
def practice_example_delete(
    request: HttpRequest, reference: str, case_ref: str, example_id: int
) -> HttpResponse:
    case = get_case_for_user(request.user, reference, case_ref)
    try:
        practice_example_remove(user=request.user, case=case, example_id=example_id)
    except AssessmentLocked as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, gettext("Practice example removed"))
    return redirect(case_urls(case)["examples"])


@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, case_ref)
    data = case_assessment(case)
    errors: list[dict[str, str]] = []
    status = 200
    if request.method == "POST":
        form = CompleteForm(request.POST)
        if not form.is_valid():
            return bad_request(request, BadInput(str(form.errors["version"][0])))
        try:
            assessment_complete(
                user=request.user,
                case=case,
                based_on_version=form.cleaned_data["version"],
            )
        except AssessmentLocked as exc:
            raise PermissionDenied(str(exc)) from exc
        except AssessmentIncomplete as exc:
            errors = [{"href": m.href, "message": m.message} for m in exc.missing]
            status = 400
        except StaleVersion:
            errors = [
                {
                    "href": "#complete",
                    "message": gettext(
                        "Someone else changed the status of this assessment. Check the answers "
                        "again before you mark it as complete"
                    ),
                }
            ]
            status = 409
            data = case_assessment(case)
        else:
            messages.success(
                request,
                gettext("Case %(reference)s is marked as complete") % {"reference": case.reference},
            )
            return redirect("case", case.inspection.reference, case.reference)
    return render(
        request,
        "assessments/check.html",
        {
            "case": case,
            "inspection": case.inspection,
            "data": data,
            "errors": errors,
            "urls": case_urls(case),
            "can_reopen": data.can_reopen and is_lead(request.user, case.inspection),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, reference: str, case_ref: str) -> HttpResponse:
    """Ask the lead inspector why, say what reopening does, then reopen."""
    case = get_case_for_user(request.user, reference, case_ref)
    if not is_lead(request.user, case.inspection):
        raise PermissionDenied(
            gettext("Only the lead inspector can reopen a completed assessment.")
        )
    data = case_assessment(case)
    if data.frozen:
        raise PermissionDenied(case.inspection.records_frozen_message)
    if not data.completed:
        return redirect("case", case.inspection.reference, case.reference)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_reopen(user=request.user, case=case, reason=form.cleaned_data["reason"])
        except AssessmentLocked as exc:
            raise PermissionDenied(str(exc)) from exc
        except ReasonRequired as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(
                request, gettext("Case %(reference)s is reopened") % {"reference": case.reference}
            )
            return redirect("case", case.inspection.reference, case.reference)
    errors = error_summary(form)
    return render(
        request,
        "assessments/reopen.html",
        {
            "case": case,
            "inspection": case.inspection,
            "data": data,
            "form": form,
            "errors": errors,
            "urls": case_urls(case),
        },
        status=400 if errors else 200,
    )
