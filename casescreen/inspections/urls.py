from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.inspections import access_log, email_views, lifecycle_views, register_views

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
    path("yots/", register_views.yot_register, name="yot_register"),
    path("yots/import/", register_views.yot_import, name="yot_import"),
    path("calendar/", register_views.programme_calendar, name="programme_calendar"),
]
