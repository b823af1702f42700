"""Who may see and change a case: only the inspection's team. The one checkpoint for cases."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, QuerySet
from django.http import Http404

from casescreen.cases.models import Case
from casescreen.inspections.access import remember_team_role, role_sees, visible_by_role
from casescreen.inspections.models import Inspection
from casescreen.web.rows import model_columns, model_from_row


def cases_visible_to(user: Any, inspection: Inspection) -> QuerySet[Case]:
    return Case.objects.filter(inspection=inspection, inspection__members__user=user)


def get_case_for_user(user: Any, inspection_ref: str, case_ref: str) -> Case:
    """The case, for members of its inspection's team; anybody else gets 404.

    The rule of ``get_team_inspection_for_user`` (an inspection the user may see, and
    a place on its team) decided in the one query that reads the case, joined to the
    user's membership (one at most per inspection). ``get_case_for_save`` below applies
    the same rule for the answer save.
    """
    if not user.is_authenticated:
        raise Http404("No such case")
    case = (
        Case.objects.select_related("inspection", "inspection__yot", "identity")
        .filter(
            visible_by_role(user, "inspection__"),
            inspection__reference=inspection_ref,
            inspection__members__user=user,
            reference=case_ref,
        )
        .annotate(team_role=F("inspection__members__role"))
        .first()
    )
    if case is None:
        raise Http404("No such case")
    remember_team_role(user, case.inspection, case.team_role)
    return case


# The inspection's columns that the answer save reads with the case.
_SAVE_INSPECTION_FIELDS = ("reference", "status", "yot_id", "framework_id", "framework_version")


def get_case_for_save(user: Any, inspection_ref: str, case_ref: str) -> Case:
    """``get_case_for_user`` for the answer save: the same rule, in one hand-written statement.

    The save runs on every change an inspector makes, and building the ORM query (with
    the inspection, YOT and identity it selects) took more time than the rest of the
    save (``bench/answer_load.py``). The case comes with the inspection's columns above;
    any other is read when first used.
    """
    if not user.is_authenticated:
        raise Http404("No such case")
    inspection_columns = ", ".join(f"i.{name}" for name in _SAVE_INSPECTION_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {model_columns(Case)}, i.id, {inspection_columns}, m.role FROM cases_case"  # noqa: S608 - names from the models and the constant above
            " JOIN inspections_inspection i ON i.id = cases_case.inspection_id"
            " JOIN inspections_teammembership m ON m.inspection_id = i.id AND m.user_id = %s"
            " WHERE i.reference = %s AND cases_case.reference = %s",
            [user.pk, inspection_ref, case_ref],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such case")
    width = len(Case._meta.concrete_fields)
    case = model_from_row(Case, row[:width])
    read = dict(zip(("id", *_SAVE_INSPECTION_FIELDS), row[width:-1], strict=True))
    team_role = row[-1]
    # from_db takes the values in the model's field order.
    names = [f.attname for f in Inspection._meta.concrete_fields if f.attname in read]
    inspection = Inspection.from_db("default", names, [read[name] for name in names])
    if not role_sees(user, inspection):
        raise Http404("No such case")
    case.inspection = inspection
    remember_team_role(user, inspection, team_role)
    return case
