from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.sampling import views

# Under inspections/<reference>/import/ rather than .../cases/import/, which the case page
# (inspections/<reference>/cases/<case_ref>/) would take for a case reference.
urlpatterns: list[URLPattern | URLResolver] = [
    path("inspections/<slug:reference>/import/", views.case_import, name="case_import"),
    path(
        "inspections/<slug:reference>/import/<int:upload_id>/columns/",
        views.case_import_columns,
        name="case_import_columns",
    ),
    path(
        "inspections/<slug:reference>/import/<int:upload_id>/preview/",
        views.case_import_preview,
        name="case_import_preview",
    ),
    path("inspections/<slug:reference>/import/export.csv", views.case_export, name="case_export"),
    path("inspections/<slug:reference>/sample/", views.sample, name="sample"),
    path("inspections/<slug:reference>/sample/draw/", views.sample_draw, name="sample_draw"),
    path("inspections/<slug:reference>/sample/chart.svg", views.sample_chart, name="sample_chart"),
    path(
        "inspections/<slug:reference>/sample/settings/",
        views.sampling_settings,
        name="sampling_settings",
    ),
    path(
        "inspections/<slug:reference>/sample/exclude/<str:case_ref>/",
        views.sample_exclude,
        name="sample_exclude",
    ),
]
