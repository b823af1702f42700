from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.reports import views

P = "inspections/<slug:reference>/report/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.report_detail, name="report"),
    path(P + "create/", views.report_create, name="report_create"),
    path(P + "sections/<slug:section_id>/", views.report_section, name="report_section"),
    path(P + "status/", views.report_transition, name="report_transition"),
    path(P + "overrides/", views.report_override, name="report_override"),
    path(P + "annex/", views.report_annex, name="report_annex"),
    path(P + "publish/", views.report_publish, name="report_publish"),
    path(P + "comments/", views.report_comment, name="report_comment"),
    path(P + "versions/", views.report_versions, name="report_versions"),
    path(P + "versions/compare/", views.report_compare, name="report_compare"),
    path(P + "versions/<int:number>.<str:fmt>", views.report_download, name="report_download"),
]
