from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.audit import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "inspections/<slug:reference>/access-log.csv",
        views.inspection_access_log_csv,
        name="inspection_access_log",
    ),
]
