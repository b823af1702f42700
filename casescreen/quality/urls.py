from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.quality import views

P = "inspections/<slug:reference>/quality/"
CASE = P + "cases/<case_ref:case_ref>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.quality_review, name="quality_review"),
    path(P + "assurers/", views.quality_assurers, name="quality_assurers"),
    path(CASE, views.quality_case, name="quality_case"),
    path(CASE + "status/", views.quality_case_status, name="quality_case_status"),
    path(
        CASE + "queries/<int:query_id>/resolve/",
        views.quality_query_resolve,
        name="quality_query_resolve",
    ),
    path(CASE + "queries/<int:query_id>/", views.quality_query_reply, name="quality_query_reply"),
]
