from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.fieldwork import views

P = "inspections/<slug:reference>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P + "allocation/", views.allocation, name="allocation"),
    path(P + "allocation/assign/", views.allocation_assign, name="allocation_assign"),
    path(P + "allocation/suggest/", views.allocation_suggest, name="allocation_suggest"),
    path(
        P + "allocation/cases/<case_ref:case_ref>/",
        views.allocation_case,
        name="allocation_case",
    ),
    path(P + "timetable/", views.timetable, name="timetable"),
    path(P + "timetable/suggest/", views.timetable_suggest, name="timetable_suggest"),
    path(P + "timetable/send/", views.timetable_send, name="timetable_send"),
    path(P + "timetable/settings/", views.timetable_settings, name="timetable_settings"),
    path(
        P + "timetable/unavailable/",
        views.timetable_unavailability,
        name="timetable_unavailability",
    ),
    path(
        P + "timetable/unavailable/<int:period_id>/remove/",
        views.timetable_unavailability_delete,
        name="timetable_unavailability_delete",
    ),
    path(P + "timetable/cases/<case_ref:case_ref>/", views.timetable_case, name="timetable_case"),
    path(P + "timetable.csv", views.timetable_csv, name="timetable_csv"),
    path(P + "timetable.pdf", views.timetable_pdf, name="timetable_pdf"),
]
