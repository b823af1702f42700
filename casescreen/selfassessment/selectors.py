"""Reads for self-assessments: lists, the findings summary, the internal report."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casescreen.findings.presentation import theme_findings
from casescreen.findings.selectors import inspection_findings
from casescreen.frameworks.texts import requested
from casescreen.inspections.access import inspections_visible_to
from casescreen.inspections.models import Inspection
from casescreen.reports.compose import paragraph, section
from casescreen.reports.services import draft
from casescreen.selfassessment.models import Action

# What a self-assessment's report keeps of its question set's report template: the
# findings, each theme's or domain's, and the strengths and areas for improvement they
# propose (where "we" is the YOT's auditors). Everything else the template holds
# (opening, context, summary, foreword, ratings table, recommendations, the cases
# inspected, closing) is the inspectorate writing about its inspection; a
# self-assessment is not one. Kept by name, so that a part a template adds later is left
# out until it is known to be a finding.
FINDINGS_SECTIONS = ("theme-", "domain-")
PROPOSALS = ("key-strengths", "improvements")


def self_assessments_for(user: Any) -> QuerySet[Inspection]:
    return (
        inspections_visible_to(user, self_assessments=True)
        .filter(kind=Inspection.Kind.SELF_ASSESSMENT)
        .select_related("shared_with")
        .order_by("-fieldwork_start", "-created_at")
    )


def auditors_of(yot_id: int) -> QuerySet[Any]:
    User = get_user_model()
    return User.objects.filter(role=User.Role.YOT_AUDITOR, yot_id=yot_id, is_active=True).order_by(
        "username"
    )


def shareable_inspections(inspection: Inspection) -> QuerySet[Inspection]:
    """The inspections of the self-assessment's YOT its YOT manager knows of (announced
    onwards), which it may be shared with."""
    return (
        Inspection.objects.filter(kind=Inspection.Kind.INSPECTION, yot_id=inspection.yot_id)
        .exclude(status=Inspection.Status.PLANNED)
        .order_by("-fieldwork_start")
    )


def self_assessment_report(inspection: Inspection) -> dict[str, Any]:
    """The framework's report template composed from the self-assessment's findings and
    marked as the YOT's own self-assessment, never as an inspection report.

    Written in the reader's language, like the marking around it.
    Raises ``reports.services.ReportError`` when the question set has no report template.
    """
    content = draft(inspection, requested(None))
    # Named as the findings the template composed name it: in Welsh, its Welsh name.
    yot = inspection.yot.name_in(content["lang"])
    started = date_format(inspection.fieldwork_start, "j F Y")
    content["title"] = _("Self-assessment of %(yot)s, started %(date)s") % {
        "yot": yot,
        "date": started,
    }
    content["header"] = {
        "to": _("%(yot)s management board") % {"yot": yot},
        "copy_to": "",
        "from": yot,
        "publication_date": _("Not published: for internal use"),
    }
    marking = section(
        "self-assessment",
        _("About this self-assessment"),
        "prose",
        [
            paragraph(
                "self-assessment",
                _(
                    "This is %(yot)s's own audit of its cases, carried out by its staff with"
                    " the inspectorate's question set %(framework)s. It is a self-assessment,"
                    " not an inspection and not an inspection report: the inspectorate has"
                    " not carried out or checked it."
                )
                % {"yot": yot, "framework": inspection.framework().title},
            )
        ],
    )
    content["sections"] = [marking] + [
        s
        for s in content["sections"]
        if s["id"].startswith(FINDINGS_SECTIONS) or s["id"] in PROPOSALS
    ]
    content["copy_list"] = []
    content["author"] = yot  # the YOT's own, not the inspectorate's
    content["notes"] = [_("Self-assessment by %(yot)s, for internal use.") % {"yot": yot}]
    return content


def yot_staff(yot_id: int) -> QuerySet[Any]:
    """Who may own an action: the YOT's manager and auditors still working there."""
    User = get_user_model()
    return User.objects.filter(
        role__in=(User.Role.YOT_MANAGER, User.Role.YOT_AUDITOR), yot_id=yot_id, is_active=True
    ).order_by("username")


def areas_for_improvement(inspection: Inspection) -> list[tuple[str, str]]:
    """The questions the audit found to need improvement, by the rule of the question
    set's report template, as (question id, what it found)."""
    return [
        (row.question.id, f"{row.question.paragraph} {row.question.text}: {row.phrase}")
        for block in theme_findings(inspection_findings(inspection))
        for row in block.rows
        if row.area_for_improvement and not row.disclosive
    ]


def actions_of(inspection: Inspection) -> tuple[QuerySet[Action], QuerySet[Action]]:
    """The actions raised on this audit, and those raised on the YOT's earlier audits,
    which this one follows up (of two begun the same day, the one started first is the
    earlier, as on the trend page)."""
    actions = Action.objects.select_related("owner", "self_assessment").order_by("due_on", "pk")
    earlier = (
        actions.filter(
            self_assessment__yot_id=inspection.yot_id,
            self_assessment__kind=Inspection.Kind.SELF_ASSESSMENT,
            self_assessment__fieldwork_start__lte=inspection.fieldwork_start,
        )
        .exclude(self_assessment=inspection)
        .exclude(
            self_assessment__fieldwork_start=inspection.fieldwork_start,
            self_assessment__pk__gt=inspection.pk,
        )
    )
    return actions.filter(self_assessment=inspection), earlier
