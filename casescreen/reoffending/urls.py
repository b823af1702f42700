from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.reoffending import views

app_name = "reoffending"

urlpatterns: list[URLPattern | URLResolver] = [
    path("reoffending/figures/", views.figures_upload, name="upload"),
    path("reoffending/figures/confirm/", views.figures_confirm, name="confirm"),
    path("inspections/<slug:reference>/reoffending/", views.inspection_figures, name="inspection"),
]
