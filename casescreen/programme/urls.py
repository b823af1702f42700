from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.programme import views

app_name = "programme"

urlpatterns: list[URLPattern | URLResolver] = [
    path("programme/", views.programme_index, name="index"),
    path("programme/programme.csv", views.programme_csv, name="csv"),
    path("programme/programme.json", views.programme_json, name="json"),
]
