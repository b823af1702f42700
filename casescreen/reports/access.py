"""Who may see and change an inspection's report: the one checkpoint for reports.

The inspection team and administrators read the report at every stage; only the
lead inspector changes it. The YOT manager of the inspected YOT sees it during
the factual accuracy check (the whole draft and its versions since the check began,
and may comment on any paragraph) and once published; read-only
viewers see the published report, without the factual accuracy comments. Anybody else
gets 404; people who may read but not change get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from casescreen.inspections.access import get_inspection_for_user, is_lead, on_team
from casescreen.inspections.models import Inspection
from casescreen.reports.models import Report, ReportVersion
from casescreen.reports.selectors import first_version_under_check

YOT_VISIBLE = (Report.Status.FACTUAL_ACCURACY, Report.Status.PUBLISHED)


def is_report_yot_manager(user: Any, inspection: Inspection) -> bool:
    return bool(
        user.is_authenticated
        and user.role == user.Role.YOT_MANAGER
        and user.yot_id == inspection.yot_id
    )


def can_read_report(user: Any, inspection: Inspection, report: Report | None) -> bool:
    """The team always; the inspected YOT's manager from the factual accuracy check on;
    read-only viewers once the report is published."""
    if on_team(user, inspection):
        return True
    if report is None:
        return False
    if is_report_yot_manager(user, inspection):
        return report.status in YOT_VISIBLE
    return bool(
        user.is_authenticated
        and user.role == user.Role.VIEWER
        and report.status == Report.Status.PUBLISHED
    )


def get_report_for_user(
    user: Any, reference: str, *, write: bool = False, must_exist: bool = True
) -> tuple[Inspection, Report | None]:
    """The inspection and its report (None if not drafted yet and ``must_exist`` is False)."""
    inspection = get_inspection_for_user(user, reference)
    report = Report.objects.filter(inspection=inspection).first()
    if not can_read_report(user, inspection, report):
        raise Http404("No such report")
    if report is None and must_exist:
        raise Http404("No such report")
    if write and not is_lead(user, inspection):
        raise PermissionDenied(_("Only the lead inspector can change the report."))
    return inspection, report


def readable_versions(
    user: Any, inspection: Inspection, report: Report, versions: list[ReportVersion]
) -> list[ReportVersion]:
    """Of ``versions``, those the user may open: the team every one; the inspected YOT's
    manager, during the factual accuracy check, the draft under check and those saved
    since (the report they are asked to check); everyone else the published ones."""
    if on_team(user, inspection):
        return versions
    first = None
    if report.status == Report.Status.FACTUAL_ACCURACY and is_report_yot_manager(user, inspection):
        first = first_version_under_check(report)
    return [v for v in versions if v.published or (first is not None and v.number >= first)]


def can_read_comments(user: Any, inspection: Inspection) -> bool:
    """Factual accuracy comments are between the team and the inspected YOT: they may
    name people, so readers of the published report do not see them."""
    return on_team(user, inspection) or is_report_yot_manager(user, inspection)


def can_comment(user: Any, inspection: Inspection, report: Report) -> bool:
    """The YOT manager comments during the factual accuracy check; the lead answers."""
    if report.status != Report.Status.FACTUAL_ACCURACY:
        return False
    return is_report_yot_manager(user, inspection) or is_lead(user, inspection)
