from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.authoring import views

app_name = "authoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("frameworks/", views.framework_list, name="list"),
    path("frameworks/upload/", views.framework_upload, name="upload"),
    path("frameworks/<str:key>/", views.framework_detail, name="detail"),
    path("frameworks/<str:key>/compare/", views.framework_compare, name="compare"),
    path("frameworks/<str:key>/workbook.xlsx", views.framework_workbook, name="workbook"),
    path("frameworks/<str:key>/publish/", views.framework_publish, name="publish"),
    path("frameworks/<str:key>/discard/", views.framework_discard, name="discard"),
]
