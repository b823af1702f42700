"""Findings pages for the inspection team."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casescreen.domain.ratings import RatingBand
from casescreen.findings.forms import StandardJudgementForm, dom_id
from casescreen.findings.models import StandardJudgement
from casescreen.findings.presentation import (
    basis,
    question_group,
    rating_tag,
    ratings_table,
    theme_findings,
)
from casescreen.findings.ratings import inspection_ratings, judgements_by_standard
from casescreen.findings.selectors import cases_by_reference, inspection_findings
from casescreen.findings.services import (
    JudgementError,
    StaleJudgement,
    standard_judgement_record,
)
from casescreen.frameworks import Framework
from casescreen.frameworks.loader import Paragraph
from casescreen.inspections.access import get_team_inspection_for_user, is_lead
from casescreen.lib.summary import error_summary


def findings_page(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_team_inspection_for_user(request.user, reference, self_assessments=True)
    findings = inspection_findings(inspection, user=request.user)
    ratings = inspection_ratings(inspection, findings)
    return render(
        request,
        "findings/findings.html",
        {
            "inspection": inspection,
            "findings": findings,
            "basis": basis(findings.tallies),
            "themes": theme_findings(findings),
            "ratings": (ratings_table(ratings, findings.disclosure_threshold) if ratings else None),
        },
    )


def findings_group(
    request: HttpRequest, reference: str, question_id: str, group: str
) -> HttpResponse:
    inspection = get_team_inspection_for_user(request.user, reference, self_assessments=True)
    findings = inspection_findings(inspection, user=request.user)
    try:
        cases_behind = question_group(findings, question_id, group)
    except KeyError:
        raise Http404("No such question or group") from None
    return render(
        request,
        "findings/group.html",
        {
            "inspection": inspection,
            "findings": findings,
            "group": cases_behind,
            "cases": cases_by_reference(inspection, cases_behind.references, user=request.user),
        },
    )


@dataclass(frozen=True)
class JudgedSection:
    """One judged standard on the ratings page: its recorded rating and its form."""

    paragraph: Paragraph
    dom: str
    judgement: StandardJudgement | None
    band: RatingBand | None
    tag: str
    form: StandardJudgementForm


def _sections(
    framework: Framework,
    judgements: dict[str, StandardJudgement],
    posted: StandardJudgementForm | None,
) -> list[JudgedSection]:
    rules = framework.ratings
    assert rules is not None
    sections = []
    for paragraph in framework.judged_paragraphs:
        judgement = judgements.get(paragraph.id)
        if posted is not None and posted.paragraph.id == paragraph.id:
            form = posted
        else:
            initial = {"standard": paragraph.id, "version": judgement.version if judgement else 0}
            if judgement is not None:
                initial |= {"rating": judgement.rating, "key_findings": judgement.key_findings}
            form = StandardJudgementForm(initial=initial, paragraph=paragraph, rules=rules)
        band = rules.band(judgement.rating) if judgement else None
        tag = rating_tag(band, rules) if band else ""
        sections.append(JudgedSection(paragraph, dom_id(paragraph.id), judgement, band, tag, form))
    return sections


def _field_href(standard: str, field: str) -> str:
    names = {"rating": "rating", "key_findings": "key-findings"}
    dom = dom_id(standard)
    return f"#{dom}-{names[field]}" if field in names else f"#standard-{dom}"


def ratings_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The standards the inspectors rate by judgement; the lead inspector records each
    one's rating and key findings (one form per standard)."""
    inspection = get_team_inspection_for_user(request.user, reference, self_assessments=True)
    framework = inspection.framework()
    rules = framework.ratings
    if rules is None:
        raise Http404("This inspection's framework has no ratings")
    lead = is_lead(request.user, inspection)
    errors: list[dict[str, str]] = []
    posted: StandardJudgementForm | None = None
    if request.method == "POST":
        if not lead:
            raise PermissionDenied(
                _("Only the lead inspector can record the ratings of standards.")
            )
        standard = request.POST.get("standard", "")
        paragraph = next((p for p in framework.judged_paragraphs if p.id == standard), None)
        if paragraph is None:
            errors = [
                {
                    "href": "#standards",
                    "message": _("%(standard)s is not a standard rated by the inspectors")
                    % {"standard": repr(standard)},
                }
            ]
        else:
            posted = StandardJudgementForm(request.POST, paragraph=paragraph, rules=rules)
            if posted.is_valid():
                try:
                    standard_judgement_record(
                        inspection=inspection,
                        user=request.user,
                        standard=paragraph.id,
                        rating=posted.cleaned_data["rating"],
                        key_findings=posted.cleaned_data["key_findings"],
                        based_on_version=posted.cleaned_data["version"],
                    )
                except JudgementError as exc:
                    errors = [{"href": _field_href(paragraph.id, exc.field), "message": str(exc)}]
                    if isinstance(exc, StaleJudgement):
                        # The page now shows the stored rating: saving again is a decision
                        # made on it, so it is made against the stored version.
                        data = request.POST.copy()
                        data["version"] = str(exc.version)
                        posted = StandardJudgementForm(data, paragraph=paragraph, rules=rules)
                else:
                    messages.success(
                        request,
                        _("Rating for %(standard)s %(title)s saved")
                        % {"standard": paragraph.id, "title": paragraph.title},
                    )
                    return redirect("ratings", inspection.reference)
            else:
                errors = error_summary(posted, href=lambda name: _field_href(paragraph.id, name))
    return render(
        request,
        "findings/ratings.html",
        {
            "inspection": inspection,
            "framework": framework,
            "sections": _sections(framework, judgements_by_standard(inspection), posted),
            "editable": lead and not inspection.records_frozen,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
