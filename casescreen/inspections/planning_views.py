"""Planning an inspection (question pages, then check answers) and building its team.

The answers are kept in the session until the administrator confirms them on the
check answers page; only then is the inspection created, through ``inspection_create``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from casescreen.frameworks.stored import known_frameworks
from casescreen.inspections import lifecycle, planning, services
from casescreen.inspections.access import (
    can_manage,
    get_inspection_for_user,
    remember_team_role,
    require_administrator,
)
from casescreen.inspections.models import Yot
from casescreen.inspections.planning_forms import (
    PLAN_DATES,
    PlanForm,
    ReferenceForm,
    TeamAddForm,
    TeamRemoveForm,
    framework_choices,
)
from casescreen.lib.summary import error_summary
from casescreen.lib.text import lower_first

SESSION_KEY = "inspection_plan"


@dataclass(frozen=True)
class Plan:
    yot: Yot
    framework: str
    announcement: date
    fieldwork_start: date
    fieldwork_end: date
    reference: str

    @property
    def framework_label(self) -> str:
        return dict(framework_choices()).get(self.framework, self.framework)


def _saved_plan(request: HttpRequest) -> Plan | None:
    """The answers so far, if the first page was completed (and its YOT still exists)."""
    saved = request.session.get(SESSION_KEY)
    if not isinstance(saved, dict):
        return None
    try:
        yot = Yot.objects.filter(pk=int(saved["yot"])).first()
        plan = Plan(
            yot=yot,  # type: ignore[arg-type]
            framework=str(saved["framework"]),
            announcement=date.fromisoformat(saved["announcement"]),
            fieldwork_start=date.fromisoformat(saved["start"]),
            fieldwork_end=date.fromisoformat(saved["end"]),
            reference=str(saved.get("reference", "")),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return plan if yot is not None else None


def _hints() -> dict[str, str]:
    """What each published question set says of the dates, for the date inputs' hints."""
    frameworks = known_frameworks()
    chosen = [(label, frameworks[key].schedule) for key, label in framework_choices()]
    example = gettext("For example, 27 3 2026")
    return {
        "announcement": " ".join(
            [
                *(
                    gettext("%(framework)s: the YOT manager is told on %(notice)s.")
                    % {"framework": label, "notice": lifecycle.notice_words(s)}
                    for label, s in chosen
                ),
                example,
            ]
        ),
        "start": " ".join(
            [
                *(
                    gettext("%(framework)s: %(usual)s.")
                    % {"framework": label, "usual": lower_first(planning.usual_fieldwork(s))}
                    for label, s in chosen
                ),
                example,
            ]
        ),
        "end": example,
    }


