from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.findings import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("inspections/<slug:reference>/findings/", views.findings_page, name="findings"),
    path(
        "inspections/<slug:reference>/findings/<str:question_id>/<str:group>/",
        views.findings_group,
        name="findings_group",
    ),
    path("inspections/<slug:reference>/ratings/", views.ratings_page, name="ratings"),
]
