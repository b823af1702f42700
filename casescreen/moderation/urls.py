from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.moderation import views

P = "inspections/<slug:reference>/"
CASE = P + "cases/<case_ref:case_ref>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P + "double-assessment/", views.moderation, name="moderation"),
    path(CASE + "second-assessment/", views.second_assessment, name="second_assessment"),
    path(
        CASE + "second-assessment/themes/<str:theme_id>/",
        views.second_theme,
        name="second_theme",
    ),
    path(CASE + "reconcile/", views.reconcile_case, name="reconcile"),
]
