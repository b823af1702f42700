from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.accounts import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("account/password/", views.password_change, name="password_change"),
]