def inspection_plan(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    initial: dict[str, Any] = {}
    saved = _saved_plan(request)
    if saved is not None:
        initial = {"yot": saved.yot.pk, "framework": saved.framework}
        for (prefix, _), day in zip(
            PLAN_DATES,
            (saved.announcement, saved.fieldwork_start, saved.fieldwork_end),
            strict=True,
        ):
            initial.update(
                {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}
            )
    form = PlanForm(request.POST or None, initial=initial, auto_id="%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request.session[SESSION_KEY] = {
            "yot": data["yot"].pk,
            "framework": data["framework"],
            "announcement": data["announcement"].isoformat(),
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            # A new YOT or month makes a new suggestion; the same ones keep what was typed.
            "reference": saved.reference
            if saved
            and saved.yot == data["yot"]
            and saved.fieldwork_start.replace(day=1) == data["start"].replace(day=1)
            else "",
        }
        return redirect("inspection_plan_reference")
    return render(
        request,
        "inspections/planning/plan.html",
        {
            "form": form,
            "dates": form.dates(_hints()),
            "errors": error_summary(form),
        },
        status=400 if form.errors else 200,
    )


def inspection_plan_reference(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    plan = _saved_plan(request)
    if plan is None:
        return redirect("inspection_plan")
    suggested = planning.suggested_reference(plan.yot, plan.fieldwork_start)
    form = ReferenceForm(
        request.POST or None,
        initial={"reference": plan.reference or suggested},
        suggested=suggested,
        auto_id="%s",
    )
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = {
            **request.session[SESSION_KEY],
            "reference": form.cleaned_data["reference"],
        }
        return redirect("inspection_plan_check")
    return render(
        request,
        "inspections/planning/reference.html",
        {"form": form, "plan": plan, "suggested": suggested, "errors": error_summary(form)},
        status=400 if form.errors else 200,
    )


def inspection_plan_check(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    plan = _saved_plan(request)
    if plan is None:
        return redirect("inspection_plan")
    if not plan.reference:
        return redirect("inspection_plan_reference")
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        framework_id, _, version = plan.framework.partition("@")
        try:
            inspection = services.inspection_create(
                user=request.user,
                yot=plan.yot,
                reference=plan.reference,
                framework_id=framework_id,
                framework_version=version,
                fieldwork_start=plan.fieldwork_start,
                fieldwork_end=plan.fieldwork_end,
                announcement_planned=plan.announcement,
            )
        except services.PlanningError as error:
            errors = [{"href": "#plan-answers", "message": str(error)}]
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                gettext("The inspection %(reference)s is planned. Now add its team.")
                % {"reference": inspection.reference},
            )
            return redirect("inspection_team", reference=inspection.reference)
    return render(
        request,
        "inspections/planning/check.html",
        {
            "plan": plan,
            "warnings": planning.plan_warnings(
                announcement=plan.announcement,
                fieldwork_start=plan.fieldwork_start,
                fieldwork_end=plan.fieldwork_end,
                schedule=known_frameworks()[plan.framework].schedule,
            ),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def inspection_team(request: HttpRequest, reference: str) -> HttpResponse:
    """The team: its lead inspector or an administrator adds and removes people."""
    inspection = get_inspection_for_user(request.user, reference, manage=True)
    add = TeamAddForm(auto_id="%s")
    errors: list[dict[str, str]] = []
    if request.method == "POST" and request.POST.get("action") == "remove":
        remove = TeamRemoveForm(request.POST)
        membership = None
        if remove.is_valid():
            membership = (
                inspection.members.select_related("user", "inspection")
                .filter(pk=remove.cleaned_data["membership"])
                .first()
            )
        if membership is None:
            errors = [{"href": "#team", "message": gettext("That person is no longer on the team")}]
        else:
            try:
                services.team_member_remove(user=request.user, membership=membership)
            except services.PlanningError as error:
                errors = [{"href": "#team", "message": str(error)}]
            else:
                messages.success(
                    request,
                    gettext("%(username)s is off the team.")
                    % {"username": membership.user.username},
                )
                if membership.user_id == request.user.pk:
                    remember_team_role(request.user, inspection, None)
                    # A lead who leaves can no longer open the team page, nor the inspection.
                    if not can_manage(request.user, inspection):
                        return redirect("home")
                return redirect("inspection_team", reference=inspection.reference)
    elif request.method == "POST":
        add = TeamAddForm(request.POST, auto_id="%s")
        if add.is_valid():
            try:
                membership = services.team_member_add(
                    user=request.user,
                    inspection=inspection,
                    member=add.cleaned_data["member"],
                    role=add.cleaned_data["role"],
                )
            except services.PlanningError as error:
                add.add_error("member", str(error))
            else:
                messages.success(
                    request,
                    gettext("%(username)s is on the team as %(value)s.")
                    % {
                        "username": membership.user.username,
                        "value": membership.get_role_display().lower(),
                    },
                )
                return redirect("inspection_team", reference=inspection.reference)
        # A frozen team's page has no form to add to: its message points at the team.
        errors = error_summary(add, href=(lambda _: "#team") if inspection.records_frozen else None)
    return render(
        request,
        "inspections/planning/team.html",
        {
            "inspection": inspection,
            "members": list(
                inspection.members.select_related("user").order_by("-role", "user__username")
            ),
            "form": add,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
