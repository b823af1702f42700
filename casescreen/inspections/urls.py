from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.inspections import (
    access_log,
    email_views,
    lifecycle_views,
    planning_views,
    register_views,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "inspections/<slug:reference>/lifecycle/",
        lifecycle_views.inspection_lifecycle,
        name="inspection_lifecycle",
    ),
    path(
        "inspections/<slug:reference>/announce/",
        lifecycle_views.inspection_announce,
        name="inspection_announce",
    ),
    path(
        "inspections/<slug:reference>/transition/",
        lifecycle_views.inspection_transition,
        name="inspection_transition",
    ),
    path(
        "inspections/<slug:reference>/announcement-letter/",
        lifecycle_views.inspection_letter,
        name="inspection_letter",
    ),
    path(
        "inspections/<slug:reference>/announcement-letter.pdf",
        lifecycle_views.inspection_letter_pdf,
        name="inspection_letter_pdf",
    ),
    path(
        "inspections/<slug:reference>/emails/",
        email_views.inspection_emails,
        name="inspection_emails",
    ),
    path(
        "inspections/<slug:reference>/emails/<int:email_id>/retry/",
        email_views.inspection_email_retry,
        name="inspection_email_retry",
    ),
    path(
        "inspections/<slug:reference>/access-log.csv",
        access_log.inspection_access_log_csv,
        name="inspection_access_log",
    ),
    path(
        "inspections/<slug:reference>/team/", planning_views.inspection_team, name="inspection_team"
    ),
    # Outside inspections/ so that no reference can hide them.
    path("plan/", planning_views.inspection_plan, name="inspection_plan"),
    path(
        "plan/reference/",
        planning_views.inspection_plan_reference,
        name="inspection_plan_reference",
    ),
    path("plan/check/", planning_views.inspection_plan_check, name="inspection_plan_check"),
    path("yots/", register_views.yot_register, name="yot_register"),
    path("yots/add/", register_views.yot_add, name="yot_add"),
    path("yots/<int:yot_id>/", register_views.yot_edit, name="yot_edit"),
    path("yots/<int:yot_id>/copy-list/", register_views.yot_copy_list, name="yot_copy_list"),
    path("yots/import/", register_views.yot_import, name="yot_import"),
    path("calendar/", register_views.programme_calendar, name="programme_calendar"),
]
